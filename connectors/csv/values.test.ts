import { describe, expect, it } from 'vitest';
import { isTerminatedBy, parseCalendarDate, parseDeviceLogin, splitMultiValue } from './values.ts';

describe('parseCalendarDate', () => {
  it('reads each supported format into YYYY-MM-DD', () => {
    expect(parseCalendarDate('2024-03-31', 'YYYY-MM-DD')).toBe('2024-03-31');
    expect(parseCalendarDate('2024-03-31 00:00:00', 'YYYY-MM-DD')).toBe('2024-03-31');
    expect(parseCalendarDate('2024-03-31T17:00:00Z', 'YYYY-MM-DD')).toBe('2024-03-31');
    expect(parseCalendarDate('31/03/2024', 'DD/MM/YYYY')).toBe('2024-03-31');
    expect(parseCalendarDate('3/31/2024', 'MM/DD/YYYY')).toBe('2024-03-31');
    expect(parseCalendarDate('31.3.2024', 'DD.MM.YYYY')).toBe('2024-03-31');
  });

  it('refuses impossible dates and other formats', () => {
    expect(parseCalendarDate('2023-02-29', 'YYYY-MM-DD')).toBeNull();
    expect(parseCalendarDate('2024-13-01', 'YYYY-MM-DD')).toBeNull();
    expect(parseCalendarDate('31/03/2024', 'MM/DD/YYYY')).toBeNull();
    expect(parseCalendarDate('March 31, 2024', 'YYYY-MM-DD')).toBeNull();
  });
});

describe('isTerminatedBy', () => {
  it('terminates from the day after the termination date, in UTC', () => {
    const now = new Date('2024-04-01T00:30:00Z');
    expect(isTerminatedBy('2024-03-31', now)).toBe(true);
    expect(isTerminatedBy('2024-04-01', now)).toBe(false);
  });
});

describe('parseDeviceLogin', () => {
  it('splits at the first backslash and trims both parts', () => {
    expect(parseDeviceLogin(' ACME \\ ada ')).toEqual({ username: 'ada', domain: 'ACME' });
    expect(parseDeviceLogin('*\\ada')).toEqual({ username: 'ada', domain: '*' });
    expect(parseDeviceLogin('ada@acme.example')).toEqual({ username: 'ada@acme.example', domain: '*' });
  });
});

describe('splitMultiValue', () => {
  it('uses the configured separator', () => {
    expect(splitMultiValue('a|b | c', '|')).toEqual(['a', 'b', 'c']);
    expect(splitMultiValue(null, ';')).toEqual([]);
  });
});
