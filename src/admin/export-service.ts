// `GET /api/v1/users/export.csv` and `idsync export`: Users.csv of the filtered view (an empty
// filter exports everyone), read in one snapshot so rows and settings agree.
import type { UserFilter } from '../domain/filters.ts';
import { filterUsers } from '../domain/filters.ts';
import { type UsersCsvOptions, usersCsv } from '../domain/users-csv.ts';
import type { Db } from '../store/database.ts';
import { loadSettings, loadUsers } from '../store/users.ts';

export async function exportUsersCsv(
  db: Db,
  filter: UserFilter,
  now: Date,
  options: UsersCsvOptions = {},
): Promise<string> {
  // Repeatable read: users, identifiers, agents and settings from the same moment.
  const { users, settings } = await db.transaction(
    async (tx) => ({ users: await loadUsers(tx), settings: await loadSettings(tx) }),
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  return usersCsv(filterUsers(users, filter, settings, now), settings, now, options);
}
