// User rows: creation (ids drawn before the insert), attribute and tracking updates, deletion.
import { sql } from 'drizzle-orm';
import type { AttributeChange, NewUserRef, UserRef } from '../domain/changes.ts';
import type { ChangesOf, ResolveUser } from './apply.ts';
import { eachChunk, query, recordset } from './bulk.ts';
import type { Executor } from './database.ts';

/**
 * The attribute and tracking changes a list makes to users it also creates, taken out of the
 * update lists: a new user's row is inserted once with its final values instead of inserted
 * and then updated (a full sync creates every user).
 */
export function foldIntoCreates(
  creates: ChangesOf<'createUser'>[],
  attributes: ChangesOf<'setAttributes'>[],
  tracking: ChangesOf<'setTracking'>[],
): {
  creates: ChangesOf<'createUser'>[];
  attributes: ChangesOf<'setAttributes'>[];
  tracking: ChangesOf<'setTracking'>[];
} {
  const created = new Map<NewUserRef, NewUserRow>();
  for (const change of creates) {
    created.set(change.ref, {
      ref: change.ref,
      tracking: change.tracking,
      displayName: change.displayName,
      timeZone: change.timeZone,
    });
  }
  if (created.size === 0) return { creates, attributes, tracking };
  const restAttributes: ChangesOf<'setAttributes'>[] = [];
  for (const change of attributes) {
    const row = typeof change.user === 'string' ? created.get(change.user) : undefined;
    if (!row) {
      restAttributes.push(change);
      continue;
    }
    // A later change to the same field wins, as in updateUsers.
    if (change.displayName) row.displayName = change.displayName;
    if (change.timeZone) row.timeZone = change.timeZone;
    if (change.primaryGroup) row.primaryGroup = change.primaryGroup;
  }
  const restTracking: ChangesOf<'setTracking'>[] = [];
  for (const change of tracking) {
    const row = typeof change.user === 'string' ? created.get(change.user) : undefined;
    if (row) row.tracking = change.tracking;
    else restTracking.push(change);
  }
  return {
    creates: [...created.values()].map((row) => ({ op: 'createUser', ...row })),
    attributes: restAttributes,
    tracking: restTracking,
  };
}

interface NewUserRow {
  ref: NewUserRef;
  tracking: ChangesOf<'createUser'>['tracking'];
  displayName?: AttributeChange<string> | undefined;
  timeZone?: AttributeChange<string> | undefined;
  primaryGroup?: AttributeChange<string> | undefined;
}

/** Inserts the list's new users (with any attributes folded in by foldIntoCreates). */
export async function createUsers(
  executor: Executor,
  creates: Array<ChangesOf<'createUser'> & { primaryGroup?: AttributeChange<string> | undefined }>,
  now: Date,
): Promise<Map<NewUserRef, number>> {
  const ids = new Map<NewUserRef, number>();
  if (creates.length === 0) return ids;
  // Ids are drawn first so each ref knows its id without relying on RETURNING order.
  const drawn = await query<{ id: number }>(
    executor,
    sql`select nextval(pg_get_serial_sequence('users', 'id'))::int as id from generate_series(1, ${creates.length}::int)`,
  );
  const sourced = (change: AttributeChange<string> | undefined) => ({
    value: change?.value ?? null,
    source: change?.value ? change.source : null,
  });
  const rows = creates.map((change, i) => {
    const id = drawn[i]!.id;
    ids.set(change.ref, id);
    const displayName = sourced(change.displayName);
    const timeZone = sourced(change.timeZone);
    const primaryGroup = sourced(change.primaryGroup);
    return {
      id,
      display_name: displayName.value,
      display_name_source: displayName.source,
      time_zone: timeZone.value,
      time_zone_source: timeZone.source,
      primary_group: primaryGroup.value,
      primary_group_source: primaryGroup.source,
      tracking: change.tracking,
      at: now.toISOString(),
    };
  });
  await eachChunk(
    executor,
    rows,
    (chunk) => sql`insert into users (id, display_name, display_name_source, time_zone, time_zone_source,
        primary_group, primary_group_source, tracking, created_at, updated_at)
      select r.id, r.display_name, r.display_name_source, r.time_zone, r.time_zone_source,
        r.primary_group, r.primary_group_source, r.tracking, r.at, r.at
      from ${recordset(chunk, 'r', 'id int, display_name text, display_name_source text, time_zone text, time_zone_source text, primary_group text, primary_group_source text, tracking text, at timestamptz')}`,
  );
  return ids;
}

interface UserUpdateRow {
  id: number;
  set_dn: boolean;
  dn: string | null;
  dn_source: string | null;
  set_tz: boolean;
  tz: string | null;
  tz_source: string | null;
  set_pg: boolean;
  pg: string | null;
  pg_source: string | null;
  tracking: string | null;
}

/**
 * Clears the display names existing users are about to change, before any user is created or
 * renamed: a swap of two names, or a new user taking a name another gives up, then passes the
 * unique index. updateUsers writes the new names.
 */
export async function clearChangingDisplayNames(
  executor: Executor,
  attributes: ChangesOf<'setAttributes'>[],
): Promise<void> {
  const ids = new Set<number>();
  for (const change of attributes) {
    if (change.displayName && typeof change.user === 'number') ids.add(change.user);
  }
  await eachChunk(
    executor,
    [...ids].map((id) => ({ id })),
    (chunk) =>
      sql`update users u set display_name = null from ${recordset(chunk, 'r', 'id int')} where u.id = r.id and u.display_name is not null`,
  );
}

export async function updateUsers(
  executor: Executor,
  attributes: ChangesOf<'setAttributes'>[],
  tracking: ChangesOf<'setTracking'>[],
  resolve: ResolveUser,
  now: Date,
): Promise<void> {
  if (attributes.length === 0 && tracking.length === 0) return;
  // One row per user; a later change to the same field wins.
  const rows = new Map<number, UserUpdateRow>();
  const rowFor = (ref: UserRef): UserUpdateRow => {
    const id = resolve(ref);
    let row = rows.get(id);
    if (!row) {
      row = {
        id,
        set_dn: false,
        dn: null,
        dn_source: null,
        set_tz: false,
        tz: null,
        tz_source: null,
        set_pg: false,
        pg: null,
        pg_source: null,
        tracking: null,
      };
      rows.set(id, row);
    }
    return row;
  };
  for (const change of attributes) {
    const row = rowFor(change.user);
    if (change.displayName) {
      row.set_dn = true;
      row.dn = change.displayName.value;
      row.dn_source = change.displayName.value === null ? null : change.displayName.source;
    }
    if (change.timeZone) {
      row.set_tz = true;
      row.tz = change.timeZone.value;
      row.tz_source = change.timeZone.value === null ? null : change.timeZone.source;
    }
    if (change.primaryGroup) {
      row.set_pg = true;
      row.pg = change.primaryGroup.value;
      row.pg_source = change.primaryGroup.value === null ? null : change.primaryGroup.source;
    }
  }
  for (const change of tracking) rowFor(change.user).tracking = change.tracking;

  const all = [...rows.values()];
  const columns =
    'id int, set_dn boolean, dn text, dn_source text, set_tz boolean, tz text, tz_source text, set_pg boolean, pg text, pg_source text, tracking text';
  await eachChunk(
    executor,
    all,
    (chunk) => sql`update users u set
        display_name = case when r.set_dn then r.dn else u.display_name end,
        display_name_source = case when r.set_dn then r.dn_source else u.display_name_source end,
        time_zone = case when r.set_tz then r.tz else u.time_zone end,
        time_zone_source = case when r.set_tz then r.tz_source else u.time_zone_source end,
        primary_group = case when r.set_pg then r.pg else u.primary_group end,
        primary_group_source = case when r.set_pg then r.pg_source else u.primary_group_source end,
        tracking = coalesce(r.tracking, u.tracking),
        updated_at = ${now.toISOString()}::timestamptz
      from ${recordset(chunk, 'r', columns)} where u.id = r.id`,
  );
}

export async function releaseDisplayNames(
  executor: Executor,
  changes: ChangesOf<'deleteUser'>[],
): Promise<void> {
  if (changes.length === 0) return;
  await executor.execute(
    sql`update users set display_name = null, display_name_source = null
        where id = any(${sql.param(changes.map((c) => c.userId))}::int[]) and display_name is not null`,
  );
}

export async function deleteUsers(executor: Executor, changes: ChangesOf<'deleteUser'>[]): Promise<void> {
  if (changes.length === 0) return;
  // Cascades to identifiers, claims, agents, activity, memberships and links.
  await executor.execute(
    sql`delete from users where id = any(${sql.param(changes.map((c) => c.userId))}::int[])`,
  );
}
