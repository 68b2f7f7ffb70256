// `npm run bench [-- --source csv|graph --users N --reps K --reps-full K --seed S --db postgres,pglite
// --json --keep --cpu-prof]`
// Generates the inputs (CSV files, or a simulated Entra ID tenant served on loopback), runs each
// database's scenarios and its floor in child processes, prints a table and writes
// bench/results.json (or prints the JSON with --json, the table then on stderr).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateInputs } from './generate.ts';
import { benchmarkGraph } from './graph.ts';
import { evaluateGraphTargets, renderGraphTable } from './graph-report.ts';
import { runChild, root, startPostgres } from './processes.ts';
import { CSV_TABLE_LABELS, type DatabaseResult, evaluateTargets, renderTable, summarize } from './report.ts';
import type { DatabaseKind } from './scenarios.ts';
import { benchmarkHrSource } from './sources/hr-bench.ts';
import { HR_BENCH_SOURCES, isHrBenchSource } from './sources/index.ts';

function readOptions() {
  const { values } = parseArgs({
    options: {
      source: { type: 'string', default: 'csv' },
      users: { type: 'string', default: '100000' },
      reps: { type: 'string', default: '3' },
      'reps-full': { type: 'string' },
      seed: { type: 'string', default: '20240601' },
      db: { type: 'string', default: 'postgres,pglite' },
      json: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
    },
  });
  const positive = (name: string, text: string) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${text}`);
    return n;
  };
  const source = values.source;
  if (source !== 'csv' && source !== 'graph' && !isHrBenchSource(source)) {
    throw new Error(`--source takes csv, graph, ${Object.keys(HR_BENCH_SOURCES).join(', ')}; got ${source}`);
  }
  const databases = values.db.split(',').map((d) => d.trim());
  for (const d of databases) {
    if (d !== 'postgres' && d !== 'pglite') throw new Error(`--db takes postgres and/or pglite, got ${d}`);
  }
  const reps = positive('reps', values.reps);
  return {
    source,
    users: positive('users', values.users),
    reps,
    // Graph: the full sync is the target's numerator, so it is repeated as often as its floor.
    repsFull: positive('reps-full', values['reps-full'] ?? (source === 'csv' ? '1' : String(reps))),
    seed: positive('seed', values.seed),
    databases: databases as DatabaseKind[],
    json: values.json,
    keep: values.keep,
    cpuProf: values['cpu-prof'],
  };
}

type Options = ReturnType<typeof readOptions>;

async function benchmarkCsv(options: Options, dir: string, log: (line: string) => void) {
  const generated = performance.now();
  const inputs = generateInputs(dir, { users: options.users, seed: options.seed, deltas: options.reps });
  log(
    `inputs: ${inputs.stats.hrisRows} HRIS rows, ${inputs.stats.itRows} directory rows ` +
      `(${inputs.stats.inBoth} people in both), ${inputs.stats.changedPerDelta} people changed per delta, ` +
      `generated in ${Math.round(performance.now() - generated)} ms`,
  );
  const server = options.databases.includes('postgres') ? startPostgres() : null;
  const results: Partial<Record<DatabaseKind, DatabaseResult>> = {};
  try {
    for (const kind of options.databases) {
      const serverUrl = kind === 'postgres' ? (server?.url ?? null) : null;
      const workDir = join(dir, kind);
      log(`${kind}: scenarios`);
      const scenarios = await runChild(
        dir,
        `${kind}-scenarios`,
        {
          task: 'scenarios',
          params: {
            kind,
            serverUrl,
            workDir,
            base: inputs.base,
            deltas: inputs.deltas,
            repsFull: options.repsFull,
            reps: options.reps,
          },
        },
        { cpuProf: options.cpuProf },
      );
      log(`${kind}: floor`);
      const floor = await runChild(dir, `${kind}-floor`, {
        task: 'floor',
        params: { kind, serverUrl, workDir, files: inputs.base, reps: options.reps },
      });
      results[kind] = summarize(scenarios, floor);
    }
  } finally {
    server?.stop();
  }
  const targets = evaluateTargets(results);
  const header =
    `idsync bench: ${options.users} people (${inputs.stats.hrisRows} HRIS + ${inputs.stats.itRows} directory rows), ` +
    `medians of ${options.repsFull} full / ${options.reps} re-sync reps`;
  return {
    inputs: inputs.stats,
    results,
    targets,
    table: (suffix: string) => renderTable(results, targets, header + suffix, CSV_TABLE_LABELS),
  };
}

async function benchmarkGraphSource(options: Options, dir: string, log: (line: string) => void) {
  const { inputs, results } = await benchmarkGraph(options, dir, log);
  const targets = evaluateGraphTargets(results);
  const header =
    `idsync bench (graph): ${inputs.members} members + ${inputs.guests} guests in a simulated Entra ID ` +
    `tenant over loopback HTTPS, medians of ${options.repsFull} full / ${options.reps} re-sync reps`;
  return {
    inputs,
    results,
    targets,
    table: (suffix: string) => renderGraphTable(results, targets, header + suffix),
  };
}

async function main(): Promise<void> {
  const options = readOptions();
  const out = options.json ? process.stderr : process.stdout;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const dir = mkdtempSync(join(tmpdir(), 'idsync-bench-'));
  try {
    const { source } = options;
    const run = isHrBenchSource(source)
      ? () => benchmarkHrSource(HR_BENCH_SOURCES[source], options, dir, log)
      : () => (source === 'graph' ? benchmarkGraphSource : benchmarkCsv)(options, dir, log);
    const { inputs, results, targets, table } = await run();
    const machine = {
      cpus: cpus().length,
      cpu_model: cpus()[0]?.model ?? 'unknown',
      memory_mb: Math.round(totalmem() / 1024 / 1024),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
    };
    const params = {
      users: options.users,
      seed: options.seed,
      reps: options.reps,
      reps_full: options.repsFull,
      databases: options.databases,
    };
    const report = {
      generated_at: new Date().toISOString(),
      source: options.source,
      machine,
      params,
      inputs,
      results,
      targets,
    };
    out.write(`${table(`, ${machine.cpus} CPUs, node ${machine.node}`)}\n`);
    if (options.json) {
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      const file = options.source === 'csv' ? 'results.json' : `results-${options.source}.json`;
      mkdirSync(join(root, 'bench'), { recursive: true });
      writeFileSync(join(root, 'bench', file), `${JSON.stringify(report, null, 2)}\n`);
      out.write(`written: bench/${file}\n`);
    }
  } finally {
    if (options.keep) log(`inputs kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
