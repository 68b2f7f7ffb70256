// The totals of `GET /api/v1/status`. User status is derived, never stored, so the totals apply
// deriveStatus to every user (exact, one read of users and agents); conflicts are counted in SQL.
import { sql } from 'drizzle-orm';
import { deriveStatus } from '../domain/status.ts';
import { query } from '../store/bulk.ts';
import type { Executor } from '../store/database.ts';
import { loadSettings, loadUsers } from '../store/users.ts';

export interface UserTotals {
  total: number;
  active: number;
  inactive: number;
  unlicensed: number;
  tracked: number;
  untracked: number;
}

export async function userTotals(executor: Executor, now: Date): Promise<UserTotals> {
  const settings = await loadSettings(executor);
  const totals: UserTotals = { total: 0, active: 0, inactive: 0, unlicensed: 0, tracked: 0, untracked: 0 };
  for (const user of await loadUsers(executor)) {
    totals.total += 1;
    totals[deriveStatus(user, settings, now)] += 1;
    totals[user.tracking] += 1;
  }
  return totals;
}

export async function openConflictCounts(
  executor: Executor,
): Promise<{ open: number; byKind: Record<string, number> }> {
  const rows = await query<{ kind: string; n: number }>(
    executor,
    sql`select kind, count(*)::int as n from conflicts where status = 'open' group by kind order by kind`,
  );
  const byKind = Object.fromEntries(rows.map((row) => [row.kind, Number(row.n)]));
  return { open: rows.reduce((sum, row) => sum + Number(row.n), 0), byKind };
}
