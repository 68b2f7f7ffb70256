// The Users list filters of DOMAIN.md "Lists and export", shared by the API, the CLI and the
// "export current view" CSV.
import { fail, ok, type Result } from './errors.ts';
import { deriveStatus } from './status.ts';
import type { AccountSettings, Tracking, UserRecord, UserStatus } from './types.ts';

export interface UserFilter {
  status?: UserStatus | 'all';
  tracking?: Tracking | 'all';
  /** 'any': in at least one group; 'none': in no group; { name }: member of that group. */
  group?: 'all' | 'any' | 'none' | { name: string };
  displayName?: 'all' | 'with' | 'without';
}

const STATUS_VALUES = ['all', 'active', 'inactive', 'unlicensed'] as const;
const TRACKING_VALUES = ['all', 'tracked', 'untracked'] as const;
const DISPLAY_NAME_VALUES = ['all', 'with', 'without'] as const;

function hasDisplayName(user: UserRecord): boolean {
  return (user.displayName.value ?? '').trim() !== '';
}

// Group names are matched case-insensitively: an admin typing a filter should not have to know
// whether the directory wrote "Sales" or "sales".
function inGroup(user: UserRecord, name: string): boolean {
  const wanted = name.trim().toLowerCase();
  return user.groups.some((membership) => membership.group.toLowerCase() === wanted);
}

function matchesGroup(user: UserRecord, group: UserFilter['group']): boolean {
  if (group === undefined || group === 'all') return true;
  if (group === 'any') return user.groups.length > 0;
  if (group === 'none') return user.groups.length === 0;
  return inGroup(user, group.name);
}

function matchesDisplayName(user: UserRecord, displayName: UserFilter['displayName']): boolean {
  if (displayName === undefined || displayName === 'all') return true;
  return hasDisplayName(user) === (displayName === 'with');
}

/** All given filters must match (they combine with AND); an absent filter or 'all' matches everyone. */
export function matchesFilter(
  user: UserRecord,
  filter: UserFilter,
  settings: AccountSettings,
  now: Date,
): boolean {
  if (filter.tracking !== undefined && filter.tracking !== 'all' && user.tracking !== filter.tracking)
    return false;
  if (!matchesGroup(user, filter.group)) return false;
  if (!matchesDisplayName(user, filter.displayName)) return false;
  if (filter.status !== undefined && filter.status !== 'all') {
    return deriveStatus(user, settings, now) === filter.status;
  }
  return true;
}

export function filterUsers(
  users: UserRecord[],
  filter: UserFilter,
  settings: AccountSettings,
  now: Date,
): UserRecord[] {
  return users.filter((user) => matchesFilter(user, filter, settings, now));
}

function oneOf<T extends string>(key: string, raw: string, allowed: readonly T[]): Result<T> {
  const value = raw.trim().toLowerCase();
  const match = allowed.find((candidate) => candidate === value);
  if (match !== undefined) return ok(match);
  return fail('validation_failed', `Unknown ${key} filter "${raw}": expected one of ${allowed.join(', ')}`, {
    key,
    value: raw,
    allowed: [...allowed],
  });
}

function parseGroup(raw: string): UserFilter['group'] {
  const reserved = raw.trim().toLowerCase();
  if (reserved === 'all' || reserved === 'any' || reserved === 'none') return reserved;
  return { name: raw.trim() };
}

/**
 * Reads the filters from query-string or CLI values. Absent or blank values mean "all"; unknown
 * keys are ignored (a query string carries other parameters too); enumerated values are
 * case-insensitive. `group` takes all / any / none, anything else is a group name, so a group
 * literally named "all", "any" or "none" cannot be selected by name.
 */
export function parseUserFilter(query: Record<string, string | undefined>): Result<UserFilter> {
  const filter: UserFilter = {};
  const given = (key: string): string | undefined => {
    const raw = query[key];
    return raw === undefined || raw.trim() === '' ? undefined : raw;
  };

  const status = given('status');
  if (status !== undefined) {
    const parsed = oneOf('status', status, STATUS_VALUES);
    if (!parsed.ok) return parsed;
    filter.status = parsed.value;
  }
  const tracking = given('tracking');
  if (tracking !== undefined) {
    const parsed = oneOf('tracking', tracking, TRACKING_VALUES);
    if (!parsed.ok) return parsed;
    filter.tracking = parsed.value;
  }
  const group = given('group');
  if (group !== undefined) filter.group = parseGroup(group);
  const displayName = given('displayName');
  if (displayName !== undefined) {
    const parsed = oneOf('displayName', displayName, DISPLAY_NAME_VALUES);
    if (!parsed.ok) return parsed;
    filter.displayName = parsed.value;
  }
  return ok(filter);
}
