// node-cron tasks, one per schedule. A tick only enqueues (ARCHITECTURE.md "The scheduler only
// enqueues"); the queue runs it. Every replica ticks: enqueueing coalesces, so one run results.
import cron, { type ScheduledTask } from 'node-cron';
import type { RunMode } from '../store/runs.ts';

export interface ScheduledConnector {
  id: string;
  schedule?: string | undefined;
  fullSchedule?: string | undefined;
}

export interface Scheduler {
  /** The next tick of any of the connector's schedules at or after `notBefore`, or null. */
  nextRunAt(connectorId: string, notBefore?: Date): Date | null;
  stop(): Promise<void>;
}

export function startScheduler(
  connectors: readonly ScheduledConnector[],
  onTick: (connectorId: string, mode: RunMode) => void,
): Scheduler {
  const tasks = new Map<string, ScheduledTask[]>();
  for (const connector of connectors) {
    const own: ScheduledTask[] = [];
    if (connector.schedule) {
      own.push(
        cron.schedule(connector.schedule, () => onTick(connector.id, 'incremental'), {
          name: `${connector.id}:schedule`,
        }),
      );
    }
    if (connector.fullSchedule) {
      own.push(
        cron.schedule(connector.fullSchedule, () => onTick(connector.id, 'full'), {
          name: `${connector.id}:full`,
        }),
      );
    }
    tasks.set(connector.id, own);
  }
  return {
    nextRunAt(connectorId, notBefore) {
      let next: Date | null = null;
      for (const task of tasks.get(connectorId) ?? []) {
        const candidate = notBefore ? firstRunFrom(task, notBefore) : task.getNextRun();
        if (candidate && (next === null || candidate < next)) next = candidate;
      }
      return next;
    },
    async stop() {
      for (const own of tasks.values()) {
        for (const task of own) await task.destroy();
      }
      tasks.clear();
    },
  };
}

/** The first tick at or after `notBefore` (a back-off end), looking a bounded way ahead. */
function firstRunFrom(task: ScheduledTask, notBefore: Date): Date | null {
  const runs = task.getNextRuns(200);
  if (runs.length === 0) return null;
  // Beyond the horizon (a long back-off on a seconds schedule): the back-off end is close enough.
  return runs.find((run) => run >= notBefore) ?? notBefore;
}

/**
 * The time between two ticks of a schedule: a connector whose last success is older than this
 * is overdue at start. Measured between the next two ticks, so irregular schedules get their
 * upcoming gap.
 */
export function scheduleIntervalMs(expression: string): number | null {
  const task = cron.createTask(expression, () => {});
  try {
    const [first, second] = task.getNextRuns(2);
    if (!first || !second) return null;
    return second.getTime() - first.getTime();
  } finally {
    void task.destroy();
  }
}
