import { describe, expect, it } from 'vitest';
import type { Change } from '../changes.ts';
import type { SourcedValue } from '../types.ts';
import { planReconciliation } from './plan.ts';
import { buildSnapshot, ENTRA, planInput, sourceRecord, type UserSeed } from './test-fixtures.ts';

type Patch = Extract<Change, { op: 'setAttributes' }>;

function patches(changes: Change[]): Patch[] {
  return changes.filter((c): c is Patch => c.op === 'setAttributes');
}

function memberships(changes: Change[]): string[] {
  return changes.flatMap((c) =>
    c.op === 'addMembership' || c.op === 'removeMembership' ? [`${c.op}:${c.group}:${c.source}`] : [],
  );
}

/** User 1, linked as ext-1 to entra (precedence 2); bamboo ranks 1 (wins), csv ranks 3. */
function linkedUser(seed: Omit<UserSeed, 'id'>, otherUsers: UserSeed[] = []) {
  return buildSnapshot({
    precedence: { bamboo: 1, entra: 2, csv: 3 },
    users: [{ id: 1, identifiers: [], ...seed }, ...otherUsers],
    links: [{ externalId: 'ext-1', userId: 1 }],
  });
}

const by = (source: SourcedValue<string>['source'], value: string): SourcedValue<string> => ({
  value,
  source,
});

describe('display_name_in_use', () => {
  it('refuses a display name another user holds (case-insensitively), naming both users; the rest applies', () => {
    const snapshot = linkedUser({}, [{ id: 2, displayName: by('manual', 'Ann Lee') }]);
    const record = sourceRecord('ext-1', { displayName: 'ANN LEE', timeZone: 'Europe/Paris' });
    const plan = planReconciliation(planInput(snapshot, [record]));
    expect(patches(plan.changes)).toEqual([
      { op: 'setAttributes', user: 1, timeZone: { value: 'Europe/Paris', source: ENTRA } },
    ]);
    expect(plan.conflicts[0]).toMatchObject({
      kind: 'display_name_in_use',
      userIds: [2, 1],
      connectors: ['entra'],
      externalIds: ['ext-1'],
    });
  });

  it('gives a display name to the first record of the run that asks and refuses it to the next', () => {
    const records = [
      sourceRecord('a', { emails: ['a@acme.com'], displayName: 'Sam Roe' }),
      sourceRecord('b', { emails: ['b@acme.com'], displayName: 'sam roe' }),
    ];
    const plan = planReconciliation(planInput(buildSnapshot(), records));
    expect(patches(plan.changes).map((p) => [p.user, p.displayName?.value])).toEqual([['new:1', 'Sam Roe']]);
    expect(plan.conflicts[0]).toMatchObject({ kind: 'display_name_in_use', userIds: ['new:1', 'new:2'] });
  });

  it('lets a user change the case of its own display name', () => {
    const snapshot = linkedUser({ displayName: by(ENTRA, 'ann lee') });
    const plan = planReconciliation(planInput(snapshot, [sourceRecord('ext-1', { displayName: 'Ann Lee' })]));
    expect(plan.conflicts).toEqual([]);
    expect(patches(plan.changes)[0]?.displayName).toEqual({ value: 'Ann Lee', source: ENTRA });
  });
});

describe('attribute precedence', () => {
  it('never overwrites a value an admin set manually', () => {
    const snapshot = linkedUser({
      displayName: by('manual', 'Admin Name'),
      timeZone: by('manual', 'Asia/Tokyo'),
    });
    const record = sourceRecord('ext-1', { displayName: 'Source Name', timeZone: 'Europe/Paris' });
    expect(patches(planReconciliation(planInput(snapshot, [record])).changes)).toEqual([]);
  });

  it('overwrites a value set by a lower-ranked connector (higher precedence number)', () => {
    const snapshot = linkedUser({ displayName: by('connector:csv', 'From CSV') });
    const plan = planReconciliation(
      planInput(snapshot, [sourceRecord('ext-1', { displayName: 'From Entra' })]),
    );
    expect(patches(plan.changes)[0]?.displayName).toEqual({ value: 'From Entra', source: ENTRA });
  });

  it('keeps a value set by a higher-ranked connector (lower precedence number)', () => {
    const snapshot = linkedUser({ timeZone: by('connector:bamboo', 'America/Denver') });
    const plan = planReconciliation(
      planInput(snapshot, [sourceRecord('ext-1', { timeZone: 'Europe/Paris' })]),
    );
    expect(patches(plan.changes)).toEqual([]);
  });

  it('ranks a connector missing from the precedence map below every configured one', () => {
    const snapshot = linkedUser({ displayName: by('connector:retired', 'Old Name') });
    const plan = planReconciliation(
      planInput(snapshot, [sourceRecord('ext-1', { displayName: 'New Name' })]),
    );
    expect(patches(plan.changes)[0]?.displayName?.value).toBe('New Name');
  });

  it('clears a value it set itself when the record stops giving it, but not someone else’s', () => {
    const snapshot = linkedUser({
      displayName: by(ENTRA, 'Gone Name'),
      timeZone: by('connector:csv', 'Europe/Oslo'),
    });
    const plan = planReconciliation(planInput(snapshot, [sourceRecord('ext-1', {})]));
    expect(patches(plan.changes)).toEqual([
      { op: 'setAttributes', user: 1, displayName: { value: null, source: null } },
    ]);
  });

  it('drops an invalid time zone with an invalid_record conflict naming the field, applying the rest', () => {
    const snapshot = linkedUser({ timeZone: by(ENTRA, 'Europe/Oslo') });
    const record = sourceRecord('ext-1', { timeZone: 'Mars/Olympus', displayName: 'Val Ray' });
    const plan = planReconciliation(planInput(snapshot, [record]));
    expect(patches(plan.changes)).toEqual([
      { op: 'setAttributes', user: 1, displayName: { value: 'Val Ray', source: ENTRA } },
    ]);
    expect(plan.conflicts[0]).toMatchObject({
      kind: 'invalid_record',
      externalIds: ['ext-1'],
      details: { field: 'timeZone', value: 'Mars/Olympus' },
    });
  });
});

describe('groups and primary group', () => {
  it('adds and removes only its own group memberships', () => {
    const snapshot = linkedUser({
      groups: [
        { group: 'Sales', source: ENTRA },
        { group: 'Old', source: ENTRA },
        { group: 'Sales', source: 'connector:bamboo' },
        { group: 'Admins', source: 'manual' },
      ],
    });
    const plan = planReconciliation(
      planInput(snapshot, [sourceRecord('ext-1', { groups: ['Sales', 'Support'] })]),
    );
    expect(memberships(plan.changes)).toEqual([
      'addMembership:Support:connector:entra',
      'removeMembership:Old:connector:entra',
    ]);
  });

  it('makes the primary group one of the user’s groups', () => {
    const plan = planReconciliation(
      planInput(linkedUser({}), [sourceRecord('ext-1', { groups: ['Ops'], primaryGroup: 'Engineering' })]),
    );
    expect(memberships(plan.changes)).toEqual([
      'addMembership:Ops:connector:entra',
      'addMembership:Engineering:connector:entra',
    ]);
    expect(patches(plan.changes)[0]?.primaryGroup).toEqual({ value: 'Engineering', source: ENTRA });
  });

  it('clears a primary group whose membership is gone', () => {
    const snapshot = linkedUser({
      groups: [{ group: 'Ops', source: ENTRA }],
      primaryGroup: by('manual', 'Ops'),
    });
    const plan = planReconciliation(planInput(snapshot, [sourceRecord('ext-1', { groups: [] })]));
    expect(memberships(plan.changes)).toEqual(['removeMembership:Ops:connector:entra']);
    expect(patches(plan.changes)[0]?.primaryGroup).toEqual({ value: null, source: null });
  });
});
