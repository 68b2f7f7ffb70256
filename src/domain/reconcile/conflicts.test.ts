import { describe, expect, it } from 'vitest';
import type { ConflictReport } from '../changes.ts';
import { conflictFingerprint, duplicateInSource, identifierInUse } from './conflicts.ts';
import { planReconciliation } from './plan.ts';
import { buildSnapshot, normalized, planInput, sourceRecord } from './test-fixtures.ts';

const email = normalized({ type: 'email', value: 'x@acme.com' });

describe('conflict fingerprints', () => {
  it('fingerprints a conflict the same whatever the order of its records and whoever holds the value', () => {
    const a = duplicateInSource({ connectorId: 'entra', externalIds: ['b', 'a'], identifier: email });
    const b = duplicateInSource({
      connectorId: 'entra',
      externalIds: ['a', 'b'],
      identifier: normalized({ type: 'upn', value: 'X@ACME.COM' }),
    });
    expect(conflictFingerprint(a)).toBe(conflictFingerprint(b));
    const owner1 = identifierInUse({
      connectorId: 'entra',
      externalId: 'e',
      identifier: email,
      owners: [{ userId: 1, source: 'manual' }],
      target: 'new:1',
    });
    const owner2 = identifierInUse({
      connectorId: 'entra',
      externalId: 'e',
      identifier: email,
      owners: [{ userId: 9, source: 'manual' }],
      target: 4,
    });
    expect(conflictFingerprint(owner1)).toBe(conflictFingerprint(owner2));
  });

  it('fingerprints different causes differently: kind, value, records or connector', () => {
    const base: ConflictReport = duplicateInSource({
      connectorId: 'entra',
      externalIds: ['a', 'b'],
      identifier: email,
    });
    const variants: ConflictReport[] = [
      { ...base, kind: 'identifier_in_use' },
      { ...base, identifier: { type: 'email', value: 'y@acme.com' } },
      { ...base, externalIds: ['a', 'c'] },
      { ...base, connectors: ['bamboo'] },
    ];
    const fingerprints = new Set([base, ...variants].map(conflictFingerprint));
    expect(fingerprints.size).toBe(5);
  });

  it('tells apart invalid records without an id by their reason', () => {
    const plan = planReconciliation(
      planInput(buildSnapshot(), [], {
        invalid: [
          { externalId: null, reason: 'row 3: no id' },
          { externalId: null, reason: 'row 9: no id' },
        ],
      }),
    );
    expect(new Set(plan.conflicts.map((c) => c.fingerprint)).size).toBe(2);
  });
});

describe('closing conflicts', () => {
  const taken = buildSnapshot({
    users: [{ id: 2, identifiers: [{ type: 'email', value: 'x@acme.com' }] }],
  });

  function openFor(externalIds: string[], fingerprint = `fp-${externalIds.join('-')}`) {
    return { fingerprint, id: externalIds.length + 100, externalIds };
  }

  it('closes an open conflict of a record planned this run whose cause is gone', () => {
    const snapshot = buildSnapshot({ openConflicts: [openFor(['ext-1'])] });
    const plan = planReconciliation(planInput(snapshot, [sourceRecord('ext-1', { emails: ['a@acme.com'] })]));
    expect(plan.closeConflictIds).toEqual([101]);
  });

  it('keeps open a conflict this run produces again', () => {
    const record = sourceRecord('ext-1', { emails: ['x@acme.com', 'dup@acme.com'] });
    const other = sourceRecord('ext-2', { emails: ['dup@acme.com'] });
    const first = planReconciliation(planInput(taken, [record, other]));
    const [conflict] = first.conflicts;
    if (!conflict) throw new Error('expected a conflict');
    const snapshot = buildSnapshot({
      users: [{ id: 2, identifiers: [{ type: 'email', value: 'x@acme.com' }] }],
      openConflicts: [{ fingerprint: conflict.fingerprint, id: 7, externalIds: conflict.externalIds }],
    });
    const again = planReconciliation(planInput(snapshot, [record, other]));
    expect(again.closeConflictIds).toEqual([]);
  });

  it('keeps open a conflict whose records were not all planned in an incremental run', () => {
    const snapshot = buildSnapshot({ openConflicts: [openFor(['ext-1', 'ext-2'])] });
    const plan = planReconciliation(planInput(snapshot, [sourceRecord('ext-1', { emails: ['a@acme.com'] })]));
    expect(plan.closeConflictIds).toEqual([]);
  });

  it('closes every gone conflict of the connector after a complete full run, even of records not read', () => {
    const snapshot = buildSnapshot({ openConflicts: [openFor(['ext-9']), openFor([])] });
    const plan = planReconciliation(planInput(snapshot, [], { outcome: { mode: 'full', complete: true } }));
    expect(plan.closeConflictIds.sort()).toEqual([100, 101]);
  });

  it('stores a null content hash for a record with a conflict, so it is planned again next run', () => {
    const records = [
      sourceRecord('ext-1', { emails: ['x@acme.com'] }),
      sourceRecord('ext-2', { emails: ['b@acme.com'] }),
    ];
    const snapshot = buildSnapshot({
      users: [
        { id: 1, identifiers: [] },
        { id: 2, identifiers: [{ type: 'email', value: 'x@acme.com' }] },
      ],
      links: [{ externalId: 'ext-1', userId: 1 }],
    });
    const plan = planReconciliation(planInput(snapshot, records));
    expect(plan.linkStates.map((s) => [s.externalId, s.contentHash === null])).toEqual([
      ['ext-1', true],
      ['ext-2', false],
    ]);
  });
});
