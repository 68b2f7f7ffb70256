// What the API asks of the daemon (types.ts), and the daemon's own enqueueing: scheduled ticks
// (skipped while backed off) and the start-up catch-up. Everything reads and writes sync_runs, so
// any replica answers the same.
import { fail, ok, type Result } from '../domain/errors.ts';
import type { Logger } from '../log.ts';
import { approveRun, getRun, loadConnectorState, type RunMode, type RunTrigger } from '../store/runs.ts';
import type { SyncDeps } from '../sync/runner.ts';
import { type BackoffPolicy, backedOffUntil, isBackedOff } from './backoff.ts';
import { currentRun, enqueueIn, enqueueRun, lastFailureAt, lastFinishedRun } from './queue-store.ts';
import { type ScheduledConnector, scheduleIntervalMs } from './scheduler.ts';
import type { ConnectorStatus, DaemonControl } from './types.ts';

export interface ConnectorEntry extends ScheduledConnector {
  kind: string;
}

export interface ControlOptions {
  deps: SyncDeps;
  /** The enabled connectors, in config order. */
  connectors: readonly ConnectorEntry[];
  backoff: BackoffPolicy;
  /** The scheduler's next tick (null before it starts or without a schedule). */
  nextRunAt: (connectorId: string, notBefore?: Date) => Date | null;
  /** Called after a run was queued here, so the queue takes it without waiting for its poll. */
  onEnqueued: () => void;
  log: Logger;
}

export interface Daemon extends DaemonControl {
  /** A cron tick: queues a run unless one is pending or the connector is backed off. */
  tick(connectorId: string, mode: RunMode): Promise<void>;
  /** At start: queues a run of every scheduled connector whose last success is older than its interval. */
  catchUp(): Promise<string[]>;
}

export function createDaemonControl(options: ControlOptions): Daemon {
  const { deps, log } = options;
  const entries = new Map(options.connectors.map((entry) => [entry.id, entry]));

  async function backoffOf(connectorId: string): Promise<{ failures: number; until: Date | null }> {
    const state = await loadConnectorState(deps.db, connectorId);
    if (state.consecutiveFailures === 0) return { failures: 0, until: null };
    const until = backedOffUntil(
      state.consecutiveFailures,
      await lastFailureAt(deps.db, connectorId),
      options.backoff,
    );
    return { failures: state.consecutiveFailures, until };
  }

  async function enqueueUnlessBackedOff(connectorId: string, mode: RunMode, trigger: RunTrigger) {
    const { failures, until } = await backoffOf(connectorId);
    if (isBackedOff(until, deps.clock())) {
      log.info({ connector: connectorId, failures, until }, 'run skipped: backing off after failures');
      return null;
    }
    const queued = await enqueueRun(deps.db, { connectorId, mode, trigger }, deps.clock());
    if (!queued.reused) options.onEnqueued();
    return queued;
  }

  async function status(entry: ConnectorEntry): Promise<ConnectorStatus> {
    const [state, lastRun, current, backoff] = await Promise.all([
      loadConnectorState(deps.db, entry.id),
      lastFinishedRun(deps.db, entry.id),
      currentRun(deps.db, entry.id),
      backoffOf(entry.id),
    ]);
    const now = deps.clock();
    const until = isBackedOff(backoff.until, now) ? backoff.until : null;
    const next = options.nextRunAt(entry.id, until ?? undefined);
    return {
      id: entry.id,
      kind: entry.kind,
      schedule: entry.schedule ?? null,
      fullSchedule: entry.fullSchedule ?? null,
      nextRunAt: next?.toISOString() ?? null,
      lastRun,
      lastSuccessAt: state.lastSuccessAt?.toISOString() ?? null,
      current,
      consecutiveFailures: state.consecutiveFailures,
      backedOffUntil: until?.toISOString() ?? null,
    };
  }

  return {
    connectors: () => Promise.all(options.connectors.map(status)),

    async trigger(connectorId, mode) {
      if (!entries.has(connectorId)) return fail('not_found', `no enabled connector "${connectorId}"`);
      // An admin's request is not held back by the back-off: they asked for it.
      const queued = await enqueueRun(deps.db, { connectorId, mode, trigger: 'manual' }, deps.clock());
      if (!queued.reused) options.onEnqueued();
      log.info(
        { connector: connectorId, runId: queued.run.id, reused: queued.reused },
        'manual run requested',
      );
      return ok({ runId: queued.run.id, reused: queued.reused });
    },

    async approve(runId): Promise<Result<{ runId: number }>> {
      const run = await getRun(deps.db, runId);
      if (!run) return fail('not_found', `no run ${runId}`);
      if (run.status !== 'blocked') {
        return fail('not_allowed_for_status', `run ${runId} is ${run.status}, not blocked`);
      }
      if (!entries.has(run.connector)) {
        return fail(
          'not_found',
          `run ${runId} belongs to connector "${run.connector}", which is not enabled`,
        );
      }
      const released = await deps.db.transaction(async (tx) => {
        if (!(await approveRun(tx, runId, deps.clock()))) return null;
        return enqueueIn(
          tx,
          { connectorId: run.connector, mode: run.mode, trigger: 'approval', releasesRunId: runId },
          deps.clock(),
        );
      });
      if (!released) return fail('not_allowed_for_status', `run ${runId} was already approved`);
      options.onEnqueued();
      log.info({ connector: run.connector, runId, releasedBy: released.run.id }, 'blocked run approved');
      return ok({ runId: released.run.id });
    },

    async tick(connectorId, mode) {
      await enqueueUnlessBackedOff(connectorId, mode, 'schedule');
    },

    async catchUp() {
      const started: string[] = [];
      const now = deps.clock();
      for (const entry of options.connectors) {
        const expression = entry.schedule ?? entry.fullSchedule;
        if (!expression) continue;
        const interval = scheduleIntervalMs(expression);
        const { lastSuccessAt } = await loadConnectorState(deps.db, entry.id);
        const overdue =
          lastSuccessAt === null || interval === null || now.getTime() - lastSuccessAt.getTime() > interval;
        if (!overdue) continue;
        const mode: RunMode = entry.schedule ? 'incremental' : 'full';
        const queued = await enqueueUnlessBackedOff(entry.id, mode, 'startup');
        if (queued) started.push(entry.id);
      }
      return started;
    },
  };
}
