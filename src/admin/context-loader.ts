// Loads exactly what an admin action's rule reads (ActionContext), inside the action's
// transaction: the named users and agents, every stored identifier that could collide with the
// identifiers the action touches, the holders of the display names it sets, and owners' labels.
import { sql } from 'drizzle-orm';
import type { ActionContext } from '../domain/actions/index.ts';
import { normalizeIdentifier, userLabel } from '../domain/identifiers.ts';
import { IdentifierOwnership, ownedKeyOf } from '../domain/ownership.ts';
import type { IdentifierInput, NormalizedIdentifier } from '../domain/types.ts';
import { query } from '../store/bulk.ts';
import type { Executor } from '../store/database.ts';
import { identifierFromRow, loadAgents, loadSettings, loadUsers } from '../store/users.ts';

export interface ContextNeeds {
  userIds?: readonly number[];
  identifiers?: readonly IdentifierInput[];
  displayNames?: readonly (string | null | undefined)[];
  agentIds?: readonly number[];
}

function normalizedOnly(inputs: readonly IdentifierInput[]): NormalizedIdentifier[] {
  const out: NormalizedIdentifier[] = [];
  for (const input of inputs) {
    const result = normalizeIdentifier(input);
    if (result.ok) out.push(result.value);
  }
  return out;
}

/** Stored identifiers whose keys collide with `wanted` (device logins by username, for `*`). */
async function collidingIdentifiers(executor: Executor, wanted: readonly NormalizedIdentifier[]) {
  const exact = wanted.filter((id) => id.namespace !== 'device_login');
  const usernames = wanted
    .filter((id) => id.namespace === 'device_login')
    .map((id) => id.value.toLowerCase());
  if (exact.length === 0 && usernames.length === 0) return [];
  const rows = await query<Parameters<typeof identifierFromRow>[0]>(
    executor,
    sql`select * from identifiers
        where (namespace, key) in (select * from unnest(${sql.param(exact.map((i) => i.namespace))}::text[],
                                                          ${sql.param(exact.map((i) => i.key))}::text[]))
           or (namespace = 'device_login' and split_part(key, E'\\\\', 1) = any(${sql.param(usernames)}::text[]))`,
  );
  return rows.map(identifierFromRow);
}

/**
 * Locks the users' rows until the action's transaction ends, in id order (so two actions wait
 * rather than deadlock). An action on a user then never works from a stale read: a second merge
 * of the same record waits for the first and finds the record gone, instead of "moving" nothing.
 * NO KEY UPDATE: inserts that merely reference the user (a sync's identifiers) are not blocked.
 */
async function lockUsers(executor: Executor, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await query(
    executor,
    sql`select id from users where id = any(${sql.param([...ids])}::int[]) order by id for no key update`,
  );
}

/** The named agents and the users the action reads (the named ones and the agents' owners), locked. */
async function lockSubjects(executor: Executor, needs: ContextNeeds) {
  const agentIds = needs.agentIds ?? [];
  const userIds = new Set(needs.userIds ?? []);
  let agents = await loadAgents(executor, agentIds);
  let unlocked = [...new Set([...userIds, ...agents.map((a) => a.userId)])];
  // An agent may change owner before its owner is locked: read again until every owner is locked.
  while (unlocked.length > 0) {
    await lockUsers(executor, unlocked);
    for (const id of unlocked) userIds.add(id);
    if (agentIds.length === 0) break;
    agents = await loadAgents(executor, agentIds);
    unlocked = [...new Set(agents.map((a) => a.userId))].filter((id) => !userIds.has(id));
  }
  return { agents, userIds };
}

export async function loadActionContext(
  executor: Executor,
  needs: ContextNeeds,
  now: Date,
): Promise<ActionContext> {
  const { agents, userIds } = await lockSubjects(executor, needs);
  const users = await loadUsers(executor, [...userIds]);
  const touched = normalizedOnly(needs.identifiers ?? []);
  const stored = await collidingIdentifiers(executor, touched);

  const ownership = new IdentifierOwnership();
  for (const user of users) for (const id of user.identifiers) ownership.add(ownedKeyOf(id));
  for (const id of stored) if (!userIds.has(id.userId)) ownership.add(ownedKeyOf(id));

  const names = (needs.displayNames ?? []).filter(
    (n): n is string => typeof n === 'string' && n.trim() !== '',
  );
  const nameRows = names.length
    ? await query<{ id: number; name: string }>(
        executor,
        sql`select id, lower(display_name) as name from users
            where lower(display_name) = any(${sql.param(names.map((n) => n.trim().toLowerCase()))}::text[])`,
      )
    : [];
  const displayNames = new Map<string, number>();
  for (const user of users)
    if (user.displayName.value) displayNames.set(user.displayName.value.toLowerCase(), user.id);
  for (const row of nameRows) displayNames.set(row.name, row.id);

  // Owners outside the loaded users are named in refusals: load them for their labels.
  const outsiders = new Set(
    [...stored.map((i) => i.userId), ...nameRows.map((r) => r.id)].filter((id) => !userIds.has(id)),
  );
  const labelled = [...users, ...(await loadUsers(executor, [...outsiders]))];
  return {
    now,
    settings: await loadSettings(executor),
    users: new Map(users.map((u) => [u.id, u])),
    ownership,
    displayNames,
    userLabels: new Map(labelled.map((u) => [u.id, userLabel(u)])),
    agents: new Map(agents.map((a) => [a.id, a])),
  };
}
