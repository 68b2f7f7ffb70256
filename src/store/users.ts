// Reads user records, in bulk: four set-based queries assembled in maps, never one per user.
import { sql } from 'drizzle-orm';
import type {
  AccountSettings,
  Agent,
  AttributeSource,
  Identifier,
  IdentifierNamespace,
  IdentifierSource,
  IdentifierType,
  SourcedValue,
  Tracking,
  UserRecord,
} from '../domain/types.ts';
import { query } from './bulk.ts';
import type { Executor } from './database.ts';

export interface UserRow {
  id: number;
  display_name: string | null;
  display_name_source: string | null;
  time_zone: string | null;
  time_zone_source: string | null;
  primary_group: string | null;
  primary_group_source: string | null;
  tracking: string;
  created_at: string | Date;
}

export interface IdentifierRow {
  id: number;
  user_id: number;
  type: string;
  value: string;
  domain: string | null;
  namespace: string;
  key: string;
  source: string;
  updated_at: string | Date;
}

interface AgentRow {
  id: number;
  user_id: number;
  username: string;
  logon_domain: string;
  first_log: string | Date | null;
  last_log: string | Date | null;
  has_data: boolean;
}

function toDate(value: string | Date): Date {
  return value instanceof Date ? value : new Date(value);
}

export function sourced(value: string | null, source: string | null): SourcedValue<string> {
  return { value, source: value === null ? null : (source as AttributeSource | null) };
}

/** An identifier row without its time stamp (what the sync snapshot reads). */
export function identifierFieldsFromRow(
  row: Omit<IdentifierRow, 'updated_at'>,
): Omit<Identifier, 'updatedAt'> {
  return {
    id: row.id,
    userId: row.user_id,
    type: row.type as IdentifierType,
    value: row.value,
    domain: row.domain,
    namespace: row.namespace as IdentifierNamespace,
    key: row.key,
    source: row.source as IdentifierSource,
  };
}

export function identifierFromRow(row: IdentifierRow): Identifier {
  return { ...identifierFieldsFromRow(row), updatedAt: toDate(row.updated_at) };
}

/** A user row's own attributes, each with the source that set it. */
export function userAttributesFromRow(row: Omit<UserRow, 'created_at'>) {
  return {
    id: row.id,
    tracking: row.tracking as Tracking,
    displayName: sourced(row.display_name, row.display_name_source),
    timeZone: sourced(row.time_zone, row.time_zone_source),
    primaryGroup: sourced(row.primary_group, row.primary_group_source),
  };
}

export function agentFromRow(row: AgentRow): Agent {
  return {
    id: row.id,
    userId: row.user_id,
    username: row.username,
    logonDomain: row.logon_domain,
    firstLog: row.first_log === null ? null : toDate(row.first_log),
    lastLog: row.last_log === null ? null : toDate(row.last_log),
    hasData: row.has_data,
  };
}

/** Loads the given users (all users when `ids` is absent), ordered by id. */
export async function loadUsers(executor: Executor, ids?: readonly number[]): Promise<UserRecord[]> {
  const only = ids === undefined ? sql`true` : sql`id = any(${sql.param([...ids])}::int[])`;
  const onlyUser = ids === undefined ? sql`true` : sql`user_id = any(${sql.param([...ids])}::int[])`;
  const [userRows, identifierRows, membershipRows, agentRows] = await Promise.all([
    query<UserRow>(executor, sql`select * from users where ${only} order by id`),
    query<IdentifierRow>(executor, sql`select * from identifiers where ${onlyUser}`),
    query<{ user_id: number; name: string; source: string }>(
      executor,
      sql`select m.user_id, g.name, m.source from memberships m join groups g on g.id = m.group_id
          where ${onlyUser} order by g.name, m.source`,
    ),
    query<AgentRow>(executor, sql`select * from agents where ${onlyUser} order by id`),
  ]);
  const users = new Map<number, UserRecord>();
  for (const row of userRows) {
    users.set(row.id, {
      ...userAttributesFromRow(row),
      groups: [],
      identifiers: [],
      agents: [],
      createdAt: toDate(row.created_at),
    });
  }
  for (const row of identifierRows) users.get(row.user_id)?.identifiers.push(identifierFromRow(row));
  for (const row of membershipRows) {
    users.get(row.user_id)?.groups.push({ group: row.name, source: row.source as AttributeSource });
  }
  for (const row of agentRows) users.get(row.user_id)?.agents.push(agentFromRow(row));
  for (const user of users.values()) {
    user.identifiers.sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime() || b.id - a.id);
  }
  return [...users.values()];
}

export async function loadUser(executor: Executor, id: number): Promise<UserRecord | null> {
  const [user] = await loadUsers(executor, [id]);
  return user ?? null;
}

export async function loadAgents(executor: Executor, ids: readonly number[]): Promise<Agent[]> {
  if (ids.length === 0) return [];
  const rows = await query<AgentRow>(
    executor,
    sql`select * from agents where id = any(${sql.param([...ids])}::int[])`,
  );
  return rows.map(agentFromRow);
}

export async function loadSettings(executor: Executor): Promise<AccountSettings> {
  const [row] = await query<{
    email_auto_detection: boolean;
    activity_threshold_days: number;
    expanded_agent_user_association: boolean;
    personal_email_domains: string[];
  }>(executor, sql`select * from account_settings where id = 1`);
  if (!row) throw new Error('account_settings row missing: migrations not applied');
  return {
    emailAutoDetection: row.email_auto_detection,
    activityThresholdDays: row.activity_threshold_days,
    expandedAgentUserAssociation: row.expanded_agent_user_association,
    personalEmailDomains: row.personal_email_domains,
  };
}

export async function saveSettings(executor: Executor, settings: AccountSettings): Promise<void> {
  await executor.execute(sql`update account_settings set
    email_auto_detection = ${settings.emailAutoDetection},
    activity_threshold_days = ${settings.activityThresholdDays},
    expanded_agent_user_association = ${settings.expandedAgentUserAssociation},
    personal_email_domains = ${sql.param(settings.personalEmailDomains)}::text[],
    updated_at = now()
    where id = 1`);
}

/** Source links per user (all users when `ids` is absent). */
export async function loadLinks(
  executor: Executor,
  ids?: readonly number[],
): Promise<Map<number, Array<{ connector: string; externalId: string }>>> {
  const only = ids === undefined ? sql`true` : sql`user_id = any(${sql.param([...ids])}::int[])`;
  const rows = await query<{ user_id: number; connector_id: string; external_id: string }>(
    executor,
    sql`select user_id, connector_id, external_id from source_links where ${only} order by connector_id, external_id`,
  );
  const byUser = new Map<number, Array<{ connector: string; externalId: string }>>();
  for (const row of rows) {
    const list = byUser.get(row.user_id) ?? [];
    list.push({ connector: row.connector_id, externalId: row.external_id });
    byUser.set(row.user_id, list);
  }
  return byUser;
}
