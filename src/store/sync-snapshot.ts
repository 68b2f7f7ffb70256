// Loads the planner's picture of the account (SyncSnapshot) in a handful of set-based queries:
// every user with identifiers and memberships, this connector's links, deleted users' DNT
// entries and this connector's open conflicts. No query per record.
import { sql } from 'drizzle-orm';
import { IdentifierOwnership } from '../domain/ownership.ts';
import type {
  SnapshotIdentifier,
  SnapshotLink,
  SnapshotUser,
  SyncSnapshot,
} from '../domain/reconcile/snapshot.ts';
import type {
  AttributeSource,
  IdentifierNamespace,
  IdentifierSource,
  IdentifierType,
  SourcedValue,
  Tracking,
} from '../domain/types.ts';
import { query } from './bulk.ts';
import { openConflictsOf } from './conflicts.ts';
import type { Executor } from './database.ts';

function sourced(value: string | null, source: string | null): SourcedValue<string> {
  return { value, source: value === null ? null : (source as AttributeSource | null) };
}

export async function loadSyncSnapshot(
  executor: Executor,
  connectorId: string,
  precedence: ReadonlyMap<string, number>,
): Promise<SyncSnapshot> {
  const userRows = await query<{
    id: number;
    tracking: string;
    display_name: string | null;
    display_name_source: string | null;
    time_zone: string | null;
    time_zone_source: string | null;
    primary_group: string | null;
    primary_group_source: string | null;
  }>(
    executor,
    sql`select id, tracking, display_name, display_name_source, time_zone, time_zone_source,
          primary_group, primary_group_source from users`,
  );
  const users = new Map<number, SnapshotUser>();
  const displayNames = new Map<string, number>();
  for (const row of userRows) {
    users.set(row.id, {
      id: row.id,
      tracking: row.tracking as Tracking,
      displayName: sourced(row.display_name, row.display_name_source),
      timeZone: sourced(row.time_zone, row.time_zone_source),
      primaryGroup: sourced(row.primary_group, row.primary_group_source),
      groups: [],
      identifiers: [],
    });
    if (row.display_name !== null) displayNames.set(row.display_name.toLowerCase(), row.id);
  }

  const identifierRows = await query<{
    id: number;
    user_id: number;
    type: string;
    value: string;
    domain: string | null;
    namespace: string;
    key: string;
    source: string;
  }>(executor, sql`select id, user_id, type, value, domain, namespace, key, source from identifiers`);
  const ownership = new IdentifierOwnership();
  for (const row of identifierRows) {
    const identifier: SnapshotIdentifier = {
      id: row.id,
      userId: row.user_id,
      type: row.type as IdentifierType,
      value: row.value,
      domain: row.domain,
      namespace: row.namespace as IdentifierNamespace,
      key: row.key,
      source: row.source as IdentifierSource,
    };
    users.get(row.user_id)?.identifiers.push(identifier);
    ownership.add({
      namespace: identifier.namespace,
      key: identifier.key,
      userId: identifier.userId,
      identifierId: identifier.id,
      type: identifier.type,
      source: identifier.source,
    });
  }

  const membershipRows = await query<{ user_id: number; name: string; source: string }>(
    executor,
    sql`select m.user_id, g.name, m.source from memberships m join groups g on g.id = m.group_id`,
  );
  for (const row of membershipRows) {
    users.get(row.user_id)?.groups.push({ group: row.name, source: row.source as AttributeSource });
  }

  const linkRows = await query<{
    external_id: string;
    user_id: number;
    content_hash: string | null;
    state: string;
  }>(
    executor,
    sql`select external_id, user_id, content_hash, state from source_links where connector_id = ${connectorId}`,
  );
  const links = new Map<string, SnapshotLink>();
  for (const row of linkRows) {
    links.set(row.external_id, {
      externalId: row.external_id,
      userId: row.user_id,
      contentHash: row.content_hash,
      state: row.state as SnapshotLink['state'],
    });
  }

  const dntRows = await query<{ namespace: string; key: string; former_user_id: number | null }>(
    executor,
    sql`select namespace, key, former_user_id from do_not_track`,
  );
  const doNotTrack = new IdentifierOwnership(
    dntRows.map((row) => ({
      namespace: row.namespace as IdentifierNamespace,
      key: row.key,
      userId: row.former_user_id ?? 0,
    })),
  );

  return {
    connectorId,
    precedence,
    users,
    links,
    ownership,
    displayNames,
    doNotTrack,
    openConflicts: await openConflictsOf(executor, connectorId),
  };
}
