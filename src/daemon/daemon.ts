// `idsync start`: the one composition root of the daemon. Config -> database (migrated) -> settings
// seeded -> connectors -> locks -> queue -> control -> start-up catch-up -> scheduler -> server.
// `stop` undoes it in reverse: cron, queue (running runs abort and roll back, or commit if already
// committing), server, locks, pool; all within sync.shutdown_timeout_seconds.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { seedSettingsFromConfig } from '../admin/settings-service.ts';
import { openApp } from '../app.ts';
import type { IdsyncConfig } from '../config/schema.ts';
import type { Logger } from '../log.ts';
import type { Db } from '../store/database.ts';
import type { SyncResult } from '../sync/runner.ts';
import { type BackoffPolicy, DEFAULT_BACKOFF } from './backoff.ts';
import { type ConnectorEntry, createDaemonControl } from './control.ts';
import { openConnectorLocks } from './lock.ts';
import { createRunQueue } from './queue.ts';
import { type Scheduler, startScheduler } from './scheduler.ts';
import { onShutdownSignals, within } from './shutdown.ts';
import type { DaemonControl } from './types.ts';

export interface ListeningServer {
  close(): Promise<void>;
}

/** What the HTTP server is built from besides the control: the daemon's own database and log. */
export interface ListenContext {
  db: Db;
  log: Logger;
  clock: () => Date;
}

export interface DaemonOptions {
  log?: Logger;
  clock?: () => Date;
  /** Attaches the HTTP server; absent, the daemon runs without one. */
  listen?: (control: DaemonControl, context: ListenContext) => Promise<ListeningServer>;
  /** How often to look for runs another replica queued (ms). Default 2000. */
  pollIntervalMs?: number;
  backoff?: BackoffPolicy;
  /** Install SIGTERM/SIGINT handlers that stop the daemon. Default true. */
  handleSignals?: boolean;
  /** This replica's id; default hostname, pid and a random suffix. */
  owner?: string;
  onRunFinished?: (result: SyncResult) => void;
}

export interface RunningDaemon {
  control: DaemonControl;
  /** This replica's id (the `owner` of its runs). */
  owner: string;
  stop(): Promise<void>;
  /** Settles once the daemon has stopped (by `stop` or a signal). */
  done: Promise<void>;
}

export function replicaId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

export async function startDaemon(config: IdsyncConfig, options: DaemonOptions = {}): Promise<RunningDaemon> {
  const app = await openApp(config, {
    ...(options.log && { log: options.log }),
    ...(options.clock && { clock: options.clock }),
  });
  const { log } = app;
  const owner = options.owner ?? replicaId();
  const connectors: ConnectorEntry[] = config.connectors
    .filter((entry) => entry.enabled && app.sync.connectors.has(entry.id))
    .map((entry) => ({
      id: entry.id,
      kind: entry.kind,
      schedule: entry.schedule,
      fullSchedule: entry.full_schedule,
    }));

  const seeded = await seedSettingsFromConfig(app.database.db, config.settings, app.sync.clock());
  if (seeded.applied.length > 0 || seeded.keptFromApi.length > 0) {
    log.info({ applied: seeded.applied, keptFromApi: seeded.keptFromApi }, 'settings seeded from config');
  }

  const locks = openConnectorLocks(config.database.url || undefined, connectors.length);
  const queue = createRunQueue({
    deps: app.sync,
    locks,
    owner,
    log,
    ...(options.pollIntervalMs !== undefined && { pollIntervalMs: options.pollIntervalMs }),
    ...(options.onRunFinished && { onRunFinished: options.onRunFinished }),
  });
  let scheduler: Scheduler | null = null;
  const control = createDaemonControl({
    deps: app.sync,
    connectors,
    backoff: options.backoff ?? DEFAULT_BACKOFF,
    nextRunAt: (id, notBefore) => scheduler?.nextRunAt(id, notBefore) ?? null,
    onEnqueued: () => queue.kick(),
    log,
  });

  queue.start();
  const caughtUp = await control.catchUp();
  if (caughtUp.length > 0) log.info({ connectors: caughtUp }, 'overdue connectors queued at start');
  scheduler = startScheduler(connectors, (id, mode) => {
    control
      .tick(id, mode)
      .catch((error: unknown) => log.error({ err: error, connector: id }, 'scheduled run not queued'));
  });
  let server: ListeningServer | null = null;
  let stopping: Promise<void> | null = null;
  let resolveDone: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });

  async function shutdown(): Promise<void> {
    const boundMs = config.sync.shutdown_timeout_seconds * 1000;
    const started = Date.now();
    const left = () => Math.max(0, boundMs - (Date.now() - started));
    await scheduler?.stop();
    const drained = await queue.stop(left());
    if (!drained)
      log.warn(
        { timeoutSeconds: config.sync.shutdown_timeout_seconds },
        'a run did not end in time; abandoned',
      );
    // The server and pool get what is left of the bound, but at least a moment each.
    if (server) await within(Math.max(left(), 500), server.close(), undefined);
    await within(Math.max(left(), 500), locks.close(), undefined);
    await within(Math.max(left(), 1000), app.close(), undefined);
    log.info({ ms: Date.now() - started, drained }, 'daemon stopped');
  }

  function stop(): Promise<void> {
    stopping ??= shutdown().finally(() => {
      signals?.remove();
      resolveDone();
    });
    return stopping;
  }

  const signals = options.handleSignals === false ? null : onShutdownSignals(() => stop(), log);
  try {
    if (options.listen)
      server = await options.listen(control, { db: app.database.db, log, clock: app.sync.clock });
  } catch (error) {
    await stop();
    throw error;
  }
  log.info({ owner, connectors: connectors.map((c) => c.id), database: app.database.kind }, 'daemon started');
  return { control, owner, stop, done };
}
