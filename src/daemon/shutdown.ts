// One shutdown for SIGTERM and SIGINT (ARCHITECTURE.md "One composition root"): the daemon's stop
// runs once, however many signals arrive; a second signal does not cut it short, the bound does.
import type { Logger } from '../log.ts';

export interface SignalHandlers {
  /** Removes the handlers (after a stop that was not signalled). */
  remove(): void;
}

export function onShutdownSignals(
  stop: (signal: NodeJS.Signals) => Promise<void>,
  log: Logger,
  signals: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'],
): SignalHandlers {
  let stopping = false;
  function handle(signal: NodeJS.Signals): void {
    if (stopping) {
      log.warn({ signal }, 'already shutting down');
      return;
    }
    stopping = true;
    log.info({ signal }, 'shutting down');
    stop(signal).catch((error: unknown) => log.error({ err: error }, 'shutdown failed'));
  }
  for (const signal of signals) process.on(signal, handle);
  return {
    remove() {
      for (const signal of signals) process.off(signal, handle);
    },
  };
}

/** Runs `step`, giving up on it after `ms` so one stuck step cannot hold the exit. */
export async function within<T>(ms: number, step: Promise<T>, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  try {
    return await Promise.race([step, late]);
  } finally {
    clearTimeout(timer);
  }
}
