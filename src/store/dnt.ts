// The Do Not Track list (DOMAIN.md): the identifiers of untracked users, read live from their
// records, plus those kept from deleted users in `do_not_track`.
import { sql } from 'drizzle-orm';
import type {
  DoNotTrackReason,
  IdentifierNamespace,
  IdentifierType,
  NormalizedIdentifier,
} from '../domain/types.ts';
import { query } from './bulk.ts';
import type { Executor } from './database.ts';

/** One entry of `GET /api/v1/do-not-track`. */
export interface DoNotTrackView {
  type: IdentifierType;
  value: string;
  /** Device logins only. */
  domain?: string;
  reason: DoNotTrackReason;
  /** The untracked user, or the deleted user's former id. */
  userId: number | null;
  addedAt: string;
}

interface DoNotTrackRow {
  type: string;
  value: string;
  domain: string | null;
  reason: DoNotTrackReason;
  user_id: number | null;
  added_at: string | Date;
}

/**
 * The whole list, most recently added first. An untracked user's identifier joined the list when
 * the user was last untracked (its `untrack` audit entry; the record's last update when the log
 * has none) or when the identifier was added to the already untracked user, whichever is later.
 */
export async function listDoNotTrack(executor: Executor): Promise<DoNotTrackView[]> {
  const rows = await query<DoNotTrackRow>(
    executor,
    sql`with untracked as (
          select u.id, coalesce(
            (select max(a.at) from audit_log a where a.user_id = u.id and a.action = 'untrack'),
            u.updated_at) as since
          from users u where u.tracking = 'untracked')
        select i.type, i.value, i.domain, 'untracked' as reason, i.user_id,
               greatest(t.since, i.updated_at) as added_at
          from identifiers i join untracked t on t.id = i.user_id
        union all
        select d.type, d.value, d.domain, 'deleted' as reason, d.former_user_id as user_id, d.added_at
          from do_not_track d
        order by added_at desc, type, value`,
  );
  return rows.map((row) => {
    const view: DoNotTrackView = {
      type: row.type as IdentifierType,
      value: row.value,
      reason: row.reason,
      userId: row.user_id,
      addedAt: (row.added_at instanceof Date ? row.added_at : new Date(row.added_at)).toISOString(),
    };
    if (row.domain !== null) view.domain = row.domain;
    return view;
  });
}

/** Narrows the deleted users' entries to those a batch of logins can match (agent-matching.ts). */
export interface DoNotTrackLoginFilter {
  /** Lower-cased usernames: device logins and employee IDs by username, addresses by local part. */
  usernames: readonly string[];
  /** Lower-cased addresses a login in email form is. */
  addresses: readonly string[];
}

/** Entries kept from deleted users (all of them, or those `filter`'s logins can match). */
export async function loadDeletedDoNotTrack(
  executor: Executor,
  filter?: DoNotTrackLoginFilter,
): Promise<NormalizedIdentifier[]> {
  const where = filter
    ? sql`(namespace = 'address' and key = any(${sql.param([...filter.addresses])}::text[]))
       or (namespace = 'address' and split_part(key, '@', 1) = any(${sql.param([...filter.usernames])}::text[]))
       or (namespace = 'device_login' and split_part(key, E'\\\\', 1) = any(${sql.param([...filter.usernames])}::text[]))
       or (namespace = 'employee_id' and lower(key) = any(${sql.param([...filter.usernames])}::text[]))`
    : sql`true`;
  const rows = await query<{
    type: string;
    value: string;
    domain: string | null;
    namespace: string;
    key: string;
  }>(executor, sql`select type, value, domain, namespace, key from do_not_track where ${where} order by id`);
  return rows.map((row) => ({
    type: row.type as IdentifierType,
    value: row.value,
    domain: row.domain,
    namespace: row.namespace as IdentifierNamespace,
    key: row.key,
  }));
}
