// The daemon in this process: manual trigger coalescing (within one replica and across two on one
// PostgreSQL), back-off after failures, and the start-up catch-up.
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { IdsyncConfig } from '../../src/config/schema.ts';
import { type DaemonOptions, type RunningDaemon, startDaemon } from '../../src/daemon/daemon.ts';
import { createLogger } from '../../src/log.ts';
import { query } from '../../src/store/bulk.ts';
import { listRuns } from '../../src/store/runs.ts';
import type { SyncResult } from '../../src/sync/runner.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { daemonFixture, hrLines } from './helpers.ts';

const silent = createLogger({ level: 'silent' });
const running: RunningDaemon[] = [];
const databases: TestDatabase[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((daemon) => daemon.stop()));
  await Promise.all(databases.splice(0).map((database) => database.destroy()));
});

interface Started {
  daemon: RunningDaemon;
  finished: SyncResult[];
}

async function start(config: IdsyncConfig, options: DaemonOptions = {}): Promise<Started> {
  const finished: SyncResult[] = [];
  const daemon = await startDaemon(config, {
    log: silent,
    handleSignals: false,
    pollIntervalMs: 200,
    onRunFinished: (result) => finished.push(result),
    ...options,
  });
  running.push(daemon);
  return { daemon, finished };
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function postgresUrl(): Promise<string> {
  const database = await createTestDatabase('postgres');
  databases.push(database);
  return database.url!;
}

describe('manual trigger', () => {
  it('returns the run already queued or running instead of starting a second one (PGlite)', async () => {
    const fixture = daemonFixture();
    fixture.writeHr(hrLines(2_000));
    const { daemon, finished } = await start(fixture.config);
    const answers = await Promise.all([
      daemon.control.trigger('hr', 'incremental'),
      daemon.control.trigger('hr', 'incremental'),
    ]);
    const ids = answers.map((answer) => (answer.ok ? answer.value.runId : null));
    expect(ids[0]).not.toBeNull();
    expect(ids[1]).toBe(ids[0]);
    expect(answers.map((answer) => answer.ok && answer.value.reused).sort()).toEqual([false, true]);
    await until(() => finished.length === 1);
    expect(finished[0]!.run?.id).toBe(ids[0]);
    expect(finished[0]!.status).toBe('succeeded');
  });

  it('returns the run another replica queued or runs, on one PostgreSQL', async () => {
    const url = await postgresUrl();
    const fixture = daemonFixture({ url });
    fixture.writeHr(hrLines(2_000));
    const a = await start(fixture.config);
    const b = await start(fixture.config);
    const answers = await Promise.all([
      a.daemon.control.trigger('hr', 'full'),
      b.daemon.control.trigger('hr', 'full'),
      b.daemon.control.trigger('hr', 'incremental'),
    ]);
    const ids = new Set(answers.map((answer) => (answer.ok ? answer.value.runId : null)));
    expect([...ids]).toHaveLength(1);
    expect(answers.filter((answer) => answer.ok && !answer.value.reused)).toHaveLength(1);
    await until(() => a.finished.length + b.finished.length === 1);
    const [run] = await listRuns(databases[0]!.db, { connector: 'hr' });
    expect(run?.id).toBe([...ids][0]);
    expect(run?.status).toBe('succeeded');
  });

  it('refuses an unknown connector with not_found', async () => {
    const fixture = daemonFixture({ url: await postgresUrl() });
    const { daemon } = await start(fixture.config);
    const answer = await daemon.control.trigger('nope', 'full');
    expect(answer.ok ? null : answer.error.code).toBe('not_found');
  });
});

describe('back-off', () => {
  it('backs a failing connector off instead of running it on every tick, and shows until when', async () => {
    const url = await postgresUrl();
    const fixture = daemonFixture({ url, missingFile: true, schedule: '*/1 * * * * *' });
    const { daemon, finished } = await start(fixture.config, { backoff: { baseMs: 60_000, maxMs: 600_000 } });
    // Never ran: the start-up run fails on the missing file.
    await until(() => finished.length === 1);
    expect(finished[0]!.status).toBe('failed');
    // Ticks every second for 2.5 s: all skipped while backed off.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const runs = await listRuns(databases[0]!.db, { connector: 'hr' });
    expect(runs).toHaveLength(1);
    const [status] = await daemon.control.connectors();
    expect(status?.consecutiveFailures).toBe(1);
    const firstEnd = new Date(runs[0]!.finishedAt!).getTime();
    expect(status?.backedOffUntil).toBe(new Date(firstEnd + 60_000).toISOString());
    expect(new Date(status!.nextRunAt!).getTime()).toBeGreaterThanOrEqual(firstEnd + 60_000);

    // An admin's manual run is not held back; its failure doubles the delay.
    const second = await daemon.control.trigger('hr', 'incremental');
    expect(second.ok).toBe(true);
    await until(() => finished.length === 2);
    const [after] = await daemon.control.connectors();
    const [latest] = await listRuns(databases[0]!.db, { connector: 'hr' });
    expect(after?.consecutiveFailures).toBe(2);
    expect(after?.backedOffUntil).toBe(
      new Date(new Date(latest!.finishedAt!).getTime() + 120_000).toISOString(),
    );
    expect(after?.lastRun?.error?.message).toMatch(/missing\.csv|ENOENT|not found|no such file/i);
  });
});

describe('start-up catch-up', () => {
  it('runs a connector that never ran once at start, and not again while its last success is recent', async () => {
    const url = await postgresUrl();
    const fixture = daemonFixture({ url, schedule: '0 0 1 1 *' });
    fixture.writeHr(hrLines(3));
    const first = await start(fixture.config);
    await until(() => first.finished.length === 1);
    expect(first.finished[0]!.run?.trigger).toBe('startup');
    expect(first.finished[0]!.status).toBe('succeeded');
    await first.daemon.stop();

    const second = await start(fixture.config);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(second.finished).toHaveLength(0);
    await second.daemon.stop();

    // Two years on, the yearly schedule's last success is older than its interval.
    const later = new Date(Date.now() + 2 * 366 * 24 * 3_600_000);
    const third = await start(fixture.config, { clock: () => later });
    await until(() => third.finished.length === 1);
    expect(third.finished[0]!.run?.trigger).toBe('startup');
    const [row] = await query<{ n: number }>(databases[0]!.db, sql`select count(*)::int as n from users`);
    expect(row?.n).toBe(3);
  });
});
