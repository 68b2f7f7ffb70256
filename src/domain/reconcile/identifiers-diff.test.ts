import { describe, expect, it } from 'vitest';
import type { Change } from '../changes.ts';
import { planReconciliation } from './plan.ts';
import { buildSnapshot, ENTRA, planInput, sourceRecord } from './test-fixtures.ts';

function added(changes: Change[]): string[] {
  return changes.flatMap((c) =>
    c.op === 'addIdentifier' ? [`${c.user}:${c.identifier.type}:${c.identifier.key}`] : [],
  );
}

function removed(changes: Change[]): number[] {
  return changes.flatMap((c) => (c.op === 'removeIdentifier' ? [c.identifierId] : []));
}

describe('identifier diff by provenance', () => {
  it('adds only the values the user does not already hold (same type and key)', () => {
    const snapshot = buildSnapshot({
      users: [{ id: 1, identifiers: [{ type: 'email', value: 'Ann@Acme.com', source: 'manual' }] }],
      links: [{ externalId: 'ext-1', userId: 1 }],
    });
    const record = sourceRecord('ext-1', {
      emails: ['ann@acme.com'],
      upns: ['ann@acme.com'],
      employeeIds: ['E1'],
    });
    const plan = planReconciliation(planInput(snapshot, [record]));
    expect(added(plan.changes)).toEqual(['1:upn:ann@acme.com', '1:employee_id:E1']);
    expect(plan.conflicts).toEqual([]);
  });

  it('removes only identifiers this connector asserted; never manual, auto-detected, agent or other connectors’ ones', () => {
    const snapshot = buildSnapshot({
      users: [
        {
          id: 1,
          identifiers: [
            { type: 'email', value: 'old@acme.com', source: ENTRA }, // 1000: ours, no longer given
            { type: 'email', value: 'manual@acme.com', source: 'manual' },
            { type: 'email', value: 'seen@acme.com', source: 'auto_detected' },
            { type: 'upn', value: 'login@acme.com', source: 'agent' },
            { type: 'employee_id', value: 'E1', source: 'connector:bamboo' },
            { type: 'email', value: 'kept@acme.com', source: ENTRA },
          ],
        },
      ],
      links: [{ externalId: 'ext-1', userId: 1 }],
    });
    const plan = planReconciliation(
      planInput(snapshot, [sourceRecord('ext-1', { emails: ['kept@acme.com'] })]),
    );
    expect(removed(plan.changes)).toEqual([1000]);
    expect(plan.counts.identifiersRemoved).toBe(1);
  });
});

describe('identifier_in_use', () => {
  it('refuses an identifier owned by another user, naming both users and the connector, and applies the rest', () => {
    const snapshot = buildSnapshot({
      users: [
        { id: 1, identifiers: [] },
        { id: 2, identifiers: [{ type: 'email', value: 'shared@acme.com', source: 'manual' }] },
      ],
      links: [{ externalId: 'ext-1', userId: 1 }],
    });
    const record = sourceRecord('ext-1', { emails: ['shared@acme.com', 'own@acme.com'] });
    const plan = planReconciliation(planInput(snapshot, [record]));
    expect(added(plan.changes)).toEqual(['1:email:own@acme.com']);
    expect(plan.conflicts).toHaveLength(1);
    expect(plan.conflicts[0]).toMatchObject({
      kind: 'identifier_in_use',
      userIds: [2, 1],
      connectors: ['entra'],
      externalIds: ['ext-1'],
      identifier: { type: 'email', value: 'shared@acme.com' },
      details: { owners: [{ userId: 2, source: 'manual' }] },
    });
  });

  it('treats a device login with domain * as colliding with every domain of that username', () => {
    const snapshot = buildSnapshot({
      users: [
        { id: 1, identifiers: [] },
        { id: 2, identifiers: [{ type: 'device_login', value: 'jdoe', domain: 'ACME' }] },
      ],
      links: [{ externalId: 'ext-1', userId: 1 }],
    });
    const record = sourceRecord('ext-1', { deviceLogins: [{ username: 'JDoe', domain: '*' }] });
    const plan = planReconciliation(planInput(snapshot, [record]));
    expect(added(plan.changes)).toEqual([]);
    expect(plan.conflicts[0]).toMatchObject({ kind: 'identifier_in_use', userIds: [2, 1] });
  });

  it('lets a value move between two users in one run: the record that drops it releases it first', () => {
    const snapshot = buildSnapshot({
      users: [
        { id: 1, identifiers: [] },
        { id: 2, identifiers: [{ type: 'email', value: 'desk@acme.com', source: ENTRA }] },
      ],
      links: [
        { externalId: 'gets', userId: 1 },
        { externalId: 'drops', userId: 2 },
      ],
    });
    // The record that gains the value comes first: without the release pass it would be refused.
    const plan = planReconciliation(
      planInput(snapshot, [
        sourceRecord('gets', { emails: ['desk@acme.com'] }),
        sourceRecord('drops', { emails: [] }),
      ]),
    );
    expect(plan.conflicts).toEqual([]);
    expect(added(plan.changes)).toEqual(['1:email:desk@acme.com']);
    const ops = plan.changes.map((c) => c.op);
    expect(ops.indexOf('removeIdentifier')).toBeLessThan(ops.indexOf('addIdentifier'));
  });
});

describe('duplicate_in_source', () => {
  it('gives a value claimed by two records of one run to neither, with one conflict listing both', () => {
    const records = [
      sourceRecord('a', { emails: ['dup@acme.com', 'a@acme.com'] }),
      sourceRecord('b', { upns: ['DUP@acme.com'], employeeIds: ['EB'] }),
    ];
    const plan = planReconciliation(planInput(buildSnapshot(), records));
    expect(added(plan.changes)).toEqual(['new:1:email:a@acme.com', 'new:2:employee_id:EB']);
    expect(plan.conflicts).toHaveLength(1);
    expect(plan.conflicts[0]).toMatchObject({ kind: 'duplicate_in_source', externalIds: ['a', 'b'] });
    expect(plan.linkStates.map((state) => state.contentHash)).toEqual([null, null]);
  });

  it('counts this plan’s own assignments and releases as ownership: a value released earlier in the run is free', () => {
    const snapshot = buildSnapshot({
      users: [{ id: 1, identifiers: [{ type: 'employee_id', value: 'E-OLD', source: ENTRA }] }],
      links: [{ externalId: 'a', userId: 1 }],
    });
    // 'a' gives up E-OLD (its HR number changed); 'b' is new and carries E-OLD: it must not be
    // matched to user 1 (the stored owner) but to nobody, so it gets a user of its own.
    const records = [
      sourceRecord('b', { employeeIds: ['E-OLD'] }),
      sourceRecord('a', { employeeIds: ['E-NEW'] }),
    ];
    const plan = planReconciliation(planInput(snapshot, records));
    expect(plan.conflicts).toEqual([]);
    expect(added(plan.changes)).toEqual(['new:1:employee_id:E-OLD', '1:employee_id:E-NEW']);
    expect(plan.counts).toMatchObject({ created: 1, updated: 1, linked: 0 });
  });

  it('lets a record keep a disputed value it already holds, while the newcomer does not get it', () => {
    const snapshot = buildSnapshot({
      users: [{ id: 1, identifiers: [{ type: 'email', value: 'x@acme.com', source: ENTRA }] }],
      links: [{ externalId: 'a', userId: 1 }],
    });
    const records = [
      sourceRecord('a', { emails: ['x@acme.com'], displayName: 'Changed' }),
      sourceRecord('b', { emails: ['x@acme.com'] }),
    ];
    const plan = planReconciliation(planInput(snapshot, records));
    expect(removed(plan.changes)).toEqual([]);
    expect(added(plan.changes)).toEqual([]);
    expect(plan.conflicts.map((c) => [c.kind, c.externalIds])).toEqual([['duplicate_in_source', ['a', 'b']]]);
  });
});
