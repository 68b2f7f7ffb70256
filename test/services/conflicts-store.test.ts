import { describe, expect, it } from 'vitest';
import { conflictFingerprint } from '../../src/domain/reconcile/conflicts.ts';
import {
  closeConflicts,
  getConflict,
  listConflicts,
  openConflictsOf,
  type StoredConflictReport,
  upsertConflicts,
} from '../../src/store/conflicts.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { NOW, useDatabase } from './fixtures.ts';

const LATER = new Date(NOW.getTime() + 3_600_000);

function inUse(
  value: string,
  userIds: number[],
  externalId = 'e1',
  connector = 'entra',
): StoredConflictReport {
  const report = {
    kind: 'identifier_in_use' as const,
    identifier: { type: 'email' as const, value },
    userIds,
    connectors: [connector],
    externalIds: [externalId],
    message: `${value} belongs to another user`,
    details: { seenAt: 'first' },
  };
  return { ...report, fingerprint: conflictFingerprint(report) };
}

describe.each(DATABASE_KINDS)('conflict store on %s', (kind) => {
  const database = useDatabase(kind);

  it('opens one conflict per cause and, when the cause is seen again, only moves last seen and refreshes it', async () => {
    const { db } = database();
    const first = await upsertConflicts(db, [inUse('a@acme.com', [1, 2])], {
      connectorId: 'entra',
      now: NOW,
    });
    expect(first).toEqual({ opened: 1, seen: 0, stillDismissed: 0 });
    const again = { ...inUse('A@acme.com', [1, 3]), message: 'refreshed', details: { seenAt: 'second' } };
    const second = await upsertConflicts(db, [again], { connectorId: 'entra', now: LATER });
    expect(second).toEqual({ opened: 0, seen: 1, stillDismissed: 0 });

    const [conflict, ...others] = await listConflicts(db);
    expect(others).toEqual([]);
    expect(conflict).toMatchObject({
      kind: 'identifier_in_use',
      status: 'open',
      identifier: { type: 'email', value: 'A@acme.com' },
      userIds: [1, 3],
      connectors: ['entra'],
      externalIds: ['e1'],
      message: 'refreshed',
      details: { seenAt: 'second' },
      firstSeen: NOW.toISOString(),
      lastSeen: LATER.toISOString(),
      connectorId: 'entra',
      closedAt: null,
      resolution: null,
    });
  });

  it('records reports of one batch sharing a cause as one conflict naming all their users and records', async () => {
    const { db } = database();
    const a = inUse('dup@acme.com', [1, 2], 'e1');
    const b = { ...inUse('dup@acme.com', [3, 2], 'e1'), fingerprint: a.fingerprint, externalIds: ['e2'] };
    const result = await upsertConflicts(db, [a, b], { connectorId: 'entra', now: NOW });
    expect(result.opened).toBe(1);
    const [conflict] = await listConflicts(db);
    expect(conflict?.userIds).toEqual([1, 2, 3]);
    expect(conflict?.externalIds).toEqual(['e1', 'e2']);
  });

  it('refuses a conflict naming a user the plan has not created yet', async () => {
    const { db } = database();
    const report = { ...inUse('x@acme.com', [1]), userIds: [1, 'new:agent-1' as const] };
    await expect(upsertConflicts(db, [report], { connectorId: null, now: NOW })).rejects.toThrow(
      /new:agent-1/,
    );
  });

  it('keeps a dismissed cause dismissed when it is seen again, moving its last seen', async () => {
    const { db } = database();
    await upsertConflicts(db, [inUse('d@acme.com', [1, 2])], { connectorId: 'entra', now: NOW });
    const [open] = await listConflicts(db);
    await closeConflicts(db, [open!.id], { by: 'admin', action: 'dismiss' }, 'dismissed', NOW);
    const result = await upsertConflicts(db, [inUse('d@acme.com', [1, 2])], {
      connectorId: 'entra',
      now: LATER,
    });
    expect(result).toEqual({ opened: 0, seen: 0, stillDismissed: 1 });
    const all = await listConflicts(db);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ status: 'dismissed', lastSeen: LATER.toISOString() });
  });

  it('opens a new conflict when a resolved cause comes back', async () => {
    const { db } = database();
    await upsertConflicts(db, [inUse('r@acme.com', [1, 2])], { connectorId: 'entra', now: NOW });
    const [first] = await listConflicts(db);
    await closeConflicts(db, [first!.id], { by: 'sync', action: 'gone' }, 'resolved', NOW);
    const result = await upsertConflicts(db, [inUse('r@acme.com', [1, 2])], {
      connectorId: 'entra',
      now: LATER,
    });
    expect(result.opened).toBe(1);
    expect((await listConflicts(db, { status: 'open' })).map((c) => c.id)).not.toContain(first!.id);
    expect(await listConflicts(db, { status: 'resolved' })).toHaveLength(1);
  });

  it('closes only conflicts that are still open, with their resolution and time', async () => {
    const { db } = database();
    await upsertConflicts(db, [inUse('c1@acme.com', [1, 2]), inUse('c2@acme.com', [1, 2])], {
      connectorId: 'entra',
      now: NOW,
    });
    const ids = (await listConflicts(db)).map((c) => c.id).sort((x, y) => x - y);
    expect(
      await closeConflicts(db, [ids[0]!], { by: 'admin', action: 'dismiss' }, 'dismissed', LATER),
    ).toEqual([ids[0]]);
    expect(await closeConflicts(db, ids, { by: 'sync', action: 'gone' }, 'resolved', LATER)).toEqual([
      ids[1],
    ]);
    expect(await getConflict(db, ids[0]!)).toMatchObject({
      status: 'dismissed',
      closedAt: LATER.toISOString(),
      resolution: { by: 'admin', action: 'dismiss' },
    });
  });

  it('filters the report by status, kind and connector', async () => {
    const { db } = database();
    await upsertConflicts(db, [inUse('f1@acme.com', [1, 2], 'e1', 'entra')], {
      connectorId: 'entra',
      now: NOW,
    });
    await upsertConflicts(db, [inUse('f2@acme.com', [1, 2], 'b1', 'bamboo')], {
      connectorId: 'bamboo',
      now: NOW,
    });
    const invalid = {
      kind: 'invalid_record' as const,
      userIds: [],
      connectors: ['bamboo'],
      externalIds: [],
      message: 'no id',
      details: { field: 'record' },
    };
    await upsertConflicts(db, [{ ...invalid, fingerprint: conflictFingerprint(invalid) }], {
      connectorId: 'bamboo',
      now: LATER,
    });
    expect((await listConflicts(db, { connector: 'bamboo' })).map((c) => c.kind)).toEqual([
      'invalid_record',
      'identifier_in_use',
    ]);
    expect(await listConflicts(db, { kind: 'invalid_record', connector: 'entra' })).toEqual([]);
    expect(await listConflicts(db, { status: 'dismissed' })).toEqual([]);
    const [invalidView] = await listConflicts(db, { kind: 'invalid_record' });
    expect(invalidView).not.toHaveProperty('identifier');
  });

  it("gives the sync planner a connector's open conflicts by fingerprint", async () => {
    const { db } = database();
    const mine = inUse('m@acme.com', [1, 2], 'e9');
    await upsertConflicts(db, [mine], { connectorId: 'entra', now: NOW });
    await upsertConflicts(db, [inUse('o@acme.com', [1, 2], 'b1', 'bamboo')], {
      connectorId: 'bamboo',
      now: NOW,
    });
    const open = await openConflictsOf(db, 'entra');
    expect([...open.keys()]).toEqual([mine.fingerprint]);
    expect(open.get(mine.fingerprint)?.externalIds).toEqual(['e9']);
    expect((await openConflictsOf(db, null)).size).toBe(0);
  });
});
