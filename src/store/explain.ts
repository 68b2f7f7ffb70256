// `GET /api/v1/users/{id}/explain`: the records behind a user's state, read in one snapshot. The
// identifiers (with source and time) come from the user record itself; this adds what the record
// does not carry: its source links with their state, the open conflicts naming it, and its latest
// audit entries.
import { sql } from 'drizzle-orm';
import { type AuditEntryView, auditForUser } from './audit.ts';
import { query } from './bulk.ts';
import { type ConflictView, getConflict } from './conflicts.ts';
import type { Executor } from './database.ts';

export interface LinkExplanation {
  connector: string;
  externalId: string;
  /** 'active', or what the source last said of the record (e.g. disabled). */
  state: string;
  firstSeen: string;
  lastSeen: string;
}

export interface UserExplanationRecords {
  links: LinkExplanation[];
  openConflicts: ConflictView[];
  recentAudit: AuditEntryView[];
}

export const EXPLAIN_AUDIT_ENTRIES = 20;

function iso(value: string | Date): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

export async function loadLinksWithState(executor: Executor, userId: number): Promise<LinkExplanation[]> {
  const rows = await query<{
    connector_id: string;
    external_id: string;
    state: string;
    first_seen: string | Date;
    last_seen: string | Date;
  }>(
    executor,
    sql`select connector_id, external_id, state, first_seen, last_seen from source_links
        where user_id = ${userId} order by connector_id, external_id`,
  );
  return rows.map((row) => ({
    connector: row.connector_id,
    externalId: row.external_id,
    state: row.state,
    firstSeen: iso(row.first_seen),
    lastSeen: iso(row.last_seen),
  }));
}

/** Open conflicts whose user list names the user (a handful at most, so one read each). */
export async function openConflictsNaming(executor: Executor, userId: number): Promise<ConflictView[]> {
  const rows = await query<{ id: number }>(
    executor,
    sql`select id from conflicts where status = 'open' and ${userId} = any(user_ids) order by last_seen desc, id desc`,
  );
  const views: ConflictView[] = [];
  for (const row of rows) {
    const view = await getConflict(executor, row.id);
    if (view) views.push(view);
  }
  return views;
}

export async function loadUserExplanation(
  executor: Executor,
  userId: number,
): Promise<UserExplanationRecords> {
  return {
    links: await loadLinksWithState(executor, userId),
    openConflicts: await openConflictsNaming(executor, userId),
    recentAudit: await auditForUser(executor, userId, { limit: EXPLAIN_AUDIT_ENTRIES }),
  };
}
