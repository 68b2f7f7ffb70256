// The conflict JSON with the people in it named: every user the conflict names (its own list and
// the users its source records are linked to) with the name the product shows, and each source
// record with the user it is linked to. A reviewer reads "Ana Lima", not "user #215".
import { userLabel } from '../domain/identifiers.ts';
import { type ConflictRecordLink, conflictRecordLinks, namedUserIds } from '../store/conflict-records.ts';
import type { ConflictView } from '../store/conflicts.ts';
import type { Executor } from '../store/database.ts';
import { loadUsers } from '../store/users.ts';

export interface NamedUser {
  id: number;
  /** The display name, else the representative identifier; null when the user no longer exists. */
  name: string | null;
}

export type ConflictWithPeople = ConflictView & { users: NamedUser[]; records: ConflictRecordLink[] };

/** Names the people of a page of conflicts: two reads, whatever the page's length. */
export async function withPeople(
  executor: Executor,
  conflicts: readonly ConflictView[],
): Promise<ConflictWithPeople[]> {
  if (conflicts.length === 0) return [];
  const records = await conflictRecordLinks(executor, conflicts);
  const named = new Map(conflicts.map((c) => [c.id, namedUserIds(c, records.get(c.id) ?? [])]));
  const ids = [...new Set([...named.values()].flat())];
  const users = new Map((await loadUsers(executor, ids)).map((user) => [user.id, userLabel(user)]));
  return conflicts.map((conflict) => ({
    ...conflict,
    users: (named.get(conflict.id) ?? []).map((id) => ({ id, name: users.get(id) ?? null })),
    records: records.get(conflict.id) ?? [],
  }));
}
