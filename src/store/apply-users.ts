// User rows: creation (ids drawn before the insert), attribute and tracking updates, deletion.
import { sql } from 'drizzle-orm';
import type { NewUserRef, UserRef } from '../domain/changes.ts';
import type { ChangesOf, ResolveUser } from './apply.ts';
import { eachChunk, query, recordset } from './bulk.ts';
import type { Executor } from './database.ts';

export async function createUsers(
  executor: Executor,
  creates: ChangesOf<'createUser'>[],
  now: Date,
): Promise<Map<NewUserRef, number>> {
  const ids = new Map<NewUserRef, number>();
  if (creates.length === 0) return ids;
  // Ids are drawn first so each ref knows its id without relying on RETURNING order.
  const drawn = await query<{ id: number }>(
    executor,
    sql`select nextval(pg_get_serial_sequence('users', 'id'))::int as id from generate_series(1, ${creates.length}::int)`,
  );
  const rows = creates.map((change, i) => {
    const id = drawn[i]!.id;
    ids.set(change.ref, id);
    return {
      id,
      display_name: change.displayName?.value ?? null,
      display_name_source: change.displayName?.value ? change.displayName.source : null,
      time_zone: change.timeZone?.value ?? null,
      time_zone_source: change.timeZone?.value ? change.timeZone.source : null,
      tracking: change.tracking,
      at: now.toISOString(),
    };
  });
  await eachChunk(
    executor,
    rows,
    (
      chunk,
    ) => sql`insert into users (id, display_name, display_name_source, time_zone, time_zone_source, tracking, created_at, updated_at)
      select r.id, r.display_name, r.display_name_source, r.time_zone, r.time_zone_source, r.tracking, r.at, r.at
      from ${recordset(chunk, 'r', 'id int, display_name text, display_name_source text, time_zone text, time_zone_source text, tracking text, at timestamptz')}`,
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
  // Names being changed are cleared first, so a swap of two display names in one list passes
  // the unique index.
  const renamed = all.filter((row) => row.set_dn).map((row) => ({ id: row.id }));
  await eachChunk(
    executor,
    renamed,
    (chunk) =>
      sql`update users u set display_name = null from ${recordset(chunk, 'r', 'id int')} where u.id = r.id and u.display_name is not null`,
  );
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
