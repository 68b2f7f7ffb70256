// The reconciliation engine end to end: a CSV source through the real runner, planner and store,
// on PGlite and on PostgreSQL.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../../src/store/bulk.ts';
import { listConflicts } from '../../src/store/conflicts.ts';
import { loadUsers } from '../../src/store/users.ts';
import { runSync, type SyncRequest } from '../../src/sync/runner.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/databases.ts';
import { csvApp, hrRow } from './helpers.ts';

const full: SyncRequest = { connectorId: 'hr', mode: 'full', trigger: 'cli' };
const signal = () => new AbortController().signal;

async function count(db: TestDatabase, table: string): Promise<number> {
  const [row] = await query<{ n: number }>(
    db.db,
    sql`select count(*)::int as n from ${sql.identifier(table)}`,
  );
  return row!.n;
}

describe.each(DATABASE_KINDS)('sync of a CSV source on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it('creates one user per record, linked by the source id, and a second identical run changes nothing', async () => {
    const { app, writeHr } = csvApp(database);
    writeHr([1, 2, 3].map((n) => hrRow(n)));
    const first = await runSync(app.sync, full, signal());
    expect(first.status).toBe('succeeded');
    expect(first.run?.counts).toMatchObject({ fetched: 3, created: 3, identifiersAdded: 6 });
    const users = await loadUsers(database.db);
    expect(users.map((u) => u.displayName.value)).toEqual(['Person 1', 'Person 2', 'Person 3']);
    expect(users[0]!.identifiers.map((i) => [i.type, i.value, i.source]).sort()).toEqual([
      ['email', 'person1@acme.example', 'connector:hr'],
      ['employee_id', 'E1', 'connector:hr'],
    ]);

    const auditBefore = await count(database, 'audit_log');
    const second = await runSync(app.sync, full, signal());
    expect(second.status).toBe('succeeded');
    expect(second.run?.counts).toMatchObject({ unchanged: 3, created: 0, updated: 0, identifiersAdded: 0 });
    // A no-change run writes nothing but its run record.
    expect(await count(database, 'audit_log')).toBe(auditBefore);

    // An incremental run over the same bytes does not even read the file.
    const skipped = await runSync(app.sync, { ...full, mode: 'incremental' }, signal());
    expect(skipped.run).toMatchObject({ status: 'succeeded', mode: 'incremental', counts: { fetched: 0 } });
    expect(await count(database, 'audit_log')).toBe(auditBefore);
    expect((await loadUsers(database.db)).length).toBe(3);
  });

  it('a linked record keeps updating its user when its email changes', async () => {
    const { app, writeHr } = csvApp(database);
    writeHr([hrRow(1, { email: 'p1.new@acme.example' }), hrRow(2), hrRow(3)]);
    const result = await runSync(app.sync, full, signal());
    expect(result.run?.counts).toMatchObject({
      updated: 1,
      created: 0,
      identifiersAdded: 1,
      identifiersRemoved: 1,
    });
    const users = await loadUsers(database.db);
    expect(users).toHaveLength(3);
    const emails = users.flatMap((u) => u.identifiers.filter((i) => i.type === 'email').map((i) => i.value));
    expect(emails).toContain('p1.new@acme.example');
    expect(emails).not.toContain('person1@acme.example');
  });

  it('dry run prints exactly the changes the real run then makes, and writes nothing', async () => {
    const { app, writeHr } = csvApp(database);
    writeHr([hrRow(1, { email: 'p1.new@acme.example', dept: 'Support' }), hrRow(2), hrRow(3), hrRow(4)]);
    const runsBefore = await count(database, 'sync_runs');
    const usersBefore = JSON.stringify(await loadUsers(database.db));
    const dry = await runSync(app.sync, { ...full, dryRun: true }, signal());
    expect(dry.status).toBe('dry_run');
    expect(dry.run).toBeNull();
    expect(await count(database, 'sync_runs')).toBe(runsBefore);
    expect(JSON.stringify(await loadUsers(database.db))).toBe(usersBefore);

    const real = await runSync(app.sync, full, signal());
    expect(real.status).toBe('succeeded');
    expect(real.plan?.changes).toEqual(dry.plan?.changes);
    expect(real.run?.counts).toEqual(dry.plan?.counts);
    expect(dry.description).toContain('Person 4');
  });

  it('quarantines a malformed record as invalid_record and applies the rest', async () => {
    const { app, writeHr } = csvApp(database);
    writeHr([
      hrRow(1, { email: 'p1.new@acme.example', dept: 'Support' }),
      hrRow(2),
      hrRow(3),
      hrRow(4),
      ',x@acme.example,Nobody,Sales,Active',
      hrRow(5, { email: 'not-an-address' }),
    ]);
    const result = await runSync(app.sync, full, signal());
    expect(result.status).toBe('succeeded');
    expect(result.run?.counts).toMatchObject({ invalid: 1, created: 1 });
    const invalid = await listConflicts(database.db, { kind: 'invalid_record', status: 'open' });
    expect(invalid.length).toBeGreaterThanOrEqual(2);
    const person5 = (await loadUsers(database.db)).find((u) => u.displayName.value === 'Person 5');
    expect(person5?.identifiers.map((i) => i.value)).toEqual(['E5']);
  });

  it('stops a run that would remove too much at the deletion safeguard, then applies it once approved', async () => {
    const { app, writeHr } = csvApp(database, { deletionThreshold: { count: 1, percent: 100 } });
    writeHr([hrRow(1, { email: 'p1.new@acme.example', dept: 'Support' })]);
    const identifiersBefore = await count(database, 'identifiers');
    const blocked = await runSync(app.sync, full, signal());
    expect(blocked.status).toBe('blocked');
    expect(blocked.run?.status).toBe('blocked');
    expect(await count(database, 'identifiers')).toBe(identifiersBefore);

    const released = await runSync(
      app.sync,
      { ...full, trigger: 'approval', safeguardLifted: true, releasesRunId: blocked.run!.id },
      signal(),
    );
    expect(released.status).toBe('succeeded');
    expect(released.run?.releasesRunId).toBe(blocked.run!.id);
    expect(await count(database, 'identifiers')).toBeLessThan(identifiersBefore);
    // No run deletes a user.
    expect((await loadUsers(database.db)).length).toBeGreaterThanOrEqual(5);
  });
});
