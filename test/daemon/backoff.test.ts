import { describe, expect, it } from 'vitest';
import { backedOffUntil, backoffDelayMs, isBackedOff } from '../../src/daemon/backoff.ts';

const policy = { baseMs: 1_000, maxMs: 10_000 };

describe('back-off after consecutive failures', () => {
  it('does not hold back a connector without failures', () => {
    expect(backoffDelayMs(0, policy)).toBe(0);
    expect(backedOffUntil(0, new Date('2026-01-01T00:00:00Z'), policy)).toBeNull();
  });

  it('doubles the delay with each consecutive failure', () => {
    expect([1, 2, 3, 4].map((failures) => backoffDelayMs(failures, policy))).toEqual([
      1_000, 2_000, 4_000, 8_000,
    ]);
  });

  it('caps the delay however many failures there were', () => {
    expect(backoffDelayMs(5, policy)).toBe(10_000);
    expect(backoffDelayMs(10_000, policy)).toBe(10_000);
  });

  it('counts the delay from the last failure and lifts it once that time has passed', () => {
    const last = new Date('2026-01-01T00:00:00Z');
    const until = backedOffUntil(2, last, policy);
    expect(until?.toISOString()).toBe('2026-01-01T00:00:02.000Z');
    expect(isBackedOff(until, new Date('2026-01-01T00:00:01.999Z'))).toBe(true);
    expect(isBackedOff(until, new Date('2026-01-01T00:00:02.000Z'))).toBe(false);
  });
});
