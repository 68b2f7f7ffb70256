// `npm run bench -- --source workday|hibob|personio`: the source's simulated account of N people
// served over loopback HTTPS by this process (the "vendor"). Per database, a child process syncs
// it with the connector (full into an empty store, no-change, 1% changed) and another makes the
// fetch floor's requests with the connector's own client. The target: a full sync costs at most
// twice its fetch floor plus what the engine spends writing it (the run's snapshot, plan and apply
// phases), i.e. the connector's pull is at most twice the bare fetch.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLoopbackHttpsServer } from '../../../src/simulator/https.ts';
import { generatePeople } from '../../../src/simulator/people.ts';
import type { ChildResult } from '../child.ts';
import { runChild, startPostgres } from '../processes.ts';
import { median, renderTable, type ScenarioSummary, summarizeScenarios, type Target, target } from '../report.ts';
import type { DatabaseKind, ScenarioRun } from '../scenarios.ts';
import type { HrBenchSource, SourceFloorRun } from './source.ts';

export interface SourceBenchOptions {
  users: number;
  seed: number;
  reps: number;
  repsFull: number;
  databases: DatabaseKind[];
  cpuProf: boolean;
}

export interface SourceDatabaseResult extends ScenarioSummary {
  floor_phases: { fetch_ms: number; requests: number; records: number };
  /** The full sync's snapshot + plan + apply (median): what the engine spends writing it. */
  engine_write_ms: number;
  runs: { full: ScenarioRun[]; nochange: ScenarioRun[]; delta: ScenarioRun[]; floor: SourceFloorRun[] };
}

/** The simulator's certificate, after any CAs this process was told to trust. */
function writeTrustFile(path: string, pem: string): void {
  const existing = process.env.NODE_EXTRA_CA_CERTS;
  const inherited = existing && existsSync(existing) ? `${readFileSync(existing, 'utf8').trim()}\n` : '';
  writeFileSync(path, `${inherited}${pem.trim()}\n`);
}

export async function benchmarkHrSource(
  source: HrBenchSource,
  options: SourceBenchOptions,
  dir: string,
  log: (line: string) => void,
) {
  const generated = performance.now();
  const people = generatePeople(options.users, options.seed);
  const account = source.account(people);
  const inputs = {
    [source.records]: people.length,
    changedPerDelta: Math.max(1, Math.round(people.length / 100)),
    generatedMs: Math.round(performance.now() - generated),
  };
  log(`${source.name}: ${people.length} ${source.records}, ${inputs.changedPerDelta} changed per delta`);
  const server = await startLoopbackHttpsServer([account.handle]);
  const trustPath = join(dir, `${source.name}-simulator-ca.pem`);
  writeTrustFile(trustPath, server.certificatePem);
  const env = { ...process.env, NODE_EXTRA_CA_CERTS: trustPath };
  const database = options.databases.includes('postgres') ? startPostgres() : null;
  const results: Partial<Record<DatabaseKind, SourceDatabaseResult>> = {};
  try {
    for (const kind of options.databases) {
      log(`${kind}: ${source.name} scenarios`);
      const scenarios = await runChild(
        dir,
        `${kind}-${source.name}-scenarios`,
        {
          task: 'source-scenarios',
          params: {
            kind,
            serverUrl: kind === 'postgres' ? (database?.url ?? null) : null,
            workDir: join(dir, kind),
            source: source.name,
            origin: server.origin,
            repsFull: options.repsFull,
            reps: options.reps,
          },
        },
        { cpuProf: options.cpuProf, env, onMessage: () => ({ type: 'mutated', users: account.mutate() }) },
      );
      log(`${kind}: ${source.name} fetch floor`);
      const floor = await runChild(
        dir,
        `${kind}-${source.name}-floor`,
        { task: 'source-floor', params: { kind, source: source.name, origin: server.origin, reps: options.repsFull } },
        { env },
      );
      results[kind] = summarizeSource(scenarios, floor);
    }
  } finally {
    database?.stop();
    await server.close();
  }
  const targets = evaluateSourceTargets(source, results);
  const header =
    `idsync bench (${source.name}): ${people.length} ${source.records} in a simulated account over loopback HTTPS, ` +
    `medians of ${options.repsFull} full / ${options.reps} re-sync reps`;
  return {
    inputs,
    results,
    targets,
    table: (suffix: string) =>
      renderTable(results, targets, header + suffix, {
        floor: 'fetch floor (ms)',
        floorDetail: {
          label: `  requests / ${source.records}`,
          cell: (r: SourceDatabaseResult) => `${r.floor_phases.requests} / ${r.floor_phases.records}`,
        },
        phasesOf: `the ${source.name} connector`,
      }),
  };
}

function summarizeSource(scenarios: ChildResult, floor: ChildResult): SourceDatabaseResult {
  const floorRuns = floor.sourceFloor;
  if (!scenarios.scenarios || !floorRuns) throw new Error('a child finished without its results');
  const summary = summarizeScenarios(scenarios, floorRuns.map((r) => r.total_ms), floor.peak_rss_mb);
  const full = summary.phases.full;
  return {
    ...summary,
    floor_phases: {
      fetch_ms: Math.round(median(floorRuns.map((r) => r.total_ms))),
      requests: floorRuns[0]!.requests,
      records: floorRuns[0]!.records,
    },
    engine_write_ms: full.snapshot_ms + full.plan_ms + full.apply_ms,
    runs: { ...scenarios.scenarios, floor: floorRuns },
  };
}

function evaluateSourceTargets(
  source: HrBenchSource,
  results: Partial<Record<DatabaseKind, SourceDatabaseResult>>,
): Record<string, Target> {
  const out: Record<string, Target> = {};
  for (const kind of Object.keys(results) as DatabaseKind[]) {
    const r = results[kind]!;
    const name = kind === 'postgres' ? 'PostgreSQL' : 'PGlite';
    out[`${source.name}_${kind}_full_le_2x_fetch_floor_plus_writes`] = target(
      `${source.name} full on ${name} <= 2x fetch floor + engine writes (${2 * r.floor_ms} + ${r.engine_write_ms} ms)`,
      r.full_ms,
      2 * r.floor_ms + r.engine_write_ms,
      'ms',
    );
  }
  return out;
}
