// `idsync sync` and `idsync approve`: one run of every (or one) connector, in config order.
import type { App } from '../app.ts';
import type { IdsyncConfig } from '../config/schema.ts';
import { openConnectorLocks } from '../daemon/lock.ts';
import { approveRun, getRun } from '../store/runs.ts';
import { runSync, type SyncResult } from '../sync/runner.ts';
import { EXIT_BLOCKED, EXIT_OK, EXIT_RUN_FAILED, UsageError } from './exit-codes.ts';

export interface SyncOptions {
  connector?: string;
  full?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

interface ConnectorOutcome {
  connector: string;
  result: SyncResult;
}

function exitCodeOf(outcomes: ConnectorOutcome[]): number {
  if (outcomes.some((o) => o.result.status === 'failed')) return EXIT_RUN_FAILED;
  if (outcomes.some((o) => o.result.status === 'blocked')) return EXIT_BLOCKED;
  return EXIT_OK;
}

function printHuman(outcomes: ConnectorOutcome[], out: NodeJS.WritableStream): void {
  for (const { connector, result } of outcomes) {
    const counts = result.run?.counts ?? result.plan?.counts ?? null;
    const head = result.run ? `run ${result.run.id} ${result.run.mode}` : 'dry run';
    out.write(`${connector}: ${result.status} (${head})\n`);
    if (counts) {
      const parts = Object.entries(counts).map(([k, v]) => `${k}=${v}`);
      out.write(`  ${parts.join(' ')}\n`);
    }
    if (result.error) {
      const extra = [result.error.code, result.error.requestId && `request id ${result.error.requestId}`];
      out.write(
        `  error: ${result.error.message}${extra.filter(Boolean).length ? ` (${extra.filter(Boolean).join(', ')})` : ''}\n`,
      );
    }
    if (result.status === 'blocked' && result.run) {
      out.write(
        `  blocked by the deletion safeguard: ${result.plan?.verdict.blocked ? result.plan.verdict.reason : ''}\n`,
      );
      out.write(`  review it, then release it with: idsync approve ${result.run.id}\n`);
    }
    if (result.description && result.status === 'dry_run') out.write(`${result.description}\n`);
  }
}

function toJson(outcomes: ConnectorOutcome[]) {
  return outcomes.map(({ connector, result }) => ({
    connector,
    status: result.status,
    run: result.run,
    counts: result.run?.counts ?? result.plan?.counts ?? null,
    error: result.error,
    ...(result.status === 'dry_run' && result.plan
      ? {
          plan: {
            description: result.description,
            changes: result.plan.changes.length,
            conflicts: result.plan.conflicts,
            notes: result.plan.notes,
            verdict: result.plan.verdict,
          },
        }
      : {}),
  }));
}

/** `--connector` must name an enabled connector of the config. */
export function checkConnectorOption(config: IdsyncConfig, connector: string | undefined): void {
  if (connector === undefined) return;
  const ids = config.connectors.filter((c) => c.enabled).map((c) => c.id);
  if (!ids.includes(connector)) {
    throw new UsageError(
      `--connector: no enabled connector "${connector}" in the config (have: ${ids.join(', ') || 'none'})`,
    );
  }
}

export async function syncCommand(
  app: App,
  options: SyncOptions,
  out: NodeJS.WritableStream,
): Promise<number> {
  checkConnectorOption(app.config, options.connector);
  const ids = [...app.sync.connectors.keys()];
  const selected = options.connector === undefined ? ids : [options.connector];
  const signal = new AbortController().signal;
  const outcomes: ConnectorOutcome[] = [];
  for (const connector of selected) {
    outcomes.push({
      connector,
      result: await underConnectorLock(app, connector, () => runOne(app, connector, options, signal)),
    });
  }
  if (options.json) out.write(`${JSON.stringify(toJson(outcomes), null, 2)}\n`);
  else printHuman(outcomes, out);
  return exitCodeOf(outcomes);
}

/**
 * A daemon on the same PostgreSQL may be running the connector: take its lock, as the daemon
 * does, so the two never run one connector at once. Held by another process: the run fails.
 */
async function underConnectorLock(
  app: App,
  connector: string,
  run: () => Promise<SyncResult>,
): Promise<SyncResult> {
  const locks = openConnectorLocks(app.config.database.url || undefined, 1);
  try {
    const lock = await locks.tryAcquire(connector);
    if (!lock) {
      const message = 'another idsync process is running this connector now; try again when it finishes';
      return { status: 'failed', run: null, plan: null, description: null, error: { message } };
    }
    try {
      return await run();
    } finally {
      await lock.release();
    }
  } finally {
    await locks.close();
  }
}

function runOne(app: App, connector: string, options: SyncOptions, signal: AbortSignal): Promise<SyncResult> {
  return runSync(
    app.sync,
    {
      connectorId: connector,
      mode: options.full ? 'full' : 'incremental',
      trigger: 'cli',
      dryRun: options.dryRun ?? false,
    },
    signal,
  );
}

export async function approveCommand(app: App, runId: number, out: NodeJS.WritableStream): Promise<number> {
  const run = await getRun(app.database.db, runId);
  if (!run) throw new UsageError(`RUN_ID: no run ${runId}`);
  if (run.status !== 'blocked') throw new UsageError(`RUN_ID: run ${runId} is ${run.status}, not blocked`);
  if (!app.sync.connectors.has(run.connector)) {
    throw new UsageError(
      `RUN_ID: run ${runId} belongs to connector "${run.connector}", which is not enabled in the config`,
    );
  }
  const result = await underConnectorLock(app, run.connector, async () => {
    // Approved only once the lock is ours, so a refused attempt can be repeated.
    if (!(await approveRun(app.database.db, runId, app.sync.clock()))) {
      throw new UsageError(`RUN_ID: run ${runId} was already approved`);
    }
    return runSync(
      app.sync,
      {
        connectorId: run.connector,
        mode: run.mode,
        trigger: 'approval',
        safeguardLifted: true,
        releasesRunId: runId,
      },
      new AbortController().signal,
    );
  });
  printHuman([{ connector: run.connector, result }], out);
  return exitCodeOf([{ connector: run.connector, result }]);
}
