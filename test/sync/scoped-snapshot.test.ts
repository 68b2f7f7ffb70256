// A scoped snapshot (only the users a run's changed records can touch) must plan exactly as the
// whole account does: same changes, conflicts, counts and verdict.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planReconciliation, snapshotScope } from '../../src/domain/reconcile/index.ts';
import { loadConnectorLinks, loadSyncSnapshot } from '../../src/store/sync-snapshot.ts';
import { drainPull } from '../../src/sync/pull.ts';
import { runSync } from '../../src/sync/runner.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/databases.ts';
import { csvApp, hrRow } from './helpers.ts';

describe.each(DATABASE_KINDS)('scoped snapshot on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it('plans a changed run exactly as a snapshot of the whole account does', async () => {
    const { app, writeHr } = csvApp(database, { deletionThreshold: { count: 1, percent: 1 } });
    const people = Array.from({ length: 40 }, (_, i) => hrRow(i + 1));
    writeHr(people);
    const first = await runSync(
      app.sync,
      { connectorId: 'hr', mode: 'full', trigger: 'cli' },
      new AbortController().signal,
    );
    expect(first.status).toBe('succeeded');

    // Changes of every kind: a new email, a taken email, a taken display name, a leaver, an
    // absence (row 40 dropped), a new hire colliding with an existing employee's address.
    const changed = people.slice(0, 39);
    changed[0] = hrRow(1, { email: 'p1.moved@acme.example' });
    changed[1] = hrRow(2, { email: 'person3@acme.example' });
    changed[4] = hrRow(5, { name: 'Person 6' });
    changed[7] = hrRow(8, { status: 'Terminated' });
    changed.push(hrRow(41, { email: 'person9@acme.example' }), hrRow(42));
    writeHr(changed);

    const connector = app.sync.connectors.get('hr')!.connector;
    const pulled = await drainPull(connector, {
      mode: 'full',
      cursor: null,
      signal: new AbortController().signal,
    });
    const links = await loadConnectorLinks(database.db, 'hr');
    const scope = snapshotScope(links, { ...pulled, outcome: pulled.outcome });
    expect(scope.changed).toBe(6);
    expect(scope.externalIds).toContain('E40');

    const now = new Date('2026-01-01T00:00:00Z');
    const plan = (snapshot: Awaited<ReturnType<typeof loadSyncSnapshot>>) =>
      planReconciliation({
        snapshot,
        records: pulled.records,
        invalid: pulled.invalid,
        removals: pulled.removals,
        outcome: pulled.outcome,
        policy: {
          onDisable: 'remove_identifiers',
          deletionThreshold: { count: 100, percent: 100 },
          safeguardLifted: false,
        },
        now,
      });
    const precedence = new Map([['hr', 1]]);
    const whole = plan(await loadSyncSnapshot(database.db, 'hr', precedence));
    const scoped = plan(await loadSyncSnapshot(database.db, 'hr', precedence, { scope }));
    expect(whole.counts).toMatchObject({ created: 1, updated: 3, skipped: 1, unchanged: 36 });
    expect(whole.conflicts.map((c) => c.kind).sort()).toEqual([
      'display_name_in_use',
      'duplicate_in_source',
      'identifier_in_use',
    ]);
    expect(scoped).toEqual(whole);
  });
});
