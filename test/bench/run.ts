// `npm run bench [-- --users N --reps K --reps-full K --seed S --db postgres,pglite --json --keep]`
// Generates the inputs, runs each database's scenarios and its floor in child processes, prints
// a table and writes bench/results.json (or prints the JSON with --json, the table then on stderr).
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ChildResult, ChildTask } from './child.ts';
import { generateInputs } from './generate.ts';
import { type DatabaseResult, evaluateTargets, renderTable, summarize } from './report.ts';
import type { DatabaseKind } from './scenarios.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

function readOptions() {
  const { values } = parseArgs({
    options: {
      users: { type: 'string', default: '100000' },
      reps: { type: 'string', default: '3' },
      'reps-full': { type: 'string', default: '1' },
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
  const databases = values.db.split(',').map((d) => d.trim());
  for (const d of databases) {
    if (d !== 'postgres' && d !== 'pglite') throw new Error(`--db takes postgres and/or pglite, got ${d}`);
  }
  return {
    users: positive('users', values.users),
    reps: positive('reps', values.reps),
    repsFull: positive('reps-full', values['reps-full']),
    seed: positive('seed', values.seed),
    databases: databases as DatabaseKind[],
    json: values.json,
    keep: values.keep,
    cpuProf: values['cpu-prof'],
  };
}

type Options = ReturnType<typeof readOptions>;

/** DATABASE_URL_TEST when set, else a throw-away server from .ci/postgres.sh (stopped at the end). */
function startPostgres(): { url: string; stop: () => void } {
  const given = process.env.DATABASE_URL_TEST;
  if (given) return { url: given, stop: () => {} };
  const script = join(root, '.ci', 'postgres.sh');
  const out = execFileSync(
    'bash',
    ['-c', `source "${script}" && pg_up >/dev/null && echo "$DATABASE_URL_TEST|$PG_TMP|$PG_BINDIR"`],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 120_000 },
  );
  const [url, tmp, bindir] = out.trim().split('|');
  if (!url || !tmp || !bindir) throw new Error(`unexpected output from postgres.sh: ${out}`);
  return {
    url,
    stop: () =>
      execFileSync('bash', ['-c', `source "${script}" && pg_down`], {
        env: { ...process.env, PG_TMP: tmp, PG_BINDIR: bindir },
        stdio: 'inherit',
      }),
  };
}

function runChild(dir: string, name: string, task: ChildTask, cpuProf: boolean): Promise<ChildResult> {
  const paramsPath = join(dir, `${name}.params.json`);
  const resultPath = join(dir, `${name}.result.json`);
  writeFileSync(paramsPath, JSON.stringify(task));
  const profile = cpuProf
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${join(root, 'bench', 'profiles')}`,
        `--cpu-prof-name=${name}.cpuprofile`,
      ]
    : [];
  const child = spawn(process.execPath, [...profile, join(here, 'child.ts'), paramsPath, resultPath], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code !== 0) {
        reject(new Error(`${name} child failed (${signal ?? `exit ${code}`})`));
        return;
      }
      resolve(JSON.parse(readFileSync(resultPath, 'utf8')) as ChildResult);
    });
  });
}

async function benchmark(options: Options, dir: string, log: (line: string) => void) {
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
        options.cpuProf,
      );
      log(`${kind}: floor`);
      const floor = await runChild(
        dir,
        `${kind}-floor`,
        { task: 'floor', params: { kind, serverUrl, workDir, files: inputs.base, reps: options.reps } },
        false,
      );
      results[kind] = summarize(scenarios, floor);
    }
  } finally {
    server?.stop();
  }
  return { inputs: inputs.stats, results };
}

async function main(): Promise<void> {
  const options = readOptions();
  const out = options.json ? process.stderr : process.stdout;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const dir = mkdtempSync(join(tmpdir(), 'idsync-bench-'));
  try {
    const { inputs, results } = await benchmark(options, dir, log);
    const targets = evaluateTargets(results);
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
    const report = { generated_at: new Date().toISOString(), machine, params, inputs, results, targets };
    const header =
      `idsync bench: ${options.users} people (${inputs.hrisRows} HRIS + ${inputs.itRows} directory rows), ` +
      `medians of ${options.repsFull} full / ${options.reps} re-sync reps, ${machine.cpus} CPUs, node ${machine.node}`;
    out.write(`${renderTable(results, targets, header)}\n`);
    if (options.json) {
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      mkdirSync(join(root, 'bench'), { recursive: true });
      writeFileSync(join(root, 'bench', 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
      out.write('written: bench/results.json\n');
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
