// The conflict report in the store: one row per cause (its fingerprint), with first and last seen.
// Runs and activity batches upsert what they found, set-based; admins and runs close them.
import { type SQL, sql } from 'drizzle-orm';
import type { ConflictReport } from '../domain/changes.ts';
import type { ConflictKind, ConflictStatus, IdentifierType } from '../domain/types.ts';
import { eachChunk, query, recordset } from './bulk.ts';
import type { Executor } from './database.ts';

/**
 * A conflict to record. User ids are stored ids: a `new:<n>` reference from a plan must be
 * resolved (with the ids `applyChanges` returned) before it gets here; one that was not is a bug
 * and throws.
 */
export type StoredConflictReport = ConflictReport & { fingerprint: string };

export interface UpsertConflictsOptions {
  /** The connector whose run found them; null for agent-association conflicts. */
  connectorId: string | null;
  now: Date;
}

export interface UpsertConflictsResult {
  /** New open conflicts. */
  opened: number;
  /** Open conflicts seen again (last seen moved, details refreshed). */
  seen: number;
  /** Causes an admin dismissed that are still there: last seen moved, not reopened. */
  stillDismissed: number;
}

/** The conflict JSON of CONTRACT.md, plus what an admin needs to act on it. */
export interface ConflictView {
  id: number;
  kind: ConflictKind;
  status: ConflictStatus;
  identifier?: { type: IdentifierType; value: string; domain?: string };
  userIds: number[];
  connectors: string[];
  externalIds: string[];
  message: string;
  firstSeen: string;
  lastSeen: string;
  /** The connector whose run raised it; null for agent-association conflicts. */
  connectorId: string | null;
  details: Record<string, unknown> | null;
  closedAt: string | null;
  resolution: Record<string, unknown> | null;
}

export interface ConflictFilter {
  status?: ConflictStatus;
  kind?: ConflictKind;
  /** The raising connector, or any connector the conflict names. */
  connector?: string;
}

export interface ConflictRow {
  id: number;
  fingerprint: string;
  kind: string;
  status: string;
  connector_id: string | null;
  identifier_type: string | null;
  identifier_value: string | null;
  identifier_domain: string | null;
  user_ids: number[];
  connectors: string[];
  external_ids: string[];
  message: string;
  details: Record<string, unknown> | null;
  first_seen: string | Date;
  last_seen: string | Date;
  closed_at: string | Date | null;
  resolution: Record<string, unknown> | null;
}

function iso(value: string | Date): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

function storedUserIds(report: StoredConflictReport): number[] {
  return report.userIds.map((ref) => {
    if (typeof ref !== 'number')
      throw new Error(`conflict ${report.fingerprint} names unresolved user ${ref}`);
    return ref;
  });
}

/**
 * Reports of one batch sharing a fingerprint are one cause: the first one's message and details
 * are kept, and the users, connectors and records of all of them are named.
 */
function byFingerprint(reports: readonly StoredConflictReport[]) {
  const rows = new Map<
    string,
    {
      fingerprint: string;
      kind: string;
      identifier_type: string | null;
      identifier_value: string | null;
      identifier_domain: string | null;
      user_ids: number[];
      connectors: string[];
      external_ids: string[];
      message: string;
      details: Record<string, unknown> | null;
    }
  >();
  const union = <T>(a: T[], b: T[]) => [...new Set([...a, ...b])];
  for (const report of reports) {
    const userIds = storedUserIds(report);
    const existing = rows.get(report.fingerprint);
    if (existing) {
      existing.user_ids = union(existing.user_ids, userIds);
      existing.connectors = union(existing.connectors, report.connectors);
      existing.external_ids = union(existing.external_ids, report.externalIds);
      continue;
    }
    rows.set(report.fingerprint, {
      fingerprint: report.fingerprint,
      kind: report.kind,
      identifier_type: report.identifier?.type ?? null,
      identifier_value: report.identifier?.value ?? null,
      identifier_domain: report.identifier?.domain ?? null,
      user_ids: userIds,
      connectors: [...new Set(report.connectors)],
      external_ids: [...new Set(report.externalIds)],
      message: report.message,
      details: report.details ?? null,
    });
  }
  return [...rows.values()];
}

const REPORT_COLUMNS =
  'fingerprint text, kind text, identifier_type text, identifier_value text, identifier_domain text, ' +
  'user_ids int[], connectors text[], external_ids text[], message text, details jsonb';

/**
 * Records what a run or batch found. An open conflict with the same fingerprint is seen again
 * (last seen, users, message and details refreshed); a cause whose latest closed conflict was
 * dismissed stays dismissed (its last seen moves, so the admin can tell it persists); anything
 * else opens a new conflict with first seen = last seen = now. A resolved cause that returns is a
 * new problem and opens again.
 */
export async function upsertConflicts(
  executor: Executor,
  reports: readonly StoredConflictReport[],
  options: UpsertConflictsOptions,
): Promise<UpsertConflictsResult> {
  const rows = byFingerprint(reports);
  const at = options.now.toISOString();
  const dismissed = await eachChunk<(typeof rows)[number], { fingerprint: string }>(
    executor,
    rows,
    (chunk) => sql`update conflicts c set last_seen = ${at}::timestamptz
      from ${recordset(chunk, 'r', REPORT_COLUMNS)}
      where c.fingerprint = r.fingerprint and c.status = 'dismissed'
        and c.id = (select max(l.id) from conflicts l where l.fingerprint = r.fingerprint)
      returning c.fingerprint`,
  );
  const suppressed = new Set(dismissed.map((row) => row.fingerprint));
  const upserted = await eachChunk<(typeof rows)[number], { inserted: boolean }>(
    executor,
    rows.filter((row) => !suppressed.has(row.fingerprint)),
    (chunk) => sql`insert into conflicts (fingerprint, kind, status, connector_id, identifier_type,
        identifier_value, identifier_domain, user_ids, connectors, external_ids, message, details,
        first_seen, last_seen)
      select r.fingerprint, r.kind, 'open', ${options.connectorId}::text, r.identifier_type,
        r.identifier_value, r.identifier_domain, coalesce(r.user_ids, '{}'), coalesce(r.connectors, '{}'),
        coalesce(r.external_ids, '{}'), r.message, r.details, ${at}::timestamptz, ${at}::timestamptz
      from ${recordset(chunk, 'r', REPORT_COLUMNS)}
      on conflict (fingerprint) where status = 'open' do update set
        last_seen = excluded.last_seen,
        user_ids = excluded.user_ids,
        connectors = excluded.connectors,
        external_ids = excluded.external_ids,
        identifier_type = excluded.identifier_type,
        identifier_value = excluded.identifier_value,
        identifier_domain = excluded.identifier_domain,
        message = excluded.message,
        details = excluded.details
      returning (xmax = 0) as inserted`,
  );
  const opened = upserted.filter((row) => row.inserted).length;
  return { opened, seen: upserted.length - opened, stillDismissed: suppressed.size };
}

/** Closes the given conflicts that are still open; returns the ids actually closed. */
export async function closeConflicts(
  executor: Executor,
  ids: readonly number[],
  resolution: object,
  status: 'resolved' | 'dismissed',
  now: Date,
): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await query<{ id: number }>(
    executor,
    sql`update conflicts set status = ${status}, closed_at = ${now.toISOString()}::timestamptz,
          resolution = ${JSON.stringify(resolution)}::jsonb
        where id = any(${sql.param([...ids])}::int[]) and status = 'open'
        returning id`,
  );
  return rows.map((row) => row.id).sort((a, b) => a - b);
}

export function toView(row: ConflictRow): ConflictView {
  const view: ConflictView = {
    id: row.id,
    kind: row.kind as ConflictKind,
    status: row.status as ConflictStatus,
    userIds: row.user_ids,
    connectors: row.connectors,
    externalIds: row.external_ids,
    message: row.message,
    firstSeen: iso(row.first_seen),
    lastSeen: iso(row.last_seen),
    connectorId: row.connector_id,
    details: row.details,
    closedAt: row.closed_at === null ? null : iso(row.closed_at),
    resolution: row.resolution,
  };
  if (row.identifier_type !== null && row.identifier_value !== null) {
    view.identifier = { type: row.identifier_type as IdentifierType, value: row.identifier_value };
    if (row.identifier_domain !== null) view.identifier.domain = row.identifier_domain;
  }
  return view;
}

/** The conflict report, newest activity first (last seen, then id). */
export async function listConflicts(
  executor: Executor,
  filter: ConflictFilter = {},
): Promise<ConflictView[]> {
  const conditions: SQL[] = [sql`true`];
  if (filter.status !== undefined) conditions.push(sql`status = ${filter.status}`);
  if (filter.kind !== undefined) conditions.push(sql`kind = ${filter.kind}`);
  if (filter.connector !== undefined) {
    conditions.push(sql`(connector_id = ${filter.connector} or ${filter.connector} = any(connectors))`);
  }
  const rows = await query<ConflictRow>(
    executor,
    sql`select * from conflicts where ${sql.join(conditions, sql` and `)} order by last_seen desc, id desc`,
  );
  return rows.map(toView);
}

export async function getConflict(executor: Executor, id: number): Promise<ConflictView | null> {
  const [row] = await query<ConflictRow>(executor, sql`select * from conflicts where id = ${id}`);
  return row ? toView(row) : null;
}

/** Locks an open-or-closed conflict row for the rest of the transaction (resolution races). */
export async function getConflictForUpdate(executor: Executor, id: number): Promise<ConflictView | null> {
  const [row] = await query<ConflictRow>(executor, sql`select * from conflicts where id = ${id} for update`);
  return row ? toView(row) : null;
}

/**
 * The open conflicts a connector raised, by fingerprint: the sync planner's snapshot keeps those
 * its run sees again and closes the others. `null` selects agent-association conflicts.
 */
export async function openConflictsOf(
  executor: Executor,
  connectorId: string | null,
): Promise<Map<string, { id: number; externalIds: string[] }>> {
  const rows = await query<{ id: number; fingerprint: string; external_ids: string[] }>(
    executor,
    sql`select id, fingerprint, external_ids from conflicts
        where status = 'open' and connector_id is not distinct from ${connectorId}::text`,
  );
  return new Map(rows.map((row) => [row.fingerprint, { id: row.id, externalIds: row.external_ids }]));
}
