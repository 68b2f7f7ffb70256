// The conflict report a page at a time, with a text search: what the review page lists. Newest
// activity first (last seen, then id), continued from a cursor so a page does not shift while runs
// add conflicts in front of it.
import { type SQL, sql } from 'drizzle-orm';
import { query } from './bulk.ts';
import { type ConflictFilter, type ConflictRow, type ConflictView, toView } from './conflicts.ts';
import type { Executor } from './database.ts';
import { containsPattern, usersMatchingText } from './user-search.ts';

/**
 * Where the previous page ended: its last conflict's last seen, in UTC to the microsecond as the
 * database holds it (`YYYY-MM-DDTHH:MM:SS.ffffffZ`), and its id.
 */
export interface ConflictCursor {
  lastSeen: string;
  id: number;
}

export interface ConflictSearch extends ConflictFilter {
  /**
   * Part of the disputed value, of a source record's external id, of the message, of the
   * incoming record's display name, or of the name or any identifier of a user the conflict names.
   */
  q?: string | undefined;
  /** Page size; absent: every match. */
  limit?: number | undefined;
  after?: ConflictCursor | undefined;
}

export interface ConflictSearchPage {
  conflicts: ConflictView[];
  /** Every match of the filters and the search, on all pages. */
  total: number;
  next: ConflictCursor | null;
}

function conditions(search: ConflictSearch): SQL[] {
  const where: SQL[] = [sql`true`];
  if (search.status !== undefined) where.push(sql`c.status = ${search.status}`);
  if (search.kind !== undefined) where.push(sql`c.kind = ${search.kind}`);
  if (search.connector !== undefined) {
    where.push(sql`(c.connector_id = ${search.connector} or ${search.connector} = any(c.connectors))`);
  }
  const q = search.q?.trim();
  if (q) {
    const pattern = containsPattern(q);
    where.push(sql`(c.identifier_value ilike ${pattern}
      or c.message ilike ${pattern}
      or c.details -> 'record' ->> 'displayName' ilike ${pattern}
      or exists (select 1 from unnest(c.external_ids) as e(id) where e.id ilike ${pattern})
      or exists (select 1 from unnest(c.user_ids) as n(id) where n.id in (${usersMatchingText(pattern)})))`);
  }
  return where;
}

export async function searchConflicts(
  executor: Executor,
  search: ConflictSearch,
): Promise<ConflictSearchPage> {
  const where = sql.join(conditions(search), sql` and `);
  const after =
    search.after === undefined
      ? sql`true`
      : sql`(c.last_seen, c.id) < (${search.after.lastSeen}::timestamptz, ${search.after.id})`;
  const limit = search.limit === undefined ? sql`` : sql` limit ${search.limit + 1}`;
  const [rows, counted] = await Promise.all([
    query<ConflictRow & { last_seen_key: string }>(
      executor,
      sql`select c.*,
            to_char(c.last_seen at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as last_seen_key
          from conflicts c
          where ${where} and ${after} order by c.last_seen desc, c.id desc${limit}`,
    ),
    query<{ n: number }>(executor, sql`select count(*)::int as n from conflicts c where ${where}`),
  ]);
  const page = search.limit === undefined ? rows : rows.slice(0, search.limit);
  const last = page[page.length - 1];
  return {
    conflicts: page.map(toView),
    total: counted[0]?.n ?? 0,
    next:
      search.limit !== undefined && rows.length > search.limit && last
        ? { lastSeen: last.last_seen_key, id: last.id }
        : null,
  };
}
