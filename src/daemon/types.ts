// What the HTTP API (and the status page) may ask of the running daemon. The daemon implements
// it; the API is written against it, so it can be tested with the real daemon or without one.
import type { Result } from '../domain/errors.ts';
import type { RunMode, RunView } from '../store/runs.ts';

export interface ConnectorStatus {
  id: string;
  kind: string;
  /** Cron expressions; null when the connector runs only on demand. */
  schedule: string | null;
  fullSchedule: string | null;
  /** ISO time of the next scheduled run, or null. */
  nextRunAt: string | null;
  lastRun: RunView | null;
  lastSuccessAt: string | null;
  /** The run queued or running now, if any. */
  current: RunView | null;
  consecutiveFailures: number;
  /** Set while failures back the schedule off: runs resume at this time. */
  backedOffUntil: string | null;
}

export interface DaemonControl {
  connectors(): Promise<ConnectorStatus[]>;
  /**
   * A manual resync. A run already queued or running for the connector is returned instead of a
   * second one (`reused: true`). Refused with `not_found` for an unknown connector.
   */
  trigger(connectorId: string, mode: RunMode): Promise<Result<{ runId: number; reused: boolean }>>;
  /** Releases a blocked run: its connector runs again at once with the safeguard lifted once. */
  approve(runId: number): Promise<Result<{ runId: number }>>;
}
