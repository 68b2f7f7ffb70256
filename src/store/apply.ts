// Applies a `Change[]` (from any domain rule: admin action, agent activity, sync plan) inside the
// caller's transaction, one set-based statement per kind of change and chunk. The phases run in a
// fixed order so that, e.g., identifiers a change list releases are free before it claims them.
import { sql } from 'drizzle-orm';
import type { Actor, Change, ChangeOp, NewUserRef, UserRef } from '../domain/changes.ts';
import { applyAgentChanges } from './apply-agents.ts';
import { addIdentifiers, removeIdentifiers } from './apply-identifiers.ts';
import { applyMembershipChanges } from './apply-memberships.ts';
import { eachChunk, query, recordset } from './bulk.ts';
import type { Executor } from './database.ts';
import { translateConstraintError } from './errors.ts';

export type ChangesOf<Op extends ChangeOp> = Extract<Change, { op: Op }>;
type ChangesByOp = { [Op in ChangeOp]: ChangesOf<Op>[] };

export interface ApplyOptions {
  actor: Actor;
  now: Date;
}

export interface ApplyResult {
  /** Ids given to the users the change list created. */
  users: ReadonlyMap<NewUserRef, number>;
  /** Ids given to the agents the change list created. */
  agents: ReadonlyMap<string, number>;
}

/** Turns a user reference into an id, once the users of this change list exist. */
export type ResolveUser = (ref: UserRef) => number;

function groupByOp(changes: readonly Change[]): ChangesByOp {
  const grouped = {} as Record<ChangeOp, Change[]>;
  for (const change of changes) {
    const list = grouped[change.op];
    if (list) list.push(change);
    else grouped[change.op] = [change];
  }
  return new Proxy(grouped, { get: (target, op: ChangeOp) => target[op] ?? [] }) as unknown as ChangesByOp;
}

/**
 * Applies the list inside the caller's transaction. A unique violation the database raises (a
 * value claimed by a concurrent transaction) comes out as a StoreConflictError with the domain's
 * code; the caller's transaction is then aborted and must be rolled back.
 */
export async function applyChanges(
  executor: Executor,
  changes: readonly Change[],
  options: ApplyOptions,
): Promise<ApplyResult> {
  try {
    return await applyInOrder(executor, groupByOp(changes), options);
  } catch (error) {
    throw translateConstraintError(error);
  }
}

async function applyInOrder(
  executor: Executor,
  byOp: ChangesByOp,
  options: ApplyOptions,
): Promise<ApplyResult> {
  // A user deleted by this list (a merged-away record) frees its display name first, so the same
  // list can hand that name to the user that stays.
  await releaseDisplayNames(executor, byOp.deleteUser);
  const users = await createUsers(executor, byOp.createUser, options.now);
  const resolve: ResolveUser = (ref) => {
    if (typeof ref === 'number') return ref;
    const id = users.get(ref);
    if (id === undefined) throw new Error(`change list refers to ${ref} but never creates it`);
    return id;
  };

  await updateUsers(executor, byOp.setAttributes, byOp.setTracking, resolve, options.now);
  const moved = await removeIdentifiers(executor, byOp.removeIdentifier, byOp.moveIdentifier, resolve);
  await addIdentifiers(executor, byOp.addIdentifier, moved, resolve, options.now);
  await applyMembershipChanges(executor, byOp.addMembership, byOp.removeMembership, resolve);
  const agents = await applyAgentChanges(executor, byOp, resolve);
  await addDoNotTrack(executor, byOp.addDoNotTrack, options.now);
  await applyLinkChanges(executor, byOp, resolve, options.now);
  await deleteUsers(executor, byOp.deleteUser);
  await writeAudit(executor, byOp.audit, resolve, options);
  return { users, agents };
}

async function createUsers(
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

async function updateUsers(
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

async function addDoNotTrack(
  executor: Executor,
  changes: ChangesOf<'addDoNotTrack'>[],
  now: Date,
): Promise<void> {
  const rows = new Map<string, object>();
  for (const change of changes) {
    for (const id of change.identifiers) {
      rows.set(`${id.namespace}|${id.key}`, {
        type: id.type,
        value: id.value,
        domain: id.domain,
        namespace: id.namespace,
        key: id.key,
        former_user_id: change.formerUserId,
      });
    }
  }
  await eachChunk(
    executor,
    [...rows.values()],
    (chunk) => sql`insert into do_not_track (type, value, domain, namespace, key, former_user_id, added_at)
      select r.type, r.value, r.domain, r.namespace, r.key, r.former_user_id, ${now.toISOString()}::timestamptz
      from ${recordset(chunk, 'r', 'type text, value text, domain text, namespace text, key text, former_user_id int')}
      on conflict (namespace, key) do update set former_user_id = excluded.former_user_id, added_at = excluded.added_at`,
  );
}

async function applyLinkChanges(executor: Executor, byOp: ChangesByOp, resolve: ResolveUser, now: Date) {
  for (const change of byOp.moveLinks) {
    await executor.execute(
      sql`update source_links set user_id = ${resolve(change.toUser)} where user_id = ${change.fromUserId}`,
    );
  }
  const at = now.toISOString();
  const links = byOp.linkSource.map((c) => ({
    connector_id: c.connectorId,
    external_id: c.externalId,
    user_id: resolve(c.user),
  }));
  await eachChunk(
    executor,
    links,
    (chunk) => sql`insert into source_links (connector_id, external_id, user_id, first_seen, last_seen)
      select r.connector_id, r.external_id, r.user_id, ${at}::timestamptz, ${at}::timestamptz
      from ${recordset(chunk, 'r', 'connector_id text, external_id text, user_id int')}
      on conflict (connector_id, external_id) do update set user_id = excluded.user_id, last_seen = excluded.last_seen`,
  );
  const unlinks = byOp.unlinkSource.map((c) => ({ connector_id: c.connectorId, external_id: c.externalId }));
  await eachChunk(
    executor,
    unlinks,
    (
      chunk,
    ) => sql`delete from source_links l using ${recordset(chunk, 'r', 'connector_id text, external_id text')}
      where l.connector_id = r.connector_id and l.external_id = r.external_id`,
  );
}

async function releaseDisplayNames(executor: Executor, changes: ChangesOf<'deleteUser'>[]): Promise<void> {
  if (changes.length === 0) return;
  await executor.execute(
    sql`update users set display_name = null, display_name_source = null
        where id = any(${sql.param(changes.map((c) => c.userId))}::int[]) and display_name is not null`,
  );
}

async function deleteUsers(executor: Executor, changes: ChangesOf<'deleteUser'>[]): Promise<void> {
  if (changes.length === 0) return;
  // Cascades to identifiers, claims, agents, activity, memberships and links.
  await executor.execute(
    sql`delete from users where id = any(${sql.param(changes.map((c) => c.userId))}::int[])`,
  );
}

function actorName(actor: Actor): { actor: string; runId: number | null } {
  return actor.kind === 'run' ? { actor: 'run', runId: actor.runId } : { actor: actor.kind, runId: null };
}

async function writeAudit(
  executor: Executor,
  changes: ChangesOf<'audit'>[],
  resolve: ResolveUser,
  options: ApplyOptions,
): Promise<void> {
  const { actor, runId } = actorName(options.actor);
  const rows = changes.map((c) => ({
    user_id: c.user === null ? null : resolve(c.user),
    action: c.action,
    before: c.before ?? null,
    after: c.after ?? null,
  }));
  await eachChunk(
    executor,
    rows,
    (chunk) => sql`insert into audit_log (at, actor, run_id, user_id, action, before, after)
      select ${options.now.toISOString()}::timestamptz, ${actor}, ${runId}::int, r.user_id, r.action, r.before, r.after
      from ${recordset(chunk, 'r', 'user_id int, action text, before jsonb, after jsonb')}`,
  );
}
