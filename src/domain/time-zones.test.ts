import { describe, expect, it } from 'vitest';
import { isValidTimeZone } from './time-zones.ts';

describe('time zones', () => {
  it('accepts IANA zone names', () => {
    for (const tz of ['Europe/Paris', 'America/New_York', 'America/Argentina/Buenos_Aires', 'Asia/Tokyo']) {
      expect(isValidTimeZone(tz)).toBe(true);
    }
  });

  it('accepts UTC and Etc zones, which Intl does not list', () => {
    for (const tz of ['UTC', 'Etc/UTC', 'Etc/GMT+5', 'Etc/GMT-14']) {
      expect(isValidTimeZone(tz)).toBe(true);
    }
  });

  it('accepts current and backward-compatible names of renamed zones', () => {
    expect(isValidTimeZone('Asia/Kolkata')).toBe(true);
    expect(isValidTimeZone('Asia/Calcutta')).toBe(true);
    expect(isValidTimeZone('US/Eastern')).toBe(true);
  });

  it('refuses unknown names, raw offsets, abbreviations that are not zones, and empty text', () => {
    for (const tz of ['Mars/Olympus_Mons', 'Europe/Pariss', '+01:00', '-0500', 'CEST', '', ' Europe/Paris']) {
      expect(isValidTimeZone(tz)).toBe(false);
    }
  });

  it('gives the same answer when asked again (cached)', () => {
    expect(isValidTimeZone('US/Pacific')).toBe(true);
    expect(isValidTimeZone('US/Pacific')).toBe(true);
    expect(isValidTimeZone('Nowhere/Land')).toBe(false);
    expect(isValidTimeZone('Nowhere/Land')).toBe(false);
  });
});
