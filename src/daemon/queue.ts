// Takes queued runs from the database and runs them, one at a time per connector (a p-queue of
// concurrency 1 each), under the connector's lock so no other replica runs it meanwhile. A poll
// loop looks for queued runs, so a trigger stored by another replica is taken here too; a local
// trigger kicks the loop at once.
import PQueue from 'p-queue';
import type { Logger } from '../log.ts';
import { abandonStaleRuns } from '../store/runs.ts';
import { runSync, type SyncDeps, type SyncResult } from '../sync/runner.ts';
import type { ConnectorLocks } from './lock.ts';
import { connectorsWithPendingRuns, oldestQueued } from './queue-store.ts';

export interface RunQueueOptions {
  deps: SyncDeps;
  locks: ConnectorLocks;
  /** This replica's id, recorded as the runs' owner. */
  owner: string;
  /** How often to look for runs queued by another replica (ms). Default 2000. */
  pollIntervalMs?: number;
  log: Logger;
  /** Told after every run this replica finished (tests and metrics). */
  onRunFinished?: (result: SyncResult) => void;
}

export interface RunQueue {
  /** Look for queued runs now (after a local trigger). */
  kick(): void;
  start(): void;
  /**
   * Takes no new runs, aborts the running ones (their transaction rolls back unless it is already
   * committing) and waits for them up to `timeoutMs`. Runs still queued stay queued in the
   * database for another replica or the next start. True when every run ended in time.
   */
  stop(timeoutMs: number): Promise<boolean>;
}

export function createRunQueue(options: RunQueueOptions): RunQueue {
  const { deps, locks, owner, log } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 2000;
  const queues = new Map<string, PQueue>();
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let polling: Promise<void> | null = null;
  let pollAgain = false;

  function queueOf(connectorId: string): PQueue {
    let queue = queues.get(connectorId);
    if (!queue) {
      queue = new PQueue({ concurrency: 1 });
      queues.set(connectorId, queue);
    }
    return queue;
  }

  /** Under the connector's lock: clear runs a dead holder left running, then run what is queued. */
  async function takeQueuedRuns(connectorId: string): Promise<void> {
    if (abort.signal.aborted) return;
    const lock = await locks.tryAcquire(connectorId);
    if (!lock) return;
    try {
      // Holding the lock, any run still marked running has lost its process: nothing of it was applied.
      const abandoned = await abandonStaleRuns(deps.db, connectorId, deps.clock());
      if (abandoned > 0)
        log.warn({ connector: connectorId, abandoned }, 'runs of a stopped replica marked failed');
      for (;;) {
        if (abort.signal.aborted) return;
        const next = await oldestQueued(deps.db, connectorId);
        if (!next) return;
        const result = await runSync(
          deps,
          {
            connectorId,
            mode: next.requestedMode,
            trigger: next.trigger,
            queuedRunId: next.id,
            owner,
            safeguardLifted: next.safeguardLifted,
            releasesRunId: next.releasesRunId,
          },
          abort.signal,
        );
        options.onRunFinished?.(result);
      }
    } finally {
      await lock.release();
    }
  }

  async function pollOnce(): Promise<void> {
    const pending = await connectorsWithPendingRuns(deps.db);
    for (const connectorId of pending.keys()) {
      if (!deps.connectors.has(connectorId)) continue;
      const queue = queueOf(connectorId);
      // A job already waiting or running here will see this run; one more would only spin.
      if (queue.size + queue.pending > 0) continue;
      queue
        .add(() => takeQueuedRuns(connectorId))
        .catch((error: unknown) => log.error({ err: error, connector: connectorId }, 'queued run not taken'));
    }
  }

  function poll(): void {
    if (abort.signal.aborted) return;
    if (polling) {
      pollAgain = true;
      return;
    }
    polling = pollOnce()
      .catch((error: unknown) => log.error({ err: error }, 'polling for queued runs failed'))
      .finally(() => {
        polling = null;
        if (pollAgain) {
          pollAgain = false;
          poll();
        }
      });
  }

  return {
    kick: poll,
    start() {
      timer = setInterval(poll, pollIntervalMs);
      poll();
    },
    async stop(timeoutMs) {
      if (timer) clearInterval(timer);
      abort.abort(new Error('the daemon is shutting down'));
      for (const queue of queues.values()) queue.clear();
      const idle = Promise.all([polling, ...[...queues.values()].map((queue) => queue.onIdle())]).then(
        () => true,
      );
      let deadline: NodeJS.Timeout | undefined;
      const late = new Promise<boolean>((resolve) => {
        deadline = setTimeout(() => resolve(false), timeoutMs);
      });
      try {
        return await Promise.race([idle, late]);
      } finally {
        clearTimeout(deadline);
      }
    },
  };
}
