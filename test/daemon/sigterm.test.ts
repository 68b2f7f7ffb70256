// SIGTERM to a daemon in the middle of applying a 25k-person run: the process exits 0 within
// sync.shutdown_timeout_seconds, nothing of the run is applied, the run says why it failed, and
// the next start runs it again to completion.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon } from '../../src/daemon/daemon.ts';
import { createLogger } from '../../src/log.ts';
import { query } from '../../src/store/bulk.ts';
import { listRuns } from '../../src/store/runs.ts';
import type { SyncResult } from '../../src/sync/runner.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { daemonFixture, hrLines, spawnDaemon } from './helpers.ts';

const PEOPLE = 25_000;
const BOUND_SECONDS = 10;

async function count(database: TestDatabase, table: string): Promise<number> {
  const [row] = await query<{ n: number }>(
    database.db,
    sql`select count(*)::int as n from ${sql.identifier(table)}`,
  );
  return row!.n;
}

describe('SIGTERM mid-run', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it('exits 0 within the shutdown bound, applies nothing of the run, and the next run converges', async () => {
    // Yearly: the only run is the start-up catch-up of a connector that never ran.
    const fixture = daemonFixture({
      url: database.url,
      schedule: '0 0 1 1 *',
      shutdownTimeoutSeconds: BOUND_SECONDS,
    });
    fixture.writeHr(hrLines(PEOPLE));
    const daemon = spawnDaemon(fixture.configPath, fixture.dir);
    // Logged inside the apply transaction.
    await daemon.waitFor('"msg":"planned"', 40_000);
    const signalledAt = Date.now();
    daemon.child.kill('SIGTERM');
    const exit = await daemon.exited;
    expect(exit.code, daemon.stderr().slice(-2000)).toBe(0);
    expect(exit.at - signalledAt).toBeLessThan(BOUND_SECONDS * 1000);

    const users = await count(database, 'users');
    expect(users).toBe(0);
    expect(await count(database, 'source_links')).toBe(0);
    expect(await count(database, 'connector_state')).toBe(0);
    const [abandoned] = await listRuns(database.db, { connector: 'hr' });
    expect(abandoned?.status).toBe('failed');
    expect(abandoned?.error?.message).toMatch(/shutting down/);

    const finished: SyncResult[] = [];
    const next = await startDaemon(fixture.config, {
      log: createLogger({ level: 'silent' }),
      handleSignals: false,
      onRunFinished: (result) => finished.push(result),
    });
    try {
      const deadline = Date.now() + 40_000;
      while (finished.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    } finally {
      await next.stop();
    }
    expect(finished[0]?.status).toBe('succeeded');
    expect(finished[0]?.run?.trigger).toBe('startup');
    expect(await count(database, 'users')).toBe(PEOPLE);
  }, 90_000);
});
