// Consecutive failures push a connector's scheduled runs back, doubling each time up to a cap, so a
// broken source is not hammered. The count lives in connector_state (recorded by the runner) and
// the last failure's time in sync_runs, so every replica and a restart see the same back-off.

export interface BackoffPolicy {
  /** Delay after the first failure. Default 60 s. */
  baseMs: number;
  /** Longest delay, however many failures. Default 1 h. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 60_000, maxMs: 3_600_000 };

/** 0 without failures; base, 2 x base, 4 x base, ... capped at max. */
export function backoffDelayMs(consecutiveFailures: number, policy: BackoffPolicy): number {
  if (consecutiveFailures <= 0) return 0;
  // Past ~40 doublings every realistic base exceeds any cap; stop there so the power stays finite.
  const exponent = Math.min(consecutiveFailures - 1, 40);
  return Math.min(policy.baseMs * 2 ** exponent, policy.maxMs);
}

/** When runs may resume, or null when the connector is not backed off (no failures). */
export function backedOffUntil(
  consecutiveFailures: number,
  lastFailureAt: Date | null,
  policy: BackoffPolicy,
): Date | null {
  if (consecutiveFailures <= 0 || lastFailureAt === null) return null;
  return new Date(lastFailureAt.getTime() + backoffDelayMs(consecutiveFailures, policy));
}

/** Whether a scheduled (not manual) run must wait at `now`. */
export function isBackedOff(until: Date | null, now: Date): boolean {
  return until !== null && now.getTime() < until.getTime();
}
