import { describe, expect, it } from 'vitest';
import type { Change } from '../changes.ts';
import { licensesOf } from '../status.ts';
import type { UserRecord } from '../types.ts';
import { assignAgent, mergeAgents } from './agents.ts';
import { NEW_USER_REF } from './context.ts';
import {
  ALL_STATUSES,
  changesOf,
  context,
  daysAgo,
  expectChanges,
  expectRefusal,
  user,
} from './test-helpers.ts';

const from = user({
  id: 1,
  status: 'active',
  identifiers: [{ type: 'device_login', value: 'jsmith', domain: 'ACME' }],
  agents: [{ id: 101, username: 'jsmith', lastLog: daysAgo(2) }],
});
const to = user({ id: 2, displayName: 'John Smith', status: 'inactive' });

/** Applies assignAgent changes to in-memory records, to compare license use before and after. */
function applyAssignments(users: UserRecord[], changes: Change[]): UserRecord[] {
  const moved = changesOf(changes, 'assignAgent');
  const agents = users.flatMap((u) => u.agents);
  return users.map((u) => ({
    ...u,
    agents: agents.filter((a) => {
      const move = moved.find((m) => m.agentId === a.id);
      return move ? move.toUser === u.id : a.userId === u.id;
    }),
  }));
}

describe('assign agent', () => {
  it.each(ALL_STATUSES)(
    'assign agent is allowed from and to an %s user, moving it with its history',
    (status) => {
      const owner = user({
        id: 1,
        status,
        agents: [{ id: 101, username: 'jsmith', hasData: status !== 'unlicensed' }],
      });
      const target = user({ id: 2, status });
      const changes = expectChanges(assignAgent(context([owner, target]), 101, { userId: 2 }));
      expect(changes[0]).toEqual({ op: 'assignAgent', agentId: 101, fromUserId: 1, toUser: 2 });
      expect(changesOf(changes, 'audit').map((a) => [a.user, a.action])).toEqual([
        [1, 'assign_agent'],
        [2, 'assign_agent'],
      ]);
    },
  );

  it('assign agent leaves license use unchanged', () => {
    const users = [from, to];
    const changes = expectChanges(assignAgent(context(users), 101, { userId: 2 }));
    const total = (records: UserRecord[]) => records.reduce((sum, u) => sum + licensesOf(u), 0);
    const after = applyAssignments(users, changes);
    expect(total(after)).toBe(total(users));
    expect(licensesOf(after[1]!)).toBe(licensesOf(to) + 1);
    expect(changes.some((c) => c.op === 'resetUserData' || c.op === 'mergeAgents')).toBe(false);
  });

  it('assign agent to a new user creates it with its identifiers, then moves the agent', () => {
    const changes = expectChanges(
      assignAgent(context([from, to]), 101, {
        newUser: { displayName: 'Jo Smith', identifiers: [{ type: 'upn', value: 'jo@acme.com' }] },
      }),
    );
    expect(changes.map((c) => c.op)).toEqual([
      'createUser',
      'addIdentifier',
      'assignAgent',
      'audit',
      'audit',
    ]);
    expect(changesOf(changes, 'assignAgent')).toEqual([
      { op: 'assignAgent', agentId: 101, fromUserId: 1, toUser: NEW_USER_REF },
    ]);
  });

  it('assign agent to a new user is refused like add user (an identifier owned by another user)', () => {
    const error = expectRefusal(
      assignAgent(context([from, to]), 101, {
        newUser: { identifiers: [{ type: 'device_login', value: 'jsmith', domain: '*' }] },
      }),
      'identifier_in_use',
    );
    expect(error.details).toMatchObject({ userId: 1 });
  });

  it('assign agent is refused while the owner holds an email matching the agent username, listing it', () => {
    const owner = user({
      id: 1,
      status: 'active',
      identifiers: [
        { type: 'email', value: 'jsmith@acme.com' },
        { type: 'email', value: 'sales@acme.com' },
      ],
      agents: [{ id: 101, username: 'jsmith' }],
    });
    const error = expectRefusal(
      assignAgent(context([owner, to]), 101, { userId: 2 }),
      'conflicting_identifiers',
    );
    expect(error.details).toMatchObject({
      agentId: 101,
      userId: 1,
      identifiers: [{ type: 'email', value: 'jsmith@acme.com' }],
    });
    expect(error.message).toContain('jsmith@acme.com');
  });

  it('assign agent is refused while the owner holds a UPN equal to an address-form agent username', () => {
    const owner = user({
      id: 1,
      identifiers: [{ type: 'upn', value: 'JSmith@acme.com' }],
      agents: [{ id: 101, username: 'jsmith@acme.com', logonDomain: 'AzureAD' }],
    });
    const error = expectRefusal(
      assignAgent(context([owner, to]), 101, { userId: 2 }),
      'conflicting_identifiers',
    );
    expect(error.details?.identifiers).toEqual([{ type: 'upn', value: 'JSmith@acme.com' }]);
  });

  it('assign agent is refused while the owner’s employee ID and display name match the username, listing both', () => {
    const owner = user({
      id: 1,
      displayName: 'JSMITH',
      identifiers: [{ type: 'employee_id', value: 'jsmith' }],
      agents: [{ id: 101, username: 'jsmith' }],
    });
    const error = expectRefusal(
      assignAgent(context([owner, to]), 101, { userId: 2 }),
      'conflicting_identifiers',
    );
    expect(error.details?.identifiers).toEqual([
      { type: 'employee_id', value: 'jsmith' },
      { type: 'display_name', value: 'JSMITH' },
    ]);
  });

  it('assign agent is not blocked by the owner’s device login for that agent (an auto-created record)', () => {
    expectChanges(assignAgent(context([from, to]), 101, { userId: 2 }));
  });

  it('assign agent is refused when the agent already belongs to the target user', () => {
    expectRefusal(assignAgent(context([from, to]), 101, { userId: 1 }), 'invalid_selection');
  });

  it('assign agent is refused for an unknown agent', () => {
    expectRefusal(assignAgent(context([from, to]), 999, { userId: 2 }), 'not_found');
  });

  it('assign agent is refused for an unknown target user', () => {
    expectRefusal(assignAgent(context([from, to]), 101, { userId: 99 }), 'not_found');
  });
});

describe('merge agents', () => {
  const laptop = { id: 11, username: 'jsmith', firstLog: daysAgo(50), lastLog: daysAgo(1) };
  const desktop = {
    id: 12,
    username: 'jsmith',
    logonDomain: 'CORP',
    firstLog: daysAgo(200),
    lastLog: daysAgo(3),
  };
  const vm = { id: 13, username: 'js', firstLog: daysAgo(10), lastLog: daysAgo(100) };

  it.each([
    ['Active', daysAgo(1)],
    ['Inactive', daysAgo(60)],
  ] as const)(
    'merge agents is allowed for an %s user, into the agent with the earliest first log',
    (_, last) => {
      const owner = user({ id: 1, agents: [{ ...laptop, lastLog: last }, desktop, vm] });
      const changes = expectChanges(mergeAgents(context([owner]), 1, [11, 12, 13], true));
      expect(changes[0]).toEqual({ op: 'mergeAgents', userId: 1, intoAgentId: 12, mergedAgentIds: [11, 13] });
      expect(changesOf(changes, 'audit')).toEqual([
        expect.objectContaining({
          user: 1,
          action: 'merge_agents',
          after: { intoAgentId: 12, mergedAgentIds: [11, 13] },
        }),
      ]);
    },
  );

  it('merge agents is refused for an Unlicensed user', () => {
    const owner = user({
      id: 1,
      agents: [
        { ...laptop, hasData: false },
        { ...desktop, hasData: false },
      ],
    });
    const error = expectRefusal(mergeAgents(context([owner]), 1, [11, 12], true), 'not_allowed_for_status');
    expect(error.details).toMatchObject({ status: 'unlicensed', allowed: ['active', 'inactive'] });
  });

  it('merge agents is refused without confirmation', () => {
    const owner = user({ id: 1, agents: [laptop, desktop] });
    expectRefusal(mergeAgents(context([owner]), 1, [11, 12], false), 'confirmation_required');
  });

  it('merge agents is refused for fewer than two distinct agents', () => {
    const owner = user({ id: 1, agents: [laptop, desktop] });
    expectRefusal(mergeAgents(context([owner]), 1, [11, 11], true), 'invalid_selection');
  });

  it('merge agents is refused for an agent of another user', () => {
    const owner = user({ id: 1, agents: [laptop, desktop] });
    const other = user({ id: 2, agents: [vm] });
    const error = expectRefusal(mergeAgents(context([owner, other]), 1, [11, 13], true), 'invalid_selection');
    expect(error.details).toMatchObject({ agentId: 13, userId: 2 });
  });

  it('merge agents is refused for an unknown agent', () => {
    const owner = user({ id: 1, agents: [laptop, desktop] });
    expectRefusal(mergeAgents(context([owner]), 1, [11, 999], true), 'not_found');
  });

  it('merge agents is refused for an unknown user', () => {
    expectRefusal(mergeAgents(context([]), 1, [11, 12], true), 'not_found');
  });
});
