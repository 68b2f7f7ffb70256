// Reading the audit log: per user and per run, newest first, paged by id (`before` = the smallest
// id of the previous page), as JSON-ready views.
import { type SQL, sql } from 'drizzle-orm';
import { query } from './bulk.ts';
import type { Executor } from './database.ts';

export interface AuditEntryView {
  id: number;
  at: string;
  /** 'admin' | 'run' | 'agent' | 'system'. */
  actor: string;
  runId: number | null;
  userId: number | null;
  action: string;
  before: unknown;
  after: unknown;
}

export interface AuditPage {
  /** Entries per page; default 100, at most 1,000. */
  limit?: number;
  /** Only entries older than this id (the last id of the previous page). */
  before?: number;
}

export const DEFAULT_AUDIT_LIMIT = 100;
export const MAX_AUDIT_LIMIT = 1_000;

interface AuditRow {
  id: number | string;
  at: string | Date;
  actor: string;
  run_id: number | null;
  user_id: number | null;
  action: string;
  before: unknown;
  after: unknown;
}

function pageLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_AUDIT_LIMIT;
  return Math.min(MAX_AUDIT_LIMIT, Math.max(1, Math.trunc(limit)));
}

async function auditWhere(executor: Executor, where: SQL, page: AuditPage): Promise<AuditEntryView[]> {
  const before = page.before === undefined ? sql`true` : sql`id < ${page.before}`;
  const rows = await query<AuditRow>(
    executor,
    sql`select * from audit_log where ${where} and ${before} order by id desc limit ${pageLimit(page.limit)}`,
  );
  return rows.map((row) => ({
    // bigserial: postgres-js hands int8 over as a string.
    id: Number(row.id),
    at: (row.at instanceof Date ? row.at : new Date(row.at)).toISOString(),
    actor: row.actor,
    runId: row.run_id,
    userId: row.user_id,
    action: row.action,
    before: row.before,
    after: row.after,
  }));
}

/** What happened to one user (also after it was deleted: the log has no foreign key). */
export function auditForUser(executor: Executor, userId: number, page: AuditPage = {}) {
  return auditWhere(executor, sql`user_id = ${userId}`, page);
}

/** What one sync run changed. */
export function auditForRun(executor: Executor, runId: number, page: AuditPage = {}) {
  return auditWhere(executor, sql`run_id = ${runId}`, page);
}
