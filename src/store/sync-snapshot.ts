// Loads the planner's picture of the account (SyncSnapshot) in a handful of set-based queries,
// never one per record. With a scope (what the run's changed records can touch) only those users
// are loaded; without one, every user is.
import { type SQL, sql } from 'drizzle-orm';
import { IdentifierOwnership, ownedKeyOf } from '../domain/ownership.ts';
import type {
  SnapshotIdentifier,
  SnapshotLink,
  SnapshotScope,
  SnapshotUser,
  SyncSnapshot,
} from '../domain/reconcile/snapshot.ts';
import type { AttributeSource, IdentifierNamespace } from '../domain/types.ts';
import { query } from './bulk.ts';
import { openConflictsOf } from './conflicts.ts';
import type { Executor } from './database.ts';
import { type IdentifierRow, identifierFieldsFromRow, type UserRow, userAttributesFromRow } from './users.ts';

export async function loadConnectorLinks(
  executor: Executor,
  connectorId: string,
): Promise<Map<string, SnapshotLink>> {
  const rows = await query<{
    external_id: string;
    user_id: number;
    content_hash: string | null;
    state: string;
  }>(
    executor,
    sql`select external_id, user_id, content_hash, state from source_links where connector_id = ${connectorId}`,
  );
  const links = new Map<string, SnapshotLink>();
  for (const row of rows) {
    links.set(row.external_id, {
      externalId: row.external_id,
      userId: row.user_id,
      contentHash: row.content_hash,
      state: row.state as SnapshotLink['state'],
    });
  }
  return links;
}

/** The user ids a scoped run can touch: linked to its records, or holding their keys or names. */
async function scopedUserIds(
  executor: Executor,
  links: ReadonlyMap<string, SnapshotLink>,
  scope: SnapshotScope,
): Promise<number[]> {
  const ids = new Set<number>();
  for (const externalId of scope.externalIds) {
    const link = links.get(externalId);
    if (link) ids.add(link.userId);
  }
  const exact = scope.identifiers.filter((i) => i.namespace !== 'device_login');
  const usernames = [
    ...new Set(
      scope.identifiers.filter((i) => i.namespace === 'device_login').map((i) => i.value.toLowerCase()),
    ),
  ];
  const owners = await query<{ user_id: number }>(
    executor,
    sql`select distinct user_id from identifier_keys
        where (namespace, key) in (select * from unnest(${sql.param(exact.map((i) => i.namespace))}::text[],
                                                          ${sql.param(exact.map((i) => i.key))}::text[]))
           or (namespace = 'device_login' and split_part(key, E'\\\\', 1) = any(${sql.param(usernames)}::text[]))`,
  );
  for (const row of owners) ids.add(row.user_id);
  if (scope.displayNames.length > 0) {
    const holders = await query<{ id: number }>(
      executor,
      sql`select id from users where lower(display_name) = any(${sql.param([...new Set(scope.displayNames)])}::text[])`,
    );
    for (const row of holders) ids.add(row.id);
  }
  return [...ids];
}

async function loadUsersOf(executor: Executor, userIds: number[] | null) {
  const onlyUsers: SQL = userIds === null ? sql`true` : sql`id = any(${sql.param(userIds)}::int[])`;
  const onlyOwned: SQL = userIds === null ? sql`true` : sql`user_id = any(${sql.param(userIds)}::int[])`;
  const userRows = await query<Omit<UserRow, 'created_at'>>(
    executor,
    sql`select id, tracking, display_name, display_name_source, time_zone, time_zone_source,
          primary_group, primary_group_source from users where ${onlyUsers}`,
  );
  const users = new Map<number, SnapshotUser>();
  const displayNames = new Map<string, number>();
  for (const row of userRows) {
    users.set(row.id, {
      ...userAttributesFromRow(row),
      groups: [],
      identifiers: [],
    });
    if (row.display_name !== null) displayNames.set(row.display_name.toLowerCase(), row.id);
  }

  const identifierRows = await query<Omit<IdentifierRow, 'updated_at'>>(
    executor,
    sql`select id, user_id, type, value, domain, namespace, key, source from identifiers where ${onlyOwned}`,
  );
  const ownership = new IdentifierOwnership();
  for (const row of identifierRows) {
    const identifier: SnapshotIdentifier = identifierFieldsFromRow(row);
    users.get(row.user_id)?.identifiers.push(identifier);
    ownership.add(ownedKeyOf(identifier));
  }

  const membershipRows = await query<{ user_id: number; name: string; source: string }>(
    executor,
    sql`select m.user_id, g.name, m.source from memberships m join groups g on g.id = m.group_id where ${onlyOwned}`,
  );
  for (const row of membershipRows) {
    users.get(row.user_id)?.groups.push({ group: row.name, source: row.source as AttributeSource });
  }
  return { users, displayNames, ownership };
}

async function loadDoNotTrack(
  executor: Executor,
  scope: SnapshotScope | undefined,
): Promise<IdentifierOwnership> {
  let where: SQL = sql`true`;
  if (scope) {
    const exact = scope.identifiers.filter((i) => i.namespace !== 'device_login');
    const usernames = scope.identifiers
      .filter((i) => i.namespace === 'device_login')
      .map((i) => i.value.toLowerCase());
    where = sql`(namespace, key) in (select * from unnest(${sql.param(exact.map((i) => i.namespace))}::text[],
                                                        ${sql.param(exact.map((i) => i.key))}::text[]))
             or (namespace = 'device_login' and split_part(key, E'\\\\', 1) = any(${sql.param(usernames)}::text[]))`;
  }
  const rows = await query<{ namespace: string; key: string; former_user_id: number | null }>(
    executor,
    sql`select namespace, key, former_user_id from do_not_track where ${where}`,
  );
  return new IdentifierOwnership(
    rows.map((row) => ({
      namespace: row.namespace as IdentifierNamespace,
      key: row.key,
      userId: row.former_user_id ?? 0,
    })),
  );
}

export async function loadSyncSnapshot(
  executor: Executor,
  connectorId: string,
  precedence: ReadonlyMap<string, number>,
  options: { links?: Map<string, SnapshotLink>; scope?: SnapshotScope } = {},
): Promise<SyncSnapshot> {
  const links = options.links ?? (await loadConnectorLinks(executor, connectorId));
  const scope = options.scope;
  const userIds = scope ? await scopedUserIds(executor, links, scope) : null;
  const { users, displayNames, ownership } = await loadUsersOf(executor, userIds);
  const snapshot: SyncSnapshot = {
    connectorId,
    precedence,
    users,
    links,
    ownership,
    displayNames,
    doNotTrack: await loadDoNotTrack(executor, scope),
    openConflicts: await openConflictsOf(executor, connectorId),
  };
  if (scope) {
    const [row] = await query<{ n: number }>(
      executor,
      sql`select count(*)::int as n from identifiers where source = ${`connector:${connectorId}`}`,
    );
    snapshot.connectorIdentifierTotal = row?.n ?? 0;
  }
  return snapshot;
}
