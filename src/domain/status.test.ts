import { describe, expect, it } from 'vitest';
import { deriveStatus, lastActivity, licensesOf } from './status.ts';
import type { Agent, Tracking } from './types.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const now = new Date('2025-06-30T12:00:00Z');
const settings = { activityThresholdDays: 14 };

let nextAgentId = 1;
function agent(lastLog: Date | null, hasData = true): Agent {
  return {
    id: nextAgentId++,
    userId: 1,
    username: 'jdoe',
    logonDomain: 'CORP',
    firstLog: lastLog === null ? null : new Date(lastLog.getTime() - 30 * DAY_MS),
    lastLog,
    hasData,
  };
}

function daysBefore(days: number, ms = 0): Date {
  return new Date(now.getTime() - days * DAY_MS - ms);
}

function user(tracking: Tracking, agents: Agent[]) {
  return { tracking, agents };
}

describe('status', () => {
  it('is Unlicensed for a record without agents', () => {
    expect(deriveStatus(user('tracked', []), settings, now)).toBe('unlicensed');
  });

  it('is Unlicensed when no agent has data (e.g. right after a reset)', () => {
    expect(deriveStatus(user('tracked', [agent(daysBefore(1), false)]), settings, now)).toBe('unlicensed');
  });

  it('is Active when tracked and the last activity is within the threshold', () => {
    expect(deriveStatus(user('tracked', [agent(daysBefore(3))]), settings, now)).toBe('active');
  });

  it('is still Active at exactly the threshold and Inactive one millisecond past it', () => {
    expect(deriveStatus(user('tracked', [agent(daysBefore(14))]), settings, now)).toBe('active');
    expect(deriveStatus(user('tracked', [agent(daysBefore(14, 1))]), settings, now)).toBe('inactive');
  });

  it('is Inactive when the last activity is older than the threshold', () => {
    expect(deriveStatus(user('tracked', [agent(daysBefore(30))]), settings, now)).toBe('inactive');
  });

  it('is Inactive when untracked, even with recent activity', () => {
    expect(deriveStatus(user('untracked', [agent(daysBefore(0))]), settings, now)).toBe('inactive');
  });

  it('is Unlicensed when untracked without data', () => {
    expect(deriveStatus(user('untracked', [agent(null, false)]), settings, now)).toBe('unlicensed');
  });

  it('follows the threshold setting', () => {
    const tenDaysAgo = user('tracked', [agent(daysBefore(10))]);
    expect(deriveStatus(tenDaysAgo, { activityThresholdDays: 7 }, now)).toBe('inactive');
    expect(deriveStatus(tenDaysAgo, { activityThresholdDays: 30 }, now)).toBe('active');
  });

  it('takes the last activity from agents with data only', () => {
    const stale = agent(daysBefore(20));
    const withoutData = agent(daysBefore(1), false);
    expect(lastActivity([stale, withoutData])).toEqual(stale.lastLog);
    expect(deriveStatus(user('tracked', [stale, withoutData]), settings, now)).toBe('inactive');
    expect(lastActivity([withoutData])).toBeNull();
  });

  it('takes the most recent last log among several agents', () => {
    const recent = agent(daysBefore(2));
    expect(lastActivity([agent(daysBefore(9)), recent, agent(daysBefore(5))])).toEqual(recent.lastLog);
  });
});

describe('licenses', () => {
  it('counts one license per agent with data', () => {
    expect(licensesOf({ agents: [agent(daysBefore(1)), agent(daysBefore(40)), agent(null, false)] })).toBe(2);
    expect(licensesOf({ agents: [] })).toBe(0);
  });

  it('keeps the licenses of an Inactive user', () => {
    const inactive = user('untracked', [agent(daysBefore(90)), agent(daysBefore(100))]);
    expect(deriveStatus(inactive, settings, now)).toBe('inactive');
    expect(licensesOf(inactive)).toBe(2);
  });
});
