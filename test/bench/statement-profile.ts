// Where a full sync's database time goes, statement by statement, from pg_stat_statements: the
// profile the benchmark prints beside its phases. PostgreSQL only, and only on a server started
// with the library preloaded (.ci/postgres.sh does); elsewhere the profile is simply absent.
import postgres from 'postgres';

export interface StatementCost {
  /** The normalized statement, on one line, cut to its first 100 characters. */
  statement: string;
  calls: number;
  rows: number;
  total_ms: number;
  /** Of all statement time in the database during the run. */
  share: number;
}

const TOP = 10;

function oneLine(query: string): string {
  const text = query.replace(/\s+/g, ' ').trim();
  return text.length > 100 ? `${text.slice(0, 99)}…` : text;
}

/**
 * Runs `run` with the statement statistics of database `url` reset before it, and returns the
 * costliest statements after it. With `url` null, or without pg_stat_statements, only runs it.
 */
export async function profileStatements<T>(
  url: string | null,
  run: () => Promise<T>,
): Promise<{ value: T; statements: StatementCost[] | null }> {
  if (url === null) return { value: await run(), statements: null };
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const available = await sql`select 1 from pg_settings where name = 'shared_preload_libraries'
        and setting like '%pg_stat_statements%'`;
    if (available.length === 0) return { value: await run(), statements: null };
    await sql`create extension if not exists pg_stat_statements`;
    await sql`select pg_stat_statements_reset()`;
    const value = await run();
    const rows = await sql<{ query: string; calls: string; rows: string; total: number; all: number }[]>`
      select query, calls, rows, total_exec_time as total, sum(total_exec_time) over () as all
      from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
      order by total_exec_time desc`;
    const statements = rows.slice(0, TOP).map((row) => ({
      statement: oneLine(row.query),
      calls: Number(row.calls),
      rows: Number(row.rows),
      total_ms: Math.round(row.total),
      share: row.all > 0 ? Math.round((row.total / row.all) * 1000) / 1000 : 0,
    }));
    return { value, statements };
  } finally {
    await sql.end({ timeout: 5 });
  }
}
