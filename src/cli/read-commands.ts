// `idsync users`, `idsync conflicts`, `idsync export`: read-only views of the store.
import { writeFile } from 'node:fs/promises';
import { exportUsersCsv } from '../admin/export-service.ts';
import { toUserView } from '../admin/views.ts';
import type { App } from '../app.ts';
import { filterUsers, parseUserFilter, type UserFilter } from '../domain/filters.ts';
import type { ConflictKind, ConflictStatus } from '../domain/types.ts';
import { type ConflictFilter, listConflicts } from '../store/conflicts.ts';
import { loadLinks, loadSettings, loadUsers } from '../store/users.ts';
import { EXIT_OK, UsageError } from './exit-codes.ts';

export interface FilterOptions {
  status?: string;
  tracking?: string;
  group?: string;
  displayName?: string;
}

export function userFilterOf(options: FilterOptions): UserFilter {
  const parsed = parseUserFilter({
    status: options.status,
    tracking: options.tracking,
    group: options.group,
    displayName: options.displayName,
  });
  if (!parsed.ok) throw new UsageError(parsed.error.message);
  return parsed.value;
}

export async function usersCommand(
  app: App,
  options: FilterOptions & { json?: boolean },
  out: NodeJS.WritableStream,
): Promise<number> {
  const filter = userFilterOf(options);
  const now = app.sync.clock();
  const settings = await loadSettings(app.database.db);
  const users = filterUsers(await loadUsers(app.database.db), filter, settings, now);
  const links = await loadLinks(app.database.db);
  const views = users.map((user) => toUserView(user, settings, now, links.get(user.id) ?? []));
  if (options.json) {
    out.write(`${JSON.stringify(views, null, 2)}\n`);
    return EXIT_OK;
  }
  for (const view of views) {
    const ids = view.identifiers.map((i) => (i.domain ? `${i.domain}\\${i.value}` : i.value)).join(', ');
    out.write(`${view.id}\t${view.user}\t${view.status}\t${view.tracking}\t${ids}\n`);
  }
  out.write(`${views.length} user(s)\n`);
  return EXIT_OK;
}

const CONFLICT_STATUSES: readonly ConflictStatus[] = ['open', 'resolved', 'dismissed'];

export async function conflictsCommand(
  app: App,
  options: { status?: string; kind?: string; connector?: string; json?: boolean },
  out: NodeJS.WritableStream,
): Promise<number> {
  const filter: ConflictFilter = {};
  if (options.status !== undefined) {
    if (!CONFLICT_STATUSES.includes(options.status as ConflictStatus)) {
      throw new UsageError(`--status: must be one of ${CONFLICT_STATUSES.join(', ')}`);
    }
    filter.status = options.status as ConflictStatus;
  }
  if (options.kind !== undefined) filter.kind = options.kind as ConflictKind;
  if (options.connector !== undefined) filter.connector = options.connector;
  const conflicts = await listConflicts(app.database.db, filter);
  if (options.json) {
    out.write(`${JSON.stringify(conflicts, null, 2)}\n`);
    return EXIT_OK;
  }
  for (const c of conflicts) {
    const value = c.identifier ? ` ${c.identifier.type} ${c.identifier.value}` : '';
    out.write(
      `#${c.id} ${c.status} ${c.kind}${value}: users ${c.userIds.join(', ') || '-'}; ` +
        `${c.connectors.join(', ') || '-'} ${c.externalIds.join(', ')}\n  ${c.message}\n`,
    );
  }
  out.write(`${conflicts.length} conflict(s)\n`);
  return EXIT_OK;
}

export async function exportCommand(
  app: App,
  options: FilterOptions & { out?: string },
  out: NodeJS.WritableStream,
): Promise<number> {
  const csv = await exportUsersCsv(app.database.db, userFilterOf(options), app.sync.clock());
  const path = options.out ?? 'Users.csv';
  if (path === '-') out.write(csv);
  else {
    await writeFile(path, csv, 'utf8');
    out.write(`wrote ${path}\n`);
  }
  return EXIT_OK;
}
