// Two daemon processes on one PostgreSQL, one CSV connector ticking every second: every tick of
// both replicas enqueues, the advisory lock lets one run at a time; sync_runs must show no two
// runs of the connector overlapping.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../../src/store/bulk.ts';
import { listRuns } from '../../src/store/runs.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { daemonFixture, hrLines, spawnDaemon } from './helpers.ts';

describe('two replicas on one PostgreSQL', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it('never run the same connector at once', async () => {
    const fixture = daemonFixture({ url: database.url, schedule: '*/1 * * * * *' });
    fixture.writeHr(hrLines(1_500));
    const replicas = [
      spawnDaemon(fixture.configPath, fixture.dir),
      spawnDaemon(fixture.configPath, fixture.dir),
    ];
    await Promise.all(replicas.map((replica) => replica.waitFor('"msg":"daemon started"', 20_000)));
    await new Promise((resolve) => setTimeout(resolve, 7_000));
    for (const replica of replicas) replica.child.kill('SIGTERM');
    const exits = await Promise.all(replicas.map((replica) => replica.exited));
    expect(exits.map((exit) => exit.code)).toEqual([0, 0]);

    const runs = (await listRuns(database.db, { connector: 'hr', limit: 1_000 })).filter(
      (run) => run.startedAt !== null,
    );
    const succeeded = runs.filter((run) => run.status === 'succeeded');
    expect(
      succeeded.length,
      replicas.map((r) => r.stderr().slice(-1500)).join('\n---\n'),
    ).toBeGreaterThanOrEqual(3);
    expect(runs.every((run) => run.status !== 'running' && run.finishedAt !== null)).toBe(true);

    const byStart = [...runs].sort((x, y) => Date.parse(x.startedAt!) - Date.parse(y.startedAt!));
    for (let i = 1; i < byStart.length; i += 1) {
      const previous = byStart[i - 1]!;
      const next = byStart[i]!;
      expect(
        Date.parse(next.startedAt!),
        `run ${next.id} started before run ${previous.id} ended`,
      ).toBeGreaterThanOrEqual(Date.parse(previous.finishedAt!));
    }
    // Both replicas were there to take runs: each recorded itself as the owner of some.
    const owners = await query<{ owner: string; n: number }>(
      database.db,
      sql`select owner, count(*)::int as n from sync_runs where started_at is not null group by owner`,
    );
    expect(owners.every((row) => /^.+:\d+:[0-9a-f]{6}$/.test(row.owner))).toBe(true);
    expect(owners.length).toBe(2);
  }, 45_000);
});
