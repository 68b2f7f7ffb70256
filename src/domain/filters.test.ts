import { describe, expect, it } from 'vitest';
import { filterUsers, matchesFilter, parseUserFilter, type UserFilter } from './filters.ts';
import type { AccountSettings, Agent, UserRecord } from './types.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const now = new Date('2025-06-30T12:00:00Z');
const settings: AccountSettings = {
  emailAutoDetection: true,
  activityThresholdDays: 14,
  expandedAgentUserAssociation: false,
  personalEmailDomains: ['gmail.com'],
};

function agentActive(daysAgo: number, hasData = true): Agent {
  return {
    id: daysAgo,
    userId: 1,
    username: 'jdoe',
    logonDomain: 'CORP',
    firstLog: new Date(now.getTime() - 100 * DAY_MS),
    lastLog: new Date(now.getTime() - daysAgo * DAY_MS),
    hasData,
  };
}

function userRecord(overrides: Partial<UserRecord> = {}): UserRecord {
  return {
    id: 1,
    displayName: { value: null, source: null },
    timeZone: { value: null, source: null },
    primaryGroup: { value: null, source: null },
    tracking: 'tracked',
    groups: [],
    identifiers: [],
    agents: [],
    createdAt: new Date('2025-01-01T00:00:00Z'),
    ...overrides,
  };
}

const active = userRecord({
  id: 1,
  agents: [agentActive(1)],
  displayName: { value: 'Ann', source: 'manual' },
});
const inactive = userRecord({
  id: 2,
  agents: [agentActive(60)],
  groups: [{ group: 'Sales', source: 'manual' }],
});
const untracked = userRecord({ id: 3, tracking: 'untracked', agents: [agentActive(1)] });
const unlicensed = userRecord({
  id: 4,
  groups: [
    { group: 'Engineering', source: 'connector:aad' },
    { group: 'Sales', source: 'connector:aad' },
  ],
  displayName: { value: 'Dee', source: 'connector:aad' },
});
const everyone = [active, inactive, untracked, unlicensed];

function idsMatching(filter: UserFilter): number[] {
  return filterUsers(everyone, filter, settings, now).map((user) => user.id);
}

describe('user filters', () => {
  it('matches everyone without filters or with every filter set to all', () => {
    expect(idsMatching({})).toEqual([1, 2, 3, 4]);
    expect(idsMatching({ status: 'all', tracking: 'all', group: 'all', displayName: 'all' })).toEqual([
      1, 2, 3, 4,
    ]);
  });

  it('filters status Active', () => {
    expect(idsMatching({ status: 'active' })).toEqual([1]);
  });

  it('filters status Inactive, which includes untracked users with data', () => {
    expect(idsMatching({ status: 'inactive' })).toEqual([2, 3]);
  });

  it('filters status Unlicensed', () => {
    expect(idsMatching({ status: 'unlicensed' })).toEqual([4]);
  });

  it('filters tracking tracked and untracked', () => {
    expect(idsMatching({ tracking: 'tracked' })).toEqual([1, 2, 4]);
    expect(idsMatching({ tracking: 'untracked' })).toEqual([3]);
  });

  it('filters users in a group (any) and in no group (none)', () => {
    expect(idsMatching({ group: 'any' })).toEqual([2, 4]);
    expect(idsMatching({ group: 'none' })).toEqual([1, 3]);
  });

  it('filters members of a named group, case-insensitively', () => {
    expect(idsMatching({ group: { name: 'sales' } })).toEqual([2, 4]);
    expect(idsMatching({ group: { name: 'Engineering' } })).toEqual([4]);
    expect(idsMatching({ group: { name: 'Finance' } })).toEqual([]);
  });

  it('filters users with and without a display name', () => {
    expect(idsMatching({ displayName: 'with' })).toEqual([1, 4]);
    expect(idsMatching({ displayName: 'without' })).toEqual([2, 3]);
  });

  it('treats a blank display name as no display name', () => {
    const blank = userRecord({ displayName: { value: '  ', source: 'manual' } });
    expect(matchesFilter(blank, { displayName: 'without' }, settings, now)).toBe(true);
  });

  it('combines several filters with AND', () => {
    expect(idsMatching({ tracking: 'tracked', group: 'any' })).toEqual([2, 4]);
    expect(idsMatching({ tracking: 'tracked', group: 'any', displayName: 'with' })).toEqual([4]);
    expect(idsMatching({ status: 'active', group: 'any' })).toEqual([]);
  });
});

describe('parsing filters', () => {
  it('reads every documented value of status, tracking, group and displayName', () => {
    expect(
      parseUserFilter({ status: 'unlicensed', tracking: 'untracked', group: 'none', displayName: 'without' }),
    ).toEqual({
      ok: true,
      value: { status: 'unlicensed', tracking: 'untracked', group: 'none', displayName: 'without' },
    });
    for (const status of ['all', 'active', 'inactive', 'unlicensed']) {
      expect(parseUserFilter({ status })).toEqual({ ok: true, value: { status } });
    }
    for (const group of ['all', 'any', 'none']) {
      expect(parseUserFilter({ group })).toEqual({ ok: true, value: { group } });
    }
  });

  it('reads any other group value as a group name', () => {
    expect(parseUserFilter({ group: ' Sales EMEA ' })).toEqual({
      ok: true,
      value: { group: { name: 'Sales EMEA' } },
    });
  });

  it('reads enumerated values case-insensitively', () => {
    expect(parseUserFilter({ status: 'Active', tracking: 'TRACKED', displayName: 'With' })).toEqual({
      ok: true,
      value: { status: 'active', tracking: 'tracked', displayName: 'with' },
    });
  });

  it('treats absent or blank values as no filter and ignores unrelated keys', () => {
    expect(parseUserFilter({ status: undefined, tracking: '', format: 'json' })).toEqual({
      ok: true,
      value: {},
    });
  });

  it.each([
    ['status', 'enabled'],
    ['tracking', 'yes'],
    ['displayName', 'some'],
  ])('refuses an unknown %s value, naming the key', (key, value) => {
    const result = parseUserFilter({ [key]: value });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('validation_failed');
    expect(result.error.message).toContain(key);
    expect(result.error.message).toContain(value);
    expect(result.error.details).toMatchObject({ key, value });
  });
});
