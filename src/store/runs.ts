// Sync run records and per-connector state (cursor, last success, consecutive failures).
import type { RunCounts } from '../domain/reconcile/index.ts';
import { sql } from 'drizzle-orm';
import { query } from './bulk.ts';
import type { Executor } from './database.ts';

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'blocked';
export type RunMode = 'full' | 'incremental';
export type RunTrigger = 'schedule' | 'manual' | 'cli' | 'approval' | 'startup';

/** CONTRACT.md's run counts, as the planner counts them. */
export type { RunCounts };

export interface RunError {
  message: string;
  code?: string;
  requestId?: string;
}

/** CONTRACT.md's run JSON shape, plus what an admin needs to understand the run. */
export interface RunView {
  id: number;
  connector: string;
  mode: RunMode;
  requestedMode: RunMode;
  status: RunStatus;
  trigger: RunTrigger;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  counts: RunCounts | null;
  error: RunError | null;
  warnings: string[];
  notes: string[];
  complete: boolean | null;
  safeguardLifted: boolean;
  releasesRunId: number | null;
  /** When an admin approved this blocked run (its release then runs); null until then. */
  approvedAt: string | null;
}

interface RunRow {
  id: number;
  connector_id: string;
  mode: string;
  requested_mode: string;
  status: string;
  trigger: string;
  queued_at: string | Date;
  started_at: string | Date | null;
  finished_at: string | Date | null;
  counts: RunCounts | null;
  error: RunError | null;
  warnings: string[] | null;
  notes: string[] | null;
  complete: boolean | null;
  safeguard_lifted: boolean;
  releases_run_id: number | null;
  approved_at: string | Date | null;
}

function iso(value: string | Date | null): string | null {
  if (value === null) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

function toView(row: RunRow): RunView {
  return {
    id: row.id,
    connector: row.connector_id,
    mode: row.mode as RunMode,
    requestedMode: row.requested_mode as RunMode,
    status: row.status as RunStatus,
    trigger: row.trigger as RunTrigger,
    queuedAt: iso(row.queued_at)!,
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    counts: row.counts,
    error: row.error,
    warnings: row.warnings ?? [],
    notes: row.notes ?? [],
    complete: row.complete,
    safeguardLifted: row.safeguard_lifted,
    releasesRunId: row.releases_run_id,
    approvedAt: iso(row.approved_at),
  };
}

export interface NewRun {
  connectorId: string;
  requestedMode: RunMode;
  trigger: RunTrigger;
  status: 'queued' | 'running';
  safeguardLifted?: boolean;
  releasesRunId?: number | null;
  owner?: string | null;
  now: Date;
}

export async function createRun(executor: Executor, run: NewRun): Promise<RunView> {
  const at = run.now.toISOString();
  const [row] = await query<RunRow>(
    executor,
    sql`insert into sync_runs (connector_id, mode, requested_mode, status, trigger, queued_at, started_at,
          safeguard_lifted, releases_run_id, owner)
        values (${run.connectorId}, ${run.requestedMode}, ${run.requestedMode}, ${run.status}, ${run.trigger},
          ${at}::timestamptz, ${run.status === 'running' ? at : null}::timestamptz,
          ${run.safeguardLifted ?? false}, ${run.releasesRunId ?? null}::int, ${run.owner ?? null})
        returning *`,
  );
  return toView(row!);
}

export async function markRunning(executor: Executor, runId: number, owner: string | null, now: Date) {
  await executor.execute(
    sql`update sync_runs set status = 'running', started_at = ${now.toISOString()}::timestamptz, owner = ${owner}
        where id = ${runId}`,
  );
}

export interface RunFinish {
  status: 'succeeded' | 'failed' | 'blocked';
  mode: RunMode;
  counts: RunCounts | null;
  error?: RunError | null;
  warnings?: string[];
  notes?: string[];
  complete?: boolean | null;
  now: Date;
}

export async function finishRun(executor: Executor, runId: number, finish: RunFinish): Promise<void> {
  await executor.execute(sql`update sync_runs set
      status = ${finish.status}, mode = ${finish.mode},
      finished_at = ${finish.now.toISOString()}::timestamptz,
      counts = ${finish.counts === null ? null : JSON.stringify(finish.counts)}::jsonb,
      error = ${finish.error ? JSON.stringify(finish.error) : null}::jsonb,
      warnings = ${JSON.stringify(finish.warnings ?? [])}::jsonb,
      notes = ${JSON.stringify(finish.notes ?? [])}::jsonb,
      complete = ${finish.complete ?? null}
    where id = ${runId}`);
}

export async function getRun(executor: Executor, runId: number): Promise<RunView | null> {
  const [row] = await query<RunRow>(executor, sql`select * from sync_runs where id = ${runId}`);
  return row ? toView(row) : null;
}

export interface RunFilter {
  connector?: string | undefined;
  status?: RunStatus | undefined;
  limit?: number | undefined;
  /** Only runs with a smaller id (the last id of the previous page). */
  before?: number | undefined;
}

export async function listRuns(executor: Executor, filter: RunFilter = {}): Promise<RunView[]> {
  const conditions = [sql`true`];
  if (filter.connector) conditions.push(sql`connector_id = ${filter.connector}`);
  if (filter.status) conditions.push(sql`status = ${filter.status}`);
  if (filter.before !== undefined) conditions.push(sql`id < ${filter.before}`);
  const rows = await query<RunRow>(
    executor,
    sql`select * from sync_runs where ${sql.join(conditions, sql` and `)} order by id desc limit ${filter.limit ?? 50}`,
  );
  return rows.map(toView);
}

/** Marks the blocked run as approved; the caller then starts the releasing run. */
export async function approveRun(executor: Executor, runId: number, now: Date): Promise<boolean> {
  const rows = await query<{ id: number }>(
    executor,
    sql`update sync_runs set approved_at = ${now.toISOString()}::timestamptz
        where id = ${runId} and status = 'blocked' and approved_at is null returning id`,
  );
  return rows.length === 1;
}

export interface ConnectorState {
  cursor: string | null;
  lastSuccessAt: Date | null;
  lastFullAt: Date | null;
  consecutiveFailures: number;
}

export async function loadConnectorState(executor: Executor, connectorId: string): Promise<ConnectorState> {
  const [row] = await query<{
    cursor: string | null;
    last_success_at: string | Date | null;
    last_full_at: string | Date | null;
    consecutive_failures: number;
  }>(executor, sql`select * from connector_state where connector_id = ${connectorId}`);
  if (!row) return { cursor: null, lastSuccessAt: null, lastFullAt: null, consecutiveFailures: 0 };
  const date = (v: string | Date | null) => (v === null ? null : new Date(v));
  return {
    cursor: row.cursor,
    lastSuccessAt: date(row.last_success_at),
    lastFullAt: date(row.last_full_at),
    consecutiveFailures: row.consecutive_failures,
  };
}

/** Saved in the run's apply transaction: the cursor moves only when the run's changes commit. */
export async function recordSuccess(
  executor: Executor,
  connectorId: string,
  outcome: { cursor: string | null; mode: RunMode; now: Date },
): Promise<void> {
  const at = outcome.now.toISOString();
  const fullAt = outcome.mode === 'full' ? at : null;
  await executor.execute(sql`insert into connector_state (connector_id, cursor, updated_at, last_success_at, last_full_at, consecutive_failures)
      values (${connectorId}, ${outcome.cursor}, ${at}::timestamptz, ${at}::timestamptz, ${fullAt}::timestamptz, 0)
      on conflict (connector_id) do update set cursor = excluded.cursor, updated_at = excluded.updated_at,
        last_success_at = excluded.last_success_at,
        last_full_at = coalesce(excluded.last_full_at, connector_state.last_full_at),
        consecutive_failures = 0`);
}

export async function recordFailure(executor: Executor, connectorId: string, now: Date): Promise<number> {
  const [row] = await query<{ consecutive_failures: number }>(
    executor,
    sql`insert into connector_state (connector_id, updated_at, consecutive_failures)
        values (${connectorId}, ${now.toISOString()}::timestamptz, 1)
        on conflict (connector_id) do update set consecutive_failures = connector_state.consecutive_failures + 1,
          updated_at = excluded.updated_at
        returning consecutive_failures`,
  );
  return row?.consecutive_failures ?? 1;
}

/**
 * Runs of this connector still marked running when a new one starts were cut short (the process
 * died mid-run); their transaction rolled back, so nothing of them was applied. Say so.
 */
export async function abandonStaleRuns(executor: Executor, connectorId: string, now: Date): Promise<number> {
  const rows = await query<{ id: number }>(
    executor,
    sql`update sync_runs set status = 'failed', finished_at = ${now.toISOString()}::timestamptz,
          error = ${JSON.stringify({ message: 'run cut short (process stopped or connection lost); nothing of it was applied' })}::jsonb
        where connector_id = ${connectorId} and status = 'running' returning id`,
  );
  return rows.length;
}
