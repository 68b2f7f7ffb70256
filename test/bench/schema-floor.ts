// `node test/bench/schema-floor.ts [USERS]`: the least a full sync's writes can cost while the
// schema keeps its guarantees. Full-syncs the CSV bench inputs into one database, then COPYs the
// resulting rows, table by table, into a second freshly migrated one with every index, foreign key
// and trigger in place. That is the write floor an apply cannot beat without dropping a constraint;
// `npm run bench`'s own floor (parse + COPY into one bare table) is far below it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectorEntries, generateInputs } from './generate.ts';
import { startPostgres } from './processes.ts';
import { postgresBinDir } from '../support/throwaway-postgres.ts';
import { createBenchStores, createPhaseLog, timedSync } from './scenarios.ts';

/**
 * Parents before children, so each table's foreign keys are checked against loaded rows.
 * `account_settings` is left out: the migrations seed its one row.
 */
const TABLES = [
  'sync_runs',
  'users',
  'groups',
  'identifier_keys',
  'identifiers',
  'agents',
  'agent_activity',
  'memberships',
  'source_links',
  'audit_log',
  'conflicts',
  'do_not_track',
  'connector_state',
];

/** The data lines between `COPY ... FROM stdin;` and the closing `\.`. */
function copiedRows(dump: string): number {
  const start = dump.indexOf('FROM stdin;\n');
  const end = dump.indexOf('\n\\.\n', start);
  if (start < 0 || end < 0) return 0;
  const body = dump.slice(start + 'FROM stdin;\n'.length, end + 1);
  return body.length === 0 ? 0 : (body.match(/\n/g)?.length ?? 0);
}

const users = Number(process.argv[2] ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'idsync-schema-floor-'));
const server = startPostgres();
try {
  const inputs = generateInputs(dir, { users, seed: 20240601, deltas: 1 });
  const phaseLog = createPhaseLog();
  const stores = createBenchStores({ kind: 'postgres', serverUrl: server.url, workDir: dir }, phaseLog.log);
  const synced = await stores.open(0, connectorEntries(inputs.base));
  const sync = await timedSync(synced, 'full', phaseLog, 'postgres');
  const empty = await stores.open(1, connectorEntries(inputs.base));
  await synced.close();
  await empty.close();

  const syncedUrl = stores.databaseUrl(0);
  const emptyUrl = stores.databaseUrl(1);
  if (!syncedUrl || !emptyUrl) throw new Error('the schema floor needs a PostgreSQL server');
  const psql = join(postgresBinDir(), 'psql');
  // A table this list misses would make the floor look cheaper than it is.
  const tables = execFileSync(psql, ['-At', '-d', emptyUrl, '-c', "select tablename from pg_tables where schemaname = 'public'"], {
    encoding: 'utf8',
  })
    .split('\n')
    .filter((name) => name !== '' && name !== 'account_settings');
  const missed = tables.filter((name) => !TABLES.includes(name));
  if (missed.length > 0) throw new Error(`schema-floor.ts does not copy ${missed.join(', ')}: add them to TABLES`);
  const perTable: Record<string, { rows: number; ms: number }> = {};
  let copyMs = 0;
  for (const table of TABLES) {
    // pg_dump empties search_path; the overlap trigger's function names its tables unqualified.
    const dump = execFileSync(join(postgresBinDir(), 'pg_dump'), ['-a', '-t', `public.${table}`, syncedUrl], {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    }).replace(/^SELECT pg_catalog\.set_config\('search_path'.*$/m, '');
    const started = performance.now();
    execFileSync(psql, ['-q', '-1', '-v', 'ON_ERROR_STOP=1', '-d', emptyUrl], {
      input: dump,
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
    const ms = Math.round(performance.now() - started);
    perTable[table] = { rows: copiedRows(dump), ms };
    copyMs += ms;
  }
  console.log(
    JSON.stringify(
      { users, fullSync: { totalMs: Math.round(sync.total_ms), applyMs: sync.apply_ms }, schemaCopyMs: copyMs, perTable },
      null,
      2,
    ),
  );
} finally {
  server.stop();
  rmSync(dir, { recursive: true, force: true });
}
