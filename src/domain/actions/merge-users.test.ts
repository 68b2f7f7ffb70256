import { describe, expect, it } from 'vitest';
import { mergeUsers } from './merge-users.ts';
import {
  ALL_STATUSES,
  changesOf,
  context,
  daysAgo,
  expectChanges,
  expectRefusal,
  user,
} from './test-helpers.ts';

const primary = user({
  id: 1,
  status: 'active',
  displayName: 'Jane Doe',
  groups: ['Sales'],
  identifiers: [{ id: 11, type: 'upn', value: 'jane@acme.com' }],
  agents: [{ id: 101, username: 'jane', firstLog: daysAgo(30), lastLog: daysAgo(1) }],
});
const laptopRecord = user({
  id: 2,
  tracking: 'untracked',
  displayName: 'jdoe',
  timeZone: 'Europe/Berlin',
  primaryGroup: 'Support',
  groups: ['Sales', { group: 'Support', source: 'manual' }],
  identifiers: [
    { id: 21, type: 'device_login', value: 'jdoe', domain: 'ACME' },
    { id: 22, type: 'email', value: 'jane@acme.com' },
  ],
  agents: [{ id: 201, username: 'jdoe', firstLog: daysAgo(300), lastLog: daysAgo(40) }],
});
const hrRecord = user({
  id: 3,
  timeZone: 'America/New_York',
  identifiers: [
    { id: 31, type: 'employee_id', value: 'E-42', source: 'connector:hr' },
    { id: 32, type: 'upn', value: 'JANE@acme.com' },
  ],
});
const ctx = context([primary, laptopRecord, hrRecord]);

describe('merge user records', () => {
  it('merge users moves identifiers, memberships, agents and links to the primary, then deletes the others', () => {
    const changes = expectChanges(mergeUsers(ctx, { primaryUserId: 1, userIds: [1, 2, 3], confirm: true }));
    expect(changes.filter((c) => c.op !== 'audit' && c.op !== 'setAttributes')).toEqual([
      { op: 'moveIdentifier', identifierId: 21, fromUserId: 2, toUser: 1 },
      { op: 'moveIdentifier', identifierId: 22, fromUserId: 2, toUser: 1 },
      { op: 'addMembership', user: 1, group: 'Support', source: 'manual' },
      { op: 'assignAgent', agentId: 201, fromUserId: 2, toUser: 1 },
      { op: 'moveLinks', fromUserId: 2, toUser: 1 },
      { op: 'moveIdentifier', identifierId: 31, fromUserId: 3, toUser: 1 },
      // The primary already holds this UPN: the duplicate goes instead of being doubled.
      { op: 'removeIdentifier', identifierId: 32, userId: 3 },
      { op: 'moveLinks', fromUserId: 3, toUser: 1 },
      { op: 'deleteUser', userId: 2 },
      { op: 'deleteUser', userId: 3 },
    ]);
  });

  it('merge users deletes the merged-away records without putting their identifiers on the DNT list', () => {
    const changes = expectChanges(mergeUsers(ctx, { primaryUserId: 1, userIds: [2, 3], confirm: true }));
    expect(changesOf(changes, 'addDoNotTrack')).toEqual([]);
    expect(changesOf(changes, 'deleteUser').map((c) => c.userId)).toEqual([2, 3]);
  });

  it('merge users keeps the primary’s attributes and takes a missing one from the first secondary in order', () => {
    const changes = expectChanges(mergeUsers(ctx, { primaryUserId: 1, userIds: [3, 2], confirm: true }));
    expect(changesOf(changes, 'setAttributes')).toEqual([
      {
        op: 'setAttributes',
        user: 1,
        timeZone: { value: 'America/New_York', source: 'connector:entra' },
        primaryGroup: { value: 'Support', source: 'connector:entra' },
      },
    ]);
  });

  it('merge users sets inherited attributes only after the secondaries are deleted (a display name is never held twice)', () => {
    const nameless = user({ id: 4, status: 'active' });
    const changes = expectChanges(
      mergeUsers(context([nameless, laptopRecord]), { primaryUserId: 4, userIds: [2], confirm: true }),
    );
    const ops = changes.map((c) => c.op);
    expect(changesOf(changes, 'setAttributes')[0]?.displayName).toEqual({
      value: 'jdoe',
      source: 'connector:entra',
    });
    expect(ops.indexOf('setAttributes')).toBeGreaterThan(ops.indexOf('deleteUser'));
  });

  it('merge users keeps the primary’s tracking state', () => {
    const changes = expectChanges(mergeUsers(ctx, { primaryUserId: 1, userIds: [2], confirm: true }));
    expect(changesOf(changes, 'setTracking')).toEqual([]);
  });

  it('merge users optionally merges every agent into the one with the earliest first log', () => {
    const changes = expectChanges(
      mergeUsers(ctx, { primaryUserId: 1, userIds: [2, 3], mergeAgents: true, confirm: true }),
    );
    expect(changesOf(changes, 'mergeAgents')).toEqual([
      { op: 'mergeAgents', userId: 1, intoAgentId: 201, mergedAgentIds: [101] },
    ]);
    const ops = changes.map((c) => c.op);
    expect(ops.indexOf('mergeAgents')).toBeGreaterThan(ops.lastIndexOf('assignAgent'));
  });

  it('merge users with the agent option and a single agent in all has nothing to merge', () => {
    const changes = expectChanges(
      mergeUsers(ctx, { primaryUserId: 3, userIds: [1], mergeAgents: true, confirm: true }),
    );
    expect(changesOf(changes, 'mergeAgents')).toEqual([]);
  });

  it('merge users without the agent option leaves the agents separate', () => {
    const changes = expectChanges(mergeUsers(ctx, { primaryUserId: 1, userIds: [2], confirm: true }));
    expect(changesOf(changes, 'mergeAgents')).toEqual([]);
  });

  it('merge users writes one audit entry per user involved', () => {
    const changes = expectChanges(mergeUsers(ctx, { primaryUserId: 1, userIds: [2, 3], confirm: true }));
    const audits = changesOf(changes, 'audit');
    expect(audits.map((a) => [a.user, a.action])).toEqual([
      [1, 'merge_users'],
      [2, 'merge_users'],
      [3, 'merge_users'],
    ]);
    expect(audits[0]?.after).toMatchObject({
      mergedUserIds: [2, 3],
      identifiersAdded: [
        { type: 'device_login', value: 'jdoe', domain: 'ACME' },
        { type: 'email', value: 'jane@acme.com' },
        { type: 'employee_id', value: 'E-42', source: 'connector:hr' },
      ],
      groupsAdded: [{ group: 'Support', source: 'manual' }],
    });
    expect(audits[2]).toMatchObject({ before: { timeZone: 'America/New_York' }, after: { mergedInto: 1 } });
  });

  it.each(ALL_STATUSES)('merge users is allowed for %s users', (status) => {
    const a = user({ id: 5, status });
    const b = user({ id: 6, status });
    expectChanges(mergeUsers(context([a, b]), { primaryUserId: 5, userIds: [6], confirm: true }));
  });

  it('merge users takes up to ten users', () => {
    const users = Array.from({ length: 10 }, (_, i) => user({ id: i + 1 }));
    const changes = expectChanges(
      mergeUsers(context(users), { primaryUserId: 1, userIds: users.map((u) => u.id), confirm: true }),
    );
    expect(changesOf(changes, 'deleteUser')).toHaveLength(9);
  });

  it('merge users is refused for more than ten users', () => {
    const users = Array.from({ length: 11 }, (_, i) => user({ id: i + 1 }));
    const error = expectRefusal(
      mergeUsers(context(users), { primaryUserId: 1, userIds: users.map((u) => u.id), confirm: true }),
      'invalid_selection',
    );
    expect(error.details).toEqual({ count: 11 });
  });

  it('merge users is refused for the primary alone', () => {
    expectRefusal(mergeUsers(ctx, { primaryUserId: 1, userIds: [1], confirm: true }), 'invalid_selection');
  });

  it('merge users is refused when a user is selected twice', () => {
    expectRefusal(mergeUsers(ctx, { primaryUserId: 1, userIds: [2, 2], confirm: true }), 'invalid_selection');
  });

  it('merge users is refused for an unknown user', () => {
    expectRefusal(mergeUsers(ctx, { primaryUserId: 1, userIds: [2, 99], confirm: true }), 'not_found');
  });

  it('merge users is refused for an unknown primary', () => {
    expectRefusal(mergeUsers(ctx, { primaryUserId: 99, userIds: [2], confirm: true }), 'not_found');
  });

  it('merge users is refused without confirmation', () => {
    expectRefusal(mergeUsers(ctx, { primaryUserId: 1, userIds: [2] }), 'confirmation_required');
  });
});
