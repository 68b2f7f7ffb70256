import { describe, expect, it } from 'vitest';
import type { Change } from '../changes.ts';
import { hashSourceRecord } from './hash.ts';
import { planReconciliation } from './plan.ts';
import { buildSnapshot, ENTRA, normalized, planInput, sourceRecord } from './test-fixtures.ts';

function ops(changes: Change[], op: Change['op']): Change[] {
  return changes.filter((change) => change.op === op);
}

describe('hash skip', () => {
  it('costs an unchanged linked record only a hash compare: counted unchanged, no changes', () => {
    const record = sourceRecord('ext-1', { upns: ['ann@acme.com'], displayName: 'Ann' });
    const snapshot = buildSnapshot({
      users: [{ id: 1, identifiers: [{ type: 'upn', value: 'ann@acme.com', source: ENTRA }] }],
      links: [{ externalId: 'ext-1', userId: 1, contentHash: hashSourceRecord(record) }],
    });
    const plan = planReconciliation(planInput(snapshot, [record]));
    expect(plan.changes).toEqual([]);
    expect(plan.linkStates).toEqual([]);
    expect(plan.counts.unchanged).toBe(1);
  });

  it('plans a linked record again when its state changed even though its stored hash matches', () => {
    const record = sourceRecord('ext-1', { upns: ['ann@acme.com'] });
    const snapshot = buildSnapshot({
      users: [{ id: 1, identifiers: [{ type: 'upn', value: 'ann@acme.com', source: ENTRA }] }],
      links: [{ externalId: 'ext-1', userId: 1, contentHash: hashSourceRecord(record), state: 'disabled' }],
    });
    const plan = planReconciliation(planInput(snapshot, [record]));
    expect(plan.linkStates).toEqual([
      { externalId: 'ext-1', contentHash: hashSourceRecord(record), state: 'active' },
    ]);
  });
});

describe('linked records', () => {
  it('updates the linked user even when the record’s UPN changed', () => {
    const snapshot = buildSnapshot({
      users: [
        { id: 1, identifiers: [{ type: 'upn', value: 'ann@acme.com', source: ENTRA }] },
        { id: 2, identifiers: [{ type: 'email', value: 'other@acme.com' }] },
      ],
      links: [{ externalId: 'ext-1', userId: 1 }],
    });
    const plan = planReconciliation(
      planInput(snapshot, [sourceRecord('ext-1', { upns: ['ann.smith@acme.com'] })]),
    );
    expect(ops(plan.changes, 'addIdentifier')).toEqual([
      {
        op: 'addIdentifier',
        user: 1,
        identifier: normalized({ type: 'upn', value: 'ann.smith@acme.com' }),
        source: ENTRA,
      },
    ]);
    expect(ops(plan.changes, 'removeIdentifier')).toEqual([
      { op: 'removeIdentifier', identifierId: 1000, userId: 1 },
    ]);
    expect(ops(plan.changes, 'linkSource')).toEqual([]);
    expect(plan.counts).toMatchObject({ updated: 1, created: 0, linked: 0 });
  });
});

describe('unlinked records', () => {
  it('creates a tracked user for an unlinked record that matches nobody, and links it', () => {
    const plan = planReconciliation(
      planInput(buildSnapshot(), [sourceRecord('ext-1', { emails: ['bo@acme.com'] })]),
    );
    expect(plan.changes.slice(0, 2)).toEqual([
      { op: 'createUser', ref: 'new:1', tracking: 'tracked' },
      { op: 'linkSource', connectorId: 'entra', externalId: 'ext-1', user: 'new:1' },
    ]);
    expect(ops(plan.changes, 'addIdentifier')).toHaveLength(1);
    expect(plan.counts).toMatchObject({ created: 1, linked: 0 });
    expect(plan.linkStates[0]?.externalId).toBe('ext-1');
  });

  it('links an unlinked record that matches exactly one user on any of its identifiers', () => {
    const snapshot = buildSnapshot({
      users: [{ id: 7, identifiers: [{ type: 'employee_id', value: 'E7' }] }],
    });
    const record = sourceRecord('ext-1', { employeeIds: ['E7'], emails: ['cy@acme.com'] });
    const plan = planReconciliation(planInput(snapshot, [record]));
    expect(ops(plan.changes, 'createUser')).toEqual([]);
    expect(ops(plan.changes, 'linkSource')).toEqual([
      { op: 'linkSource', connectorId: 'entra', externalId: 'ext-1', user: 7 },
    ]);
    expect(
      ops(plan.changes, 'addIdentifier').map((c) => c.op === 'addIdentifier' && c.identifier.key),
    ).toEqual(['cy@acme.com']);
    expect(plan.counts.linked).toBe(1);
  });

  it('reports ambiguous_match naming which identifiers matched which user, linking nothing', () => {
    const snapshot = buildSnapshot({
      users: [
        { id: 1, identifiers: [{ type: 'upn', value: 'dee@acme.com' }] },
        { id: 2, identifiers: [{ type: 'employee_id', value: 'E2' }] },
      ],
    });
    const plan = planReconciliation(
      planInput(snapshot, [sourceRecord('ext-1', { upns: ['dee@acme.com'], employeeIds: ['E2'] })]),
    );
    expect(plan.changes).toEqual([]);
    expect(plan.conflicts).toHaveLength(1);
    expect(plan.conflicts[0]).toMatchObject({
      kind: 'ambiguous_match',
      userIds: [1, 2],
      externalIds: ['ext-1'],
    });
    expect(plan.conflicts[0]?.details).toEqual({
      matches: [
        { userId: 1, identifiers: [{ type: 'upn', value: 'dee@acme.com' }] },
        { userId: 2, identifiers: [{ type: 'employee_id', value: 'E2' }] },
      ],
    });
    expect(plan.counts.skipped).toBe(1);
  });

  it('drops an invalid identifier value with an invalid_record conflict for that record and applies the rest', () => {
    const record = sourceRecord('ext-1', { emails: ['not-an-address', 'ed@acme.com'] });
    const plan = planReconciliation(planInput(buildSnapshot(), [record]));
    expect(ops(plan.changes, 'addIdentifier')).toHaveLength(1);
    expect(plan.conflicts).toHaveLength(1);
    expect(plan.conflicts[0]).toMatchObject({
      kind: 'invalid_record',
      externalIds: ['ext-1'],
      identifier: { type: 'email', value: 'not-an-address' },
      details: { field: 'email', value: 'not-an-address' },
    });
    expect(plan.linkStates[0]?.contentHash).toBeNull();
  });

  it('flags an unlinked record with no usable identifier instead of creating a user nothing can match', () => {
    const plan = planReconciliation(
      planInput(buildSnapshot(), [sourceRecord('ext-1', { displayName: 'Nobody' })]),
    );
    expect(plan.changes).toEqual([]);
    expect(plan.conflicts[0]).toMatchObject({ kind: 'invalid_record', details: { field: 'identifiers' } });
    expect(plan.counts.skipped).toBe(1);
  });

  it('treats a second record of one source matching an already linked user as duplicate_in_source', () => {
    const snapshot = buildSnapshot({
      users: [{ id: 1, identifiers: [{ type: 'upn', value: 'fay@acme.com', source: ENTRA }] }],
      links: [{ externalId: 'ext-1', userId: 1 }],
    });
    const plan = planReconciliation(planInput(snapshot, [sourceRecord('ext-2', { upns: ['fay@acme.com'] })]));
    expect(plan.changes).toEqual([]);
    expect(plan.conflicts[0]).toMatchObject({
      kind: 'duplicate_in_source',
      externalIds: ['ext-1', 'ext-2'],
      userIds: [1],
    });
  });

  it('relinks the user of a record that vanished from a complete full run to its re-created record', () => {
    const snapshot = buildSnapshot({
      users: [{ id: 1, identifiers: [{ type: 'upn', value: 'gil@acme.com', source: ENTRA }] }],
      links: [{ externalId: 'old', userId: 1 }],
    });
    const plan = planReconciliation(
      planInput(snapshot, [sourceRecord('new', { upns: ['gil@acme.com'] })], {
        outcome: { mode: 'full', complete: true },
      }),
    );
    expect(ops(plan.changes, 'linkSource')).toEqual([
      { op: 'linkSource', connectorId: 'entra', externalId: 'new', user: 1 },
    ]);
    expect(ops(plan.changes, 'unlinkSource')).toEqual([
      { op: 'unlinkSource', connectorId: 'entra', externalId: 'old' },
    ]);
    expect(ops(plan.changes, 'removeIdentifier')).toEqual([]);
  });
});

describe('do not track', () => {
  it('creates no user for an unlinked record whose identifier is on the Do Not Track list', () => {
    const snapshot = buildSnapshot({ deletedDoNotTrack: [{ type: 'email', value: 'gone@acme.com' }] });
    const plan = planReconciliation(
      planInput(snapshot, [sourceRecord('ext-1', { upns: ['GONE@acme.com'], employeeIds: ['E9'] })]),
    );
    expect(plan.changes).toEqual([]);
    expect(plan.conflicts[0]).toMatchObject({ kind: 'do_not_track', externalIds: ['ext-1'] });
    expect(plan.counts.skipped).toBe(1);
  });

  it('links a record matching an untracked user without ever re-tracking it', () => {
    const snapshot = buildSnapshot({
      users: [{ id: 3, tracking: 'untracked', identifiers: [{ type: 'upn', value: 'hal@acme.com' }] }],
    });
    const plan = planReconciliation(planInput(snapshot, [sourceRecord('ext-1', { upns: ['hal@acme.com'] })]));
    expect(ops(plan.changes, 'createUser')).toEqual([]);
    expect(ops(plan.changes, 'setTracking')).toEqual([]);
    expect(ops(plan.changes, 'linkSource')).toHaveLength(1);
  });
});

describe('invalid records', () => {
  it('turns each invalid source record into an invalid_record conflict, counts it and goes on', () => {
    const plan = planReconciliation(
      planInput(buildSnapshot(), [sourceRecord('ok', { emails: ['ivy@acme.com'] })], {
        invalid: [
          { externalId: 'bad-1', reason: 'no mail or userPrincipalName' },
          { externalId: null, reason: 'record without an id' },
        ],
      }),
    );
    expect(plan.counts).toMatchObject({ invalid: 2, fetched: 3, created: 1 });
    expect(plan.conflicts.map((c) => [c.kind, c.externalIds])).toEqual([
      ['invalid_record', ['bad-1']],
      ['invalid_record', []],
    ]);
  });
});

describe('dangling links', () => {
  it('drops a link whose user no longer exists and plans the record as unlinked', () => {
    const snapshot = buildSnapshot({ links: [{ externalId: 'ext-1', userId: 99 }] });
    const plan = planReconciliation(planInput(snapshot, [sourceRecord('ext-1', { emails: ['z@acme.com'] })]));
    expect(plan.changes.slice(0, 3)).toEqual([
      { op: 'unlinkSource', connectorId: 'entra', externalId: 'ext-1' },
      { op: 'createUser', ref: 'new:1', tracking: 'tracked' },
      { op: 'linkSource', connectorId: 'entra', externalId: 'ext-1', user: 'new:1' },
    ]);
    expect(plan.removals.links).toBe(0);
  });
});
