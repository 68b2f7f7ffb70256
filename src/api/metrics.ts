// Prometheus metrics on their own Registry, collected at scrape time from the database: every
// replica reports the same truth, and nothing is lost across restarts. The run-duration histogram
// observes each finished run once (tracked by id), so its buckets only ever grow, as Prometheus
// expects of a histogram.
import { sql } from 'drizzle-orm';
import { Gauge, Histogram, Registry } from 'prom-client';
import type { ConflictKind } from '../domain/types.ts';
import { query } from '../store/bulk.ts';
import type { Executor } from '../store/database.ts';

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const CONFLICT_KINDS: readonly ConflictKind[] = [
  'identifier_in_use',
  'display_name_in_use',
  'ambiguous_match',
  'duplicate_in_source',
  'do_not_track',
  'invalid_record',
];

interface FinishedRunRow {
  id: number;
  connector_id: string;
  status: string;
  seconds: number | string;
}

export interface ApiMetrics {
  registry: Registry;
  /** The text exposition, after reading the database. */
  scrape(): Promise<string>;
}

export function createApiMetrics(db: Executor): ApiMetrics {
  const registry = new Registry();
  const runDuration = new Histogram({
    name: 'idsync_run_duration_seconds',
    help: 'Duration of finished sync runs (started to finished), by connector and status.',
    labelNames: ['connector', 'status'],
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600],
    registers: [registry],
  });
  const runs = new Gauge({
    name: 'idsync_runs',
    help: 'Sync runs recorded, by connector and status (queued and running included).',
    labelNames: ['connector', 'status'],
    registers: [registry],
  });
  const openConflicts = new Gauge({
    name: 'idsync_open_conflicts',
    help: 'Open conflicts by kind.',
    labelNames: ['kind'],
    registers: [registry],
  });
  const lastSuccess = new Gauge({
    name: 'idsync_connector_last_success_timestamp_seconds',
    help: 'Unix time of the last successful run of each connector.',
    labelNames: ['connector'],
    registers: [registry],
  });

  // Runs at or below the watermark are all observed; above it, `observed` remembers which were.
  let watermark = 0;
  const observed = new Set<number>();

  async function observeFinishedRuns(): Promise<void> {
    const rows = await query<FinishedRunRow>(
      db,
      sql`select id, connector_id, status, extract(epoch from finished_at - coalesce(started_at, queued_at)) as seconds
          from sync_runs where id > ${watermark} and finished_at is not null order by id`,
    );
    for (const row of rows) {
      if (observed.has(row.id)) continue;
      observed.add(row.id);
      runDuration.observe(
        { connector: row.connector_id, status: row.status },
        Math.max(0, Number(row.seconds)),
      );
    }
    const [pending] = await query<{ lowest: number | null }>(
      db,
      sql`select min(id) as lowest from sync_runs where id > ${watermark} and finished_at is null`,
    );
    const highest = rows.at(-1)?.id ?? watermark;
    const next = pending?.lowest == null ? highest : Math.max(watermark, Number(pending.lowest) - 1);
    for (const id of observed) if (id <= next) observed.delete(id);
    watermark = next;
  }

  async function collect(): Promise<void> {
    await observeFinishedRuns();
    runs.reset();
    const counts = await query<{ connector_id: string; status: string; n: number }>(
      db,
      sql`select connector_id, status, count(*)::int as n from sync_runs group by connector_id, status`,
    );
    for (const row of counts) runs.set({ connector: row.connector_id, status: row.status }, Number(row.n));

    openConflicts.reset();
    const kinds = await query<{ kind: string; n: number }>(
      db,
      sql`select kind, count(*)::int as n from conflicts where status = 'open' group by kind`,
    );
    // Every kind gets a series, zero included, so an alert on a kind has something to compare.
    for (const kind of CONFLICT_KINDS) openConflicts.set({ kind }, 0);
    for (const row of kinds) openConflicts.set({ kind: row.kind }, Number(row.n));

    lastSuccess.reset();
    const successes = await query<{ connector_id: string; at: number | string }>(
      db,
      sql`select connector_id, extract(epoch from last_success_at) as at from connector_state where last_success_at is not null`,
    );
    for (const row of successes) lastSuccess.set({ connector: row.connector_id }, Number(row.at));
  }

  return {
    registry,
    async scrape() {
      await collect();
      return registry.metrics();
    },
  };
}
