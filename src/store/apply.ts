// Applies a `Change[]` (from any domain rule: admin action, agent activity, sync plan) inside the
// caller's transaction, one set-based statement per kind of change and chunk. The phases run in a
// fixed order so that, e.g., identifiers a change list releases are free before it claims them.
import { type SQL, sql } from 'drizzle-orm';
import type { Actor, Change, ChangeOp, NewUserRef, UserRef } from '../domain/changes.ts';
import { applyAgentChanges } from './apply-agents.ts';
import { addIdentifiers, removeIdentifiers } from './apply-identifiers.ts';
import { applyMembershipChanges } from './apply-memberships.ts';
import {
  clearChangingDisplayNames,
  createUsers,
  deleteUsers,
  foldIntoCreates,
  releaseDisplayNames,
  updateUsers,
} from './apply-users.ts';
import { eachChunk, recordset } from './bulk.ts';
import type { Executor } from './database.ts';
import { translateConstraintError } from './errors.ts';

export type ChangesOf<Op extends ChangeOp> = Extract<Change, { op: Op }>;
type ChangesByOp = { [Op in ChangeOp]: ChangesOf<Op>[] };

export interface ApplyOptions {
  actor: Actor;
  now: Date;
  /**
   * A sync's content hash and state for the links it creates, written with the link itself
   * rather than by a second pass over the same rows.
   */
  linkStateOf?: (connectorId: string, externalId: string) => LinkStateRow | undefined;
}

export interface LinkStateRow {
  contentHash: string | null;
  state: string;
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
  const folded = foldIntoCreates(byOp.createUser, byOp.setAttributes, byOp.setTracking);
  await clearChangingDisplayNames(executor, folded.attributes);
  const users = await createUsers(executor, folded.creates, options.now);
  const resolve: ResolveUser = (ref) => {
    if (typeof ref === 'number') return ref;
    const id = users.get(ref);
    if (id === undefined) throw new Error(`change list refers to ${ref} but never creates it`);
    return id;
  };

  await updateUsers(executor, folded.attributes, folded.tracking, resolve, options.now);
  const moved = await removeIdentifiers(executor, byOp.removeIdentifier, byOp.moveIdentifier, resolve);
  await addIdentifiers(executor, byOp.addIdentifier, moved, resolve, options.now);
  await applyMembershipChanges(executor, byOp.addMembership, byOp.removeMembership, resolve);
  const agents = await applyAgentChanges(executor, byOp, resolve);
  await addDoNotTrack(executor, byOp.addDoNotTrack, options.now);
  await applyLinkChanges(executor, byOp, resolve, options);
  await deleteUsers(executor, byOp.deleteUser);
  await writeAudit(executor, byOp.audit, resolve, options);
  return { users, agents };
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

async function applyLinkChanges(
  executor: Executor,
  byOp: ChangesByOp,
  resolve: ResolveUser,
  options: ApplyOptions,
) {
  for (const change of byOp.moveLinks) {
    await executor.execute(
      sql`update source_links set user_id = ${resolve(change.toUser)} where user_id = ${change.fromUserId}`,
    );
  }
  const at = options.now.toISOString();
  // A link the sync knows the state of takes it; one made by an admin keeps what the row had.
  const known: object[] = [];
  const unknown: object[] = [];
  for (const c of byOp.linkSource) {
    const state = options.linkStateOf?.(c.connectorId, c.externalId);
    const row = {
      connector_id: c.connectorId,
      external_id: c.externalId,
      user_id: resolve(c.user),
      content_hash: state?.contentHash ?? null,
      state: state?.state ?? 'active',
    };
    (state ? known : unknown).push(row);
  }
  const columns = 'connector_id text, external_id text, user_id int, content_hash text, state text';
  const insertLinks = (rows: object[], onConflict: SQL) =>
    eachChunk(
      executor,
      rows,
      (
        chunk,
      ) => sql`insert into source_links (connector_id, external_id, user_id, content_hash, state, first_seen, last_seen)
        select r.connector_id, r.external_id, r.user_id, r.content_hash, r.state, ${at}::timestamptz, ${at}::timestamptz
        from ${recordset(chunk, 'r', columns)}
        on conflict (connector_id, external_id) do update set user_id = excluded.user_id, last_seen = excluded.last_seen${onConflict}`,
    );
  await insertLinks(known, sql`, content_hash = excluded.content_hash, state = excluded.state`);
  await insertLinks(unknown, sql``);
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
      from ${recordset(chunk, 'r', 'user_id int, action text, before json, after json')}`,
  );
}
