// Loads the ActivityContext for one batch of reports, set-based: a fixed number of queries whatever
// the batch size, each narrowed to what the batch's logins and emails can touch.
import { sql } from 'drizzle-orm';
import type { ActivityContext, ActivityReport, CandidateUser } from '../domain/activity/index.ts';
import { agentLoginKey } from '../domain/activity/index.ts';
import { loginIsAddress } from '../domain/agent-matching.ts';
import { normalizeIdentifier } from '../domain/identifiers.ts';
import { IdentifierOwnership, ownedKeyOf } from '../domain/ownership.ts';
import type { AttributeSource, Identifier, Tracking } from '../domain/types.ts';
import { query } from '../store/bulk.ts';
import type { Executor } from '../store/database.ts';
import { loadDeletedDoNotTrack } from '../store/dnt.ts';
import { agentFromRow, identifierFromRow, loadSettings } from '../store/users.ts';

type IdentifierRow = Parameters<typeof identifierFromRow>[0];
type AgentRow = Parameters<typeof agentFromRow>[0];

/** What the batch's reports can match, as lower-cased keys. */
export interface BatchKeys {
  loginKeys: string[];
  /** Every reported username: device logins and employee IDs by username, display names. */
  usernames: string[];
  /** Plain (non-address) usernames: addresses match them by local part. */
  plainUsernames: string[];
  /** Usernames in email form: addresses match them whole. */
  addressUsernames: string[];
  /** Valid reported emails (auto-detection candidates). */
  emails: string[];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** Collects the keys; malformed reports are skipped here and rejected by the rule. */
export function batchKeys(reports: readonly ActivityReport[]): BatchKeys {
  const loginKeys = new Set<string>();
  const usernames = new Set<string>();
  const plain = new Set<string>();
  const addresses = new Set<string>();
  const emails = new Set<string>();
  for (const report of reports) {
    if (typeof report !== 'object' || report === null) continue;
    const login = { username: text(report.username), logonDomain: text(report.logonDomain) };
    if (login.username === '') continue;
    const username = login.username.toLowerCase();
    usernames.add(username);
    if (login.logonDomain !== '') loginKeys.add(agentLoginKey(login));
    if (loginIsAddress(login)) addresses.add(username);
    else plain.add(username);
    const reported: unknown = report.emails;
    if (!Array.isArray(reported)) continue;
    for (const email of reported) {
      if (typeof email !== 'string') continue;
      const normalized = normalizeIdentifier({ type: 'email', value: email });
      if (normalized.ok) emails.add(normalized.value.key);
    }
  }
  return {
    loginKeys: [...loginKeys],
    usernames: [...usernames],
    plainUsernames: [...plain],
    addressUsernames: [...addresses],
    emails: [...emails],
  };
}

const textArray = (values: readonly string[]) => sql`${sql.param([...values])}::text[]`;

export async function loadActivityContext(
  executor: Executor,
  reports: readonly ActivityReport[],
  now: Date,
): Promise<ActivityContext> {
  const keys = batchKeys(reports);
  const settings = await loadSettings(executor);
  const agentRows = await query<AgentRow & { login_key: string }>(
    executor,
    sql`select * from agents where login_key = any(${textArray(keys.loginKeys)})`,
  );
  const ownedAddresses = [...new Set([...keys.addressUsernames, ...keys.emails])];
  // Identifiers a login can match (agent-matching.ts), and holders of the addresses the batch may add.
  const matchingRows = await query<IdentifierRow>(
    executor,
    sql`select * from identifiers where
         (namespace = 'address' and key = any(${textArray(ownedAddresses)}))
      or (namespace = 'address' and split_part(key, '@', 1) = any(${textArray(keys.plainUsernames)}))
      or (namespace = 'device_login' and split_part(key, E'\\\\', 1) = any(${textArray(keys.usernames)}))
      or (namespace = 'employee_id' and lower(key) = any(${textArray(keys.usernames)}))`,
  );
  const nameRows = settings.expandedAgentUserAssociation
    ? await query<{ id: number }>(
        executor,
        sql`select id from users where lower(trim(display_name)) = any(${textArray(keys.usernames)})`,
      )
    : [];
  const candidateIds = new Set<number>([
    ...agentRows.map((row) => row.user_id),
    ...matchingRows.map((row) => row.user_id),
    ...nameRows.map((row) => row.id),
  ]);
  const candidates = await loadCandidates(executor, [...candidateIds]);

  const ownership = new IdentifierOwnership();
  const addressSet = new Set(ownedAddresses);
  for (const row of matchingRows) {
    if (row.namespace === 'address' && addressSet.has(row.key))
      ownership.add(ownedKeyOf(identifierFromRow(row)));
  }
  const agents = new Map(agentRows.map((row) => [row.login_key, agentFromRow(row)]));
  const doNotTrack = await loadDeletedDoNotTrack(executor, {
    usernames: keys.usernames,
    addresses: keys.addressUsernames,
  });
  return { now, settings, agents, candidates, ownership, doNotTrack };
}

/** The candidates' records as association reads them: no agents, memberships or activity. */
async function loadCandidates(executor: Executor, ids: number[]): Promise<Map<number, CandidateUser>> {
  const candidates = new Map<number, CandidateUser>();
  if (ids.length === 0) return candidates;
  const [userRows, identifierRows] = await Promise.all([
    query<{ id: number; display_name: string | null; display_name_source: string | null; tracking: string }>(
      executor,
      sql`select id, display_name, display_name_source, tracking from users where id = any(${sql.param(ids)}::int[])`,
    ),
    query<IdentifierRow>(
      executor,
      sql`select * from identifiers where user_id = any(${sql.param(ids)}::int[])`,
    ),
  ]);
  for (const row of userRows) {
    candidates.set(row.id, {
      id: row.id,
      displayName: {
        value: row.display_name,
        source: row.display_name === null ? null : (row.display_name_source as AttributeSource | null),
      },
      tracking: row.tracking as Tracking,
      identifiers: [],
    });
  }
  const identifiers: Identifier[] = identifierRows.map(identifierFromRow);
  identifiers.sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime() || b.id - a.id);
  for (const identifier of identifiers) candidates.get(identifier.userId)?.identifiers.push(identifier);
  return candidates;
}
