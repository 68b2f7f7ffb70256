// One run of one connector: pull, plan against a snapshot, then apply in one transaction (or
// stop at the deletion safeguard, or only describe the plan for --dry-run).
import type { Connector, PullMode } from '../../connectors/types.ts';
import type { ReconciliationPlan } from '../domain/reconcile/index.ts';
import { describePlan, planReconciliation, snapshotScope } from '../domain/reconcile/index.ts';
import type { Logger } from '../log.ts';
import type { Db, Executor } from '../store/database.ts';
import {
  abandonStaleRuns,
  createRun,
  finishRun,
  getRun,
  loadConnectorState,
  markRunning,
  type RunError,
  type RunTrigger,
  type RunView,
  recordFailure,
  recordSuccess,
} from '../store/runs.ts';
import { loadConnectorLinks, loadSyncSnapshot } from '../store/sync-snapshot.ts';
import { commitPlan } from './commit-plan.ts';
import { drainPull, type PulledRun } from './pull.ts';

export interface ConnectorInstance {
  connector: Connector;
  onDisable: 'untrack' | 'remove_identifiers' | 'ignore';
}

export interface SyncDeps {
  db: Db;
  connectors: ReadonlyMap<string, ConnectorInstance>;
  /** Precedence of every configured connector (lower wins on shared attributes). */
  precedence: ReadonlyMap<string, number>;
  deletionThreshold: { count: number; percent: number };
  log: Logger;
  clock: () => Date;
}

export interface SyncRequest {
  connectorId: string;
  /** 'full' forces a full pull; 'incremental' uses the cursor when there is one. */
  mode: PullMode;
  trigger: RunTrigger;
  dryRun?: boolean;
  /** Set on the run an approval starts: the safeguard is lifted for it alone. */
  safeguardLifted?: boolean;
  releasesRunId?: number | null;
  /** A run already recorded as queued (daemon) to take over instead of creating one. */
  queuedRunId?: number;
  owner?: string | null;
}

export interface SyncResult {
  status: 'succeeded' | 'failed' | 'blocked' | 'dry_run';
  /** The run record; null for a dry run, which writes nothing. */
  run: RunView | null;
  plan: ReconciliationPlan | null;
  /** The plan in words (always set for a dry run). */
  description: string | null;
  error: RunError | null;
}

/** Errors a connector raises may carry a vendor code and request id. */
function runErrorOf(error: unknown, signal: AbortSignal): RunError {
  if (signal.aborted) return { message: 'run abandoned: the daemon is shutting down; nothing was applied' };
  const e = error as { message?: unknown; code?: unknown; requestId?: unknown };
  const out: RunError = { message: typeof e?.message === 'string' ? e.message : String(error) };
  if (typeof e?.code === 'string') out.code = e.code;
  if (typeof e?.requestId === 'string') out.requestId = e.requestId;
  return out;
}

export async function runSync(
  deps: SyncDeps,
  request: SyncRequest,
  signal: AbortSignal,
): Promise<SyncResult> {
  const instance = deps.connectors.get(request.connectorId);
  if (!instance) throw new Error(`unknown connector ${request.connectorId}`);
  const { db, log } = deps;
  const state = await loadConnectorState(db, request.connectorId);
  const mode: PullMode = request.mode === 'full' || state.cursor === null ? 'full' : 'incremental';

  let runId: number | null = null;
  if (!request.dryRun) {
    await abandonStaleRuns(db, request.connectorId, deps.clock());
    if (request.queuedRunId !== undefined) {
      runId = request.queuedRunId;
      await markRunning(db, runId, request.owner ?? null, deps.clock());
    } else {
      const run = await createRun(db, {
        connectorId: request.connectorId,
        requestedMode: mode,
        trigger: request.trigger,
        status: 'running',
        safeguardLifted: request.safeguardLifted ?? false,
        releasesRunId: request.releasesRunId ?? null,
        owner: request.owner ?? null,
        now: deps.clock(),
      });
      runId = run.id;
    }
  }
  const runLog = log.child({ connector: request.connectorId, runId, mode });
  const started = performance.now();
  let mode_ = mode;
  try {
    const pulled = await drainPull(instance.connector, { mode, cursor: state.cursor, signal });
    mode_ = pulled.outcome.mode;
    runLog.info(
      {
        records: pulled.records.length,
        invalid: pulled.invalid.length,
        pages: pulled.pages,
        ms: ms(started),
      },
      'pulled',
    );
    const notes = pulled.outcome.fallbackReason ? [`ran fully: ${pulled.outcome.fallbackReason}`] : [];
    const result = await db.transaction(async (tx) => {
      const now = deps.clock();
      const plan = await planAgainstStore(tx, { deps, instance, request, pulled, now, log: runLog, started });
      // Past this point only the plan is needed: the records go (the snapshot went with the call
      // above), so a large run's apply does not carry them too.
      pulled.records = [];
      runLog.info({ changes: plan.changes.length, counts: plan.counts, ms: ms(started) }, 'planned');
      if (request.dryRun || runId === null || plan.verdict.blocked) return plan;
      await commitPlan(tx, { runId, connectorId: request.connectorId, plan, now });
      await recordSuccess(tx, request.connectorId, {
        cursor: pulled.outcome.cursor,
        mode: pulled.outcome.mode,
        now,
      });
      // Checked last: a shutdown that arrives during the apply rolls the whole run back.
      signal.throwIfAborted();
      await finishRun(tx, runId, {
        status: 'succeeded',
        mode: pulled.outcome.mode,
        counts: plan.counts,
        warnings: pulled.outcome.warnings,
        notes: [...notes, ...plan.notes],
        complete: pulled.outcome.complete,
        now: deps.clock(),
      });
      return plan;
    });
    if (request.dryRun || runId === null) {
      return { status: 'dry_run', run: null, plan: result, description: describePlan(result), error: null };
    }
    if (result.verdict.blocked) {
      await finishRun(db, runId, {
        status: 'blocked',
        mode: pulled.outcome.mode,
        counts: result.counts,
        warnings: pulled.outcome.warnings,
        notes: [...notes, result.verdict.reason, ...result.notes],
        complete: pulled.outcome.complete,
        now: deps.clock(),
      });
      runLog.warn({ reason: result.verdict.reason }, 'run blocked by the deletion safeguard');
      return {
        status: 'blocked',
        run: await getRun(db, runId),
        plan: result,
        description: describePlan(result),
        error: null,
      };
    }
    runLog.info({ counts: result.counts, ms: ms(started) }, 'run succeeded');
    return {
      status: 'succeeded',
      run: await getRun(db, runId),
      plan: result,
      description: null,
      error: null,
    };
  } catch (error) {
    const runError = runErrorOf(error, signal);
    runLog.error({ err: runError }, 'run failed');
    if (runId === null) throw error;
    await finishRun(db, runId, {
      status: 'failed',
      mode: mode_,
      counts: null,
      error: runError,
      now: deps.clock(),
    });
    // A shutdown is not the source failing: it must not back the connector off.
    if (!signal.aborted) await recordFailure(db, request.connectorId, deps.clock());
    return { status: 'failed', run: await getRun(db, runId), plan: null, description: null, error: runError };
  }
}

/** Loads the snapshot the run's records can touch and plans them against it. */
async function planAgainstStore(
  tx: Executor,
  args: {
    deps: SyncDeps;
    instance: ConnectorInstance;
    request: SyncRequest;
    pulled: PulledRun;
    now: Date;
    log: Logger;
    started: number;
  },
): Promise<ReconciliationPlan> {
  const { deps, instance, request, pulled, now, log, started } = args;
  const snapshot = await loadScopedSnapshot(tx, request.connectorId, deps.precedence, pulled);
  log.info({ users: snapshot.users.size, ms: ms(started) }, 'snapshot loaded');
  return planReconciliation({
    snapshot,
    records: pulled.records,
    invalid: pulled.invalid,
    removals: pulled.removals,
    outcome: { mode: pulled.outcome.mode, complete: pulled.outcome.complete },
    policy: {
      onDisable: instance.onDisable,
      deletionThreshold: deps.deletionThreshold,
      safeguardLifted: request.safeguardLifted ?? false,
    },
    now,
  });
}

/**
 * When few records changed, load only the users they can touch (their links, the holders of their
 * identifiers and names); the whole account only when a large share changed. The planner reads
 * either the same way.
 */
async function loadScopedSnapshot(
  tx: Executor,
  connectorId: string,
  precedence: ReadonlyMap<string, number>,
  pulled: PulledRun,
) {
  // An incremental pull that brought nothing (an unchanged file, an empty delta) can touch nobody.
  const nothingPulled =
    pulled.outcome.mode === 'incremental' &&
    pulled.records.length === 0 &&
    pulled.invalid.length === 0 &&
    pulled.removals.length === 0;
  const links = nothingPulled ? new Map() : await loadConnectorLinks(tx, connectorId);
  const scope = snapshotScope(links, {
    records: pulled.records,
    invalid: pulled.invalid,
    removals: pulled.removals,
    outcome: pulled.outcome,
  });
  const wide = scope.changed + scope.externalIds.length > Math.max(1_000, links.size / 4);
  return loadSyncSnapshot(tx, connectorId, precedence, wide ? { links } : { links, scope });
}

function ms(since: number): number {
  return Math.round(performance.now() - since);
}
