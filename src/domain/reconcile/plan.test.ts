import { describe, expect, it } from 'vitest';
import type { Change } from '../changes.ts';
import { describePlan } from './describe.ts';
import { planReconciliation } from './plan.ts';
import { applyPlanToSnapshot } from './test-apply.ts';
import { buildSnapshot, ENTRA, planInput, sourceRecord } from './test-fixtures.ts';

type Audit = Extract<Change, { op: 'audit' }>;

function audits(changes: Change[]): Audit[] {
  return changes.filter((c): c is Audit => c.op === 'audit');
}

/** An account with something for every rule to do. */
function busyAccount() {
  return buildSnapshot({
    precedence: { bamboo: 1, entra: 2 },
    users: [
      {
        id: 1,
        identifiers: [{ type: 'upn', value: 'ann@acme.com', source: ENTRA }],
        displayName: { value: 'Ann', source: ENTRA },
      },
      {
        id: 2,
        identifiers: [{ type: 'email', value: 'taken@acme.com', source: 'manual' }],
        displayName: { value: 'Bo Taken', source: 'manual' },
      },
      { id: 3, identifiers: [{ type: 'employee_id', value: 'E3' }] },
      { id: 4, identifiers: [{ type: 'employee_id', value: 'E4' }] },
      {
        id: 5,
        identifiers: [{ type: 'upn', value: 'gone@acme.com', source: ENTRA }],
        groups: [{ group: 'Ops', source: ENTRA }],
      },
      { id: 6, identifiers: [{ type: 'upn', value: 'quit@acme.com', source: ENTRA }] },
    ],
    links: [
      { externalId: 'ann', userId: 1 },
      { externalId: 'gone', userId: 5 },
      { externalId: 'quit', userId: 6 },
    ],
    deletedDoNotTrack: [{ type: 'email', value: 'dnt@acme.com' }],
  });
}

function busyRecords() {
  return [
    sourceRecord('ann', {
      upns: ['ann.lee@acme.com'],
      emails: ['taken@acme.com', 'ann@acme.com'],
      displayName: 'Ann Lee',
      timeZone: 'Europe/Paris',
      groups: ['Sales'],
      primaryGroup: 'Sales',
    }),
    sourceRecord('new-1', { emails: ['cy@acme.com', 'shared@acme.com'], displayName: 'bo taken' }),
    sourceRecord('new-2', { emails: ['shared@acme.com', 'dee@acme.com'], timeZone: 'Not/AZone' }),
    sourceRecord('ambiguous', { employeeIds: ['E3', 'E4'] }),
    sourceRecord('dnt', { emails: ['dnt@acme.com'] }),
    sourceRecord('quit', { upns: ['quit@acme.com'], state: 'terminated' }),
    sourceRecord('bad-value', { upns: ['nope'], employeeIds: ['E9'] }),
  ];
}

const fullRun = { outcome: { mode: 'full' as const, complete: true } };

describe('audit', () => {
  it('writes one audit change per touched user, with before and after of what changed', () => {
    const plan = planReconciliation(planInput(busyAccount(), busyRecords(), fullRun));
    const entries = audits(plan.changes);
    const users = entries.map((entry) => entry.user);
    expect(new Set(users).size).toBe(users.length);
    expect(users.sort()).toEqual([1, 5, 6, 'new:1', 'new:2', 'new:3'].sort());
    const ann = entries.find((entry) => entry.user === 1);
    expect(ann).toMatchObject({
      action: 'sync',
      before: {
        displayName: 'Ann',
        identifiers: ['upn:ann@acme.com (connector:entra)'],
        timeZone: null,
      },
      after: {
        displayName: 'Ann Lee',
        timeZone: 'Europe/Paris',
        primaryGroup: 'Sales',
        identifiers: ['email:ann@acme.com (connector:entra)', 'upn:ann.lee@acme.com (connector:entra)'],
      },
    });
    expect(Object.keys(ann?.before ?? {})).not.toContain('tracking');
    const gone = entries.find((entry) => entry.user === 5);
    expect(gone).toMatchObject({ before: { links: ['entra:gone'] }, after: { links: [], groups: [] } });
    expect(entries.find((entry) => entry.user === 'new:1')).toMatchObject({
      before: null,
      after: { tracking: 'tracked' },
    });
    expect(plan.changes.at(-1)?.op).toBe('audit');
  });
});

describe('idempotence', () => {
  it('plans nothing the second time: apply, re-plan the same records, zero changes and the same conflicts', () => {
    const records = busyRecords();
    const first = planReconciliation(planInput(busyAccount(), records, fullRun));
    expect(first.changes.length).toBeGreaterThan(0);
    expect(first.conflicts.map((c) => c.kind).sort()).toEqual([
      'ambiguous_match',
      'display_name_in_use',
      'do_not_track',
      'duplicate_in_source',
      'identifier_in_use',
      'invalid_record',
      'invalid_record',
    ]);
    const { snapshot } = applyPlanToSnapshot(busyAccount(), first);
    const second = planReconciliation(planInput(snapshot, records, fullRun));
    expect(second.changes).toEqual([]);
    expect(second.conflicts.map((c) => c.fingerprint).sort()).toEqual(
      first.conflicts.map((c) => c.fingerprint).sort(),
    );
    expect(second.closeConflictIds).toEqual([]);
    expect(second.counts).toMatchObject({
      created: 0,
      updated: 0,
      linked: 0,
      identifiersAdded: 0,
      identifiersRemoved: 0,
    });
    expect(second.counts.unchanged + second.counts.skipped).toBe(records.length);
    expect(second.counts.skipped).toBe(first.counts.skipped);
  });

  it('skips every record by its hash on a third run once the conflicts are fixed at the source', () => {
    const records = [
      sourceRecord('a', { emails: ['a@acme.com'], displayName: 'A' }),
      sourceRecord('b', { employeeIds: ['EB'] }),
    ];
    const first = planReconciliation(planInput(buildSnapshot(), records));
    const { snapshot } = applyPlanToSnapshot(buildSnapshot(), first);
    const second = planReconciliation(planInput(snapshot, records));
    expect(second.counts.unchanged).toBe(2);
    expect(second.linkStates).toEqual([]);
  });
});

describe('describePlan', () => {
  it('describes creates, links, identifier adds and removes, attribute changes and conflicts', () => {
    const text = describePlan(planReconciliation(planInput(busyAccount(), busyRecords(), fullRun)));
    expect(text).toMatch(/^Counts: fetched 7, created 3/);
    expect(text).toContain('Creates:\n  new user new:1');
    expect(text).toContain('+ entra:new-1 -> new user new:1');
    expect(text).toContain('- entra:gone');
    expect(text).toContain(
      'user #1: + email:ann@acme.com (connector:entra); + upn:ann.lee@acme.com (connector:entra); - upn:ann@acme.com (connector:entra)',
    );
    expect(text).toContain('displayName "Ann" -> "Ann Lee"');
    expect(text).toContain('[ambiguous_match]');
  });

  it('says a blocked plan applies nothing, and why', () => {
    const input = planInput(busyAccount(), [], fullRun);
    input.policy.deletionThreshold = { count: 0, percent: 0 };
    const text = describePlan(planReconciliation(input));
    expect(text).toMatch(/BLOCKED: Deletion safeguard/);
    expect(text).toContain('Nothing will be applied.');
  });
});
