// The three timed scenarios on one database: full sync into an empty store (a fresh database per
// repetition), no-change re-sync, and re-syncs of successive 1% change sets. Each is both
// connectors, in config order, through runSync exactly as `idsync sync` runs them.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import postgres from 'postgres';
import { type App, openApp } from '../../src/app.ts';
import { parseConfig } from '../../src/config/index.ts';
import { createLogger, type Logger } from '../../src/log.ts';
import { runSync } from '../../src/sync/runner.ts';
import { connectorEntries, type SourceFiles } from './generate.ts';
import { profileStatements, type StatementCost } from './statement-profile.ts';

export type DatabaseKind = 'postgres' | 'pglite';

/** Where a scenario child keeps its stores. */
export interface StoreParams {
  kind: DatabaseKind;
  /** PostgreSQL server URL (postgres kind); each full repetition gets its own database on it. */
  serverUrl: string | null;
  workDir: string;
}

export interface ScenarioParams extends StoreParams {
  base: SourceFiles;
  deltas: SourceFiles[];
  repsFull: number;
  reps: number;
}

/** Per-phase time of one scenario run, summed over both connectors (from the runner's log). */
export interface PhaseTimes {
  pull_ms: number;
  /** Loading the store's snapshot the plan is made against. */
  snapshot_ms: number;
  plan_ms: number;
  apply_ms: number;
}

export interface ScenarioRun extends PhaseTimes {
  total_ms: number;
  /** The plan counts of each connector's run, in config order. */
  counts: Record<string, unknown>[];
}

export interface ScenarioResults {
  full: ScenarioRun[];
  nochange: ScenarioRun[];
  delta: ScenarioRun[];
  /** The first full sync's costliest statements (PostgreSQL with pg_stat_statements), else null. */
  statements: StatementCost[] | null;
}

interface RunnerLogLine {
  msg?: string;
  ms?: number;
}

export type PhaseLog = ReturnType<typeof createPhaseLog>;

const PHASE_LINES = new Set(['pulled', 'snapshot loaded', 'planned', 'run succeeded']);

/** Collects the runner's phase lines (each with the ms since the run started). */
export function createPhaseLog() {
  let lines: RunnerLogLine[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const text of String(chunk).split('\n')) {
        if (text === '') continue;
        const line = JSON.parse(text) as RunnerLogLine;
        if (line.msg !== undefined && PHASE_LINES.has(line.msg)) lines.push(line);
        else if ((line as { level?: number }).level !== undefined && (line as { level: number }).level >= 40)
          process.stderr.write(`${text}\n`);
      }
      done();
    },
  });
  return {
    log: createLogger({ level: 'info', destination: stream }),
    take(): RunnerLogLine[] {
      const out = lines;
      lines = [];
      return out;
    },
  };
}

function phasesOf(lines: RunnerLogLine[]): PhaseTimes {
  const times: PhaseTimes = { pull_ms: 0, snapshot_ms: 0, plan_ms: 0, apply_ms: 0 };
  let previous = 0;
  for (const line of lines) {
    const ms = line.ms ?? 0;
    const took = ms - (line.msg === 'pulled' ? 0 : previous);
    if (line.msg === 'pulled') times.pull_ms += took;
    else if (line.msg === 'snapshot loaded') times.snapshot_ms += took;
    else if (line.msg === 'planned') times.plan_ms += took;
    else times.apply_ms += took;
    previous = ms;
  }
  return times;
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export interface BenchStores {
  /** An app on an empty store (a new PostgreSQL database, or PGlite directory) for repetition `rep`. */
  open(rep: number, connectors: unknown[]): Promise<App>;
  /** Between full repetitions: the old store goes, so each full run starts empty. */
  release(app: App, rep: number): Promise<void>;
  /** The PostgreSQL URL of repetition `rep`'s database (null on PGlite). */
  databaseUrl(rep: number): string | null;
  /** Drops every database made. */
  close(): Promise<void>;
}

export function createBenchStores(params: StoreParams, log: Logger): BenchStores {
  const admin = params.serverUrl ? postgres(params.serverUrl, { max: 1, onnotice: () => {} }) : null;
  const createdDatabases: string[] = [];
  mkdirSync(params.workDir, { recursive: true });
  // A generous safeguard: the benchmark measures applying, not waiting for an approval.
  const sync = { deletion_threshold: { count: 10_000_000, percent: 100 } };
  const nameOf = (rep: number) => `idsync_bench_${process.pid}_${rep}`;
  return {
    databaseUrl: (rep) => (params.serverUrl ? withDatabase(params.serverUrl, nameOf(rep)) : null),
    async open(rep, connectors) {
      if (admin && params.serverUrl) {
        const name = nameOf(rep);
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.unsafe(`create database ${name}`);
        createdDatabases.push(name);
        const url = withDatabase(params.serverUrl, name);
        return openApp(parseConfig({ database: { url }, connectors, sync }, { env: {} }), { log });
      }
      const dataDir = join(params.workDir, `pglite-${rep}`);
      rmSync(dataDir, { recursive: true, force: true });
      return openApp(parseConfig({ database: { data_dir: dataDir }, connectors, sync }, { env: {} }), { log });
    },
    async release(app, rep) {
      await app.close();
      if (params.kind === 'pglite')
        rmSync(join(params.workDir, `pglite-${rep}`), { recursive: true, force: true });
    },
    async close() {
      if (!admin) return;
      for (const name of createdDatabases) await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}

/** Every connector of the app, in config order, through runSync exactly as `idsync sync` runs it. */
export async function timedSync(
  app: App,
  mode: 'full' | 'incremental',
  phaseLog: PhaseLog,
  kind: DatabaseKind,
): Promise<ScenarioRun> {
  phaseLog.take();
  const counts: Record<string, unknown>[] = [];
  const started = performance.now();
  for (const connectorId of app.sync.connectors.keys()) {
    const result = await runSync(app.sync, { connectorId, mode, trigger: 'cli' }, new AbortController().signal);
    if (result.status !== 'succeeded') {
      const reason = result.error?.message ?? result.run?.notes?.join('; ') ?? result.status;
      throw new Error(`${kind}: ${connectorId} run ${result.status}: ${reason}`);
    }
    counts.push((result.plan?.counts ?? {}) as Record<string, unknown>);
  }
  const total_ms = performance.now() - started;
  return { total_ms, ...phasesOf(phaseLog.take()), counts };
}

export async function runScenarios(params: ScenarioParams): Promise<ScenarioResults> {
  const phaseLog = createPhaseLog();
  const current: SourceFiles = { hris: join(params.workDir, 'hris.csv'), it: join(params.workDir, 'it.csv') };
  const stores = createBenchStores(params, phaseLog.log);
  const results: ScenarioResults = { full: [], nochange: [], delta: [], statements: null };

  /**
   * `full` for the first sync into an empty store; re-syncs run as the schedule runs them
   * (incremental: a CSV connector skips an unchanged file and reads a changed one in full).
   */
  function timedRun(app: App, files: SourceFiles, mode: 'full' | 'incremental'): Promise<ScenarioRun> {
    copyFileSync(files.hris, current.hris);
    copyFileSync(files.it, current.it);
    return timedSync(app, mode, phaseLog, params.kind);
  }

  let app: App | null = null;
  try {
    for (let rep = 0; rep < params.repsFull; rep += 1) {
      if (app) await stores.release(app, rep - 1);
      const opened = await stores.open(rep, connectorEntries(current));
      app = opened;
      const profiled = await profileStatements(rep === 0 ? stores.databaseUrl(rep) : null, () =>
        timedRun(opened, params.base, 'full'),
      );
      results.full.push(profiled.value);
      results.statements ??= profiled.statements;
      progress(params.kind, 'full', results.full);
    }
    if (!app) throw new Error('no full run');
    for (let rep = 0; rep < params.reps; rep += 1) {
      results.nochange.push(await timedRun(app, params.base, 'incremental'));
      progress(params.kind, 'no-change', results.nochange);
    }
    for (let rep = 0; rep < params.reps; rep += 1) {
      results.delta.push(await timedRun(app, params.deltas[rep]!, 'incremental'));
      progress(params.kind, 'delta', results.delta);
    }
    return results;
  } finally {
    if (app) await app.close();
    await stores.close();
  }
}

/** One line on stderr for the run just added to `runs`. */
export function progress(kind: DatabaseKind, scenario: string, runs: ScenarioRun[]): void {
  const run = runs[runs.length - 1]!;
  process.stderr.write(
    `  ${kind} ${scenario} #${runs.length}: ${Math.round(run.total_ms)} ms ` +
      `(pull ${run.pull_ms}, snapshot ${run.snapshot_ms}, plan ${run.plan_ms}, apply ${run.apply_ms})\n`,
  );
}
