// Domain records -> CONTRACT.md's user JSON, with the settings and links the view needs.
import { toUserView, type UserView } from '../admin/views.ts';
import { userLabel } from '../domain/identifiers.ts';
import type { UserRecord } from '../domain/types.ts';
import type { AuditEntryView } from '../store/audit.ts';
import type { Executor } from '../store/database.ts';
import { loadLinks, loadSettings, loadUsers } from '../store/users.ts';

export async function userViews(executor: Executor, users: UserRecord[], now: Date): Promise<UserView[]> {
  if (users.length === 0) return [];
  const settings = await loadSettings(executor);
  // One read of every link beats a long id list once the view is most of the account.
  const links = await loadLinks(executor, users.length > 1000 ? undefined : users.map((user) => user.id));
  return users.map((user) => toUserView(user, settings, now, links.get(user.id) ?? []));
}

export async function userView(executor: Executor, user: UserRecord, now: Date): Promise<UserView> {
  const [view] = await userViews(executor, [user], now);
  return view!;
}

/**
 * A page of audit entries with each entry's user named as the product shows it (null: no user, or
 * deleted since: the log outlives its users). One read for the page's users.
 */
export async function auditWithNames(
  executor: Executor,
  entries: AuditEntryView[],
): Promise<Array<AuditEntryView & { user: string | null }>> {
  const ids = [...new Set(entries.flatMap((entry) => (entry.userId === null ? [] : [entry.userId])))];
  const names = new Map((await loadUsers(executor, ids)).map((user) => [user.id, userLabel(user)]));
  return entries.map((entry) => ({
    ...entry,
    user: entry.userId === null ? null : (names.get(entry.userId) ?? null),
  }));
}
