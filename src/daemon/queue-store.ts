// The run queue lives in sync_runs (status 'queued'), so any replica can take a trigger and every
// replica sees what is queued or running. Enqueueing is serialised per connector by a transaction
// advisory lock, so two replicas (or two requests) asking at once get one run, not two.
import { sql } from 'drizzle-orm';
import { query } from '../store/bulk.ts';
import type { Db, Executor, Tx } from '../store/database.ts';
import { createRun, getRun, type RunMode, type RunTrigger, type RunView } from '../store/runs.ts';

export interface RunRequest {
  connectorId: string;
  mode: RunMode;
  trigger: RunTrigger;
  /** Approval: the blocked run this one releases, with the safeguard lifted once. */
  releasesRunId?: number;
}

export interface Enqueued {
  run: RunView;
  /** True when a run already queued or running was returned instead of a new one. */
  reused: boolean;
}

interface PendingRow {
  id: number;
  status: 'queued' | 'running';
  requested_mode: string;
  safeguard_lifted: boolean;
}

export function enqueueRun(db: Db, request: RunRequest, now: Date): Promise<Enqueued> {
  return db.transaction((tx) => enqueueIn(tx, request, now));
}

/** Inside the caller's transaction (an approval marks the blocked run in the same one). */
export async function enqueueIn(tx: Tx, request: RunRequest, now: Date): Promise<Enqueued> {
  const key = `idsync.enqueue:${request.connectorId}`;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`);
  const pending = await query<PendingRow>(
    tx,
    sql`select id, status, requested_mode, safeguard_lifted from sync_runs
        where connector_id = ${request.connectorId} and status in ('queued', 'running') order by id`,
  );
  const queued = pending.find((row) => row.status === 'queued');
  if (request.releasesRunId !== undefined) {
    // An approval must run with the safeguard lifted: a queued run takes that on; a running one
    // started without it, so the release waits behind it as a run of its own.
    if (queued) {
      await tx.execute(sql`update sync_runs set safeguard_lifted = true, releases_run_id = ${request.releasesRunId}::int,
            trigger = 'approval' where id = ${queued.id}`);
      return { run: (await getRun(tx, queued.id))!, reused: true };
    }
    const run = await createRun(tx, {
      connectorId: request.connectorId,
      requestedMode: request.mode,
      trigger: request.trigger,
      status: 'queued',
      safeguardLifted: true,
      releasesRunId: request.releasesRunId,
      now,
    });
    return { run, reused: false };
  }
  const existing = queued ?? pending[0];
  if (existing) {
    // A full run asked for while an incremental one waits: the waiting one becomes full, since
    // only full runs may act on absences and the caller must not lose that.
    if (existing.status === 'queued' && request.mode === 'full' && existing.requested_mode !== 'full') {
      await tx.execute(
        sql`update sync_runs set requested_mode = 'full', mode = 'full' where id = ${existing.id}`,
      );
    }
    return { run: (await getRun(tx, existing.id))!, reused: true };
  }
  const run = await createRun(tx, {
    connectorId: request.connectorId,
    requestedMode: request.mode,
    trigger: request.trigger,
    status: 'queued',
    now,
  });
  return { run, reused: false };
}

/** The oldest queued run of the connector: the next to take. */
export async function oldestQueued(executor: Executor, connectorId: string): Promise<RunView | null> {
  const [row] = await query<{ id: number }>(
    executor,
    sql`select id from sync_runs where connector_id = ${connectorId} and status = 'queued' order by id limit 1`,
  );
  return row ? getRun(executor, row.id) : null;
}

/** Connectors with a run queued or running: where the poll loop has something to look at. */
export async function connectorsWithPendingRuns(executor: Executor): Promise<Map<string, Set<string>>> {
  const rows = await query<{ connector_id: string; status: string }>(
    executor,
    sql`select distinct connector_id, status from sync_runs where status in ('queued', 'running')`,
  );
  const pending = new Map<string, Set<string>>();
  for (const row of rows) {
    const statuses = pending.get(row.connector_id) ?? new Set<string>();
    statuses.add(row.status);
    pending.set(row.connector_id, statuses);
  }
  return pending;
}

/** The run queued or running now (the running one first), if any. */
export async function currentRun(executor: Executor, connectorId: string): Promise<RunView | null> {
  const [row] = await query<{ id: number }>(
    executor,
    sql`select id from sync_runs where connector_id = ${connectorId} and status in ('queued', 'running')
        order by (status = 'running') desc, id limit 1`,
  );
  return row ? getRun(executor, row.id) : null;
}

/** The newest run that ended (succeeded, failed or blocked). */
export async function lastFinishedRun(executor: Executor, connectorId: string): Promise<RunView | null> {
  const [row] = await query<{ id: number }>(
    executor,
    sql`select id from sync_runs where connector_id = ${connectorId} and status in ('succeeded', 'failed', 'blocked')
        order by id desc limit 1`,
  );
  return row ? getRun(executor, row.id) : null;
}

/** When the connector's last failed run ended: where its back-off counts from. */
export async function lastFailureAt(executor: Executor, connectorId: string): Promise<Date | null> {
  const [row] = await query<{ at: string | Date | null }>(
    executor,
    sql`select max(finished_at) as at from sync_runs where connector_id = ${connectorId} and status = 'failed'`,
  );
  return row?.at ? new Date(row.at) : null;
}
