// The users list in SQL: DOMAIN.md's filters (status, tracking, group, display name) plus a text
// search over names and identifier values, a page at a time, so the API never loads the account to
// show fifty users. Status is derived here the way src/domain/status.ts derives it (a test holds
// the two to the same answers).
import { type SQL, sql } from 'drizzle-orm';
import type { UserFilter } from '../domain/filters.ts';
import { query } from './bulk.ts';
import type { Executor } from './database.ts';

/** Where the previous page ended, in the list's order: display name (lower case, null last), then id. */
export interface UserCursor {
  name: string | null;
  id: number;
}

export interface UserSearch {
  filter: UserFilter;
  /** Part of a display name or of any identifier value (case-insensitive), or a user id. */
  q?: string | undefined;
  /** Page size; absent: every match (the unpaged list of old). */
  limit?: number | undefined;
  after?: UserCursor | undefined;
  /** Skip this many matches (kept for callers of old; `after` is steadier while users change). */
  offset?: number | undefined;
  activityThresholdDays: number;
  now: Date;
}

export interface UserSearchPage {
  ids: number[];
  /** Every match of the filters and the search, on all pages. */
  total: number;
  /** Where the next page starts; null on the last page. */
  next: UserCursor | null;
}

/** `%text%` for ILIKE, with the pattern characters of the text taken literally. */
export function containsPattern(text: string): string {
  return `%${text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The ids of users whose display name or any identifier value contains the pattern. The one place
 * that knows where identifier values live: adapt it when their storage changes.
 */
export function usersMatchingText(pattern: string): SQL {
  return sql`select m.id from users m where m.display_name ilike ${pattern}
             union select i.user_id from identifiers i where i.value ilike ${pattern}`;
}

function statusCondition(status: NonNullable<UserFilter['status']>, search: UserSearch): SQL {
  const since = new Date(search.now.getTime() - search.activityThresholdDays * 86_400_000).toISOString();
  const hasData = sql`exists (select 1 from agents a where a.user_id = u.id and a.has_data)`;
  const recent = sql`exists (select 1 from agents a where a.user_id = u.id and a.has_data
                             and a.last_log >= ${since}::timestamptz)`;
  if (status === 'unlicensed') return sql`not ${hasData}`;
  if (status === 'active') return sql`(u.tracking = 'tracked' and ${recent})`;
  return sql`(${hasData} and (u.tracking = 'untracked' or not ${recent}))`;
}

function groupCondition(group: NonNullable<UserFilter['group']>): SQL {
  const member = sql`select 1 from memberships gm join groups g on g.id = gm.group_id where gm.user_id = u.id`;
  if (group === 'any') return sql`exists (${member})`;
  if (group === 'none') return sql`not exists (${member})`;
  if (group === 'all') return sql`true`;
  return sql`exists (${member} and lower(g.name) = ${group.name.trim().toLowerCase()})`;
}

function conditions(search: UserSearch): SQL[] {
  const { filter } = search;
  const where: SQL[] = [sql`true`];
  if (filter.tracking !== undefined && filter.tracking !== 'all')
    where.push(sql`u.tracking = ${filter.tracking}`);
  if (filter.group !== undefined) where.push(groupCondition(filter.group));
  if (filter.displayName === 'with') where.push(sql`nullif(trim(u.display_name), '') is not null`);
  if (filter.displayName === 'without') where.push(sql`nullif(trim(u.display_name), '') is null`);
  if (filter.status !== undefined && filter.status !== 'all')
    where.push(statusCondition(filter.status, search));
  const q = search.q?.trim();
  if (q) {
    const byId = /^\d{1,9}$/.test(q) ? sql` or u.id = ${Number(q)}` : sql``;
    where.push(sql`(u.id in (${usersMatchingText(containsPattern(q))})${byId})`);
  }
  return where;
}

function afterCondition(after: UserCursor | undefined): SQL {
  if (after === undefined) return sql`true`;
  if (after.name === null) return sql`(u.display_name is null and u.id > ${after.id})`;
  return sql`(lower(u.display_name) > ${after.name}
              or (lower(u.display_name) = ${after.name} and u.id > ${after.id})
              or u.display_name is null)`;
}

/** One page of the users list, ordered by display name (users without one last), then id. */
export async function searchUsers(executor: Executor, search: UserSearch): Promise<UserSearchPage> {
  const where = sql.join(conditions(search), sql` and `);
  // One row more than the page says whether another page follows.
  const limit = search.limit === undefined ? sql`` : sql` limit ${search.limit + 1}`;
  const offset = search.offset ? sql` offset ${search.offset}` : sql``;
  const [rows, counted] = await Promise.all([
    query<{ id: number; name: string | null }>(
      executor,
      sql`select u.id, lower(u.display_name) as name from users u
          where ${where} and ${afterCondition(search.after)}
          order by lower(u.display_name) asc nulls last, u.id asc${limit}${offset}`,
    ),
    query<{ n: number }>(executor, sql`select count(*)::int as n from users u where ${where}`),
  ]);
  const page = search.limit === undefined ? rows : rows.slice(0, search.limit);
  const last = page[page.length - 1];
  return {
    ids: page.map((row) => row.id),
    total: counted[0]?.n ?? 0,
    next:
      search.limit !== undefined && rows.length > search.limit && last
        ? { name: last.name, id: last.id }
        : null,
  };
}
