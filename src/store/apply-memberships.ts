// Group memberships: each carries the source that asserted it, so a connector adds and removes
// only its own. Groups are created on first use and kept (other users may join them later).
import { sql } from 'drizzle-orm';
import type { ChangesOf, ResolveUser } from './apply.ts';
import { eachChunk, recordset } from './bulk.ts';
import type { Executor } from './database.ts';

export async function applyMembershipChanges(
  executor: Executor,
  adds: ChangesOf<'addMembership'>[],
  removes: ChangesOf<'removeMembership'>[],
  resolve: ResolveUser,
): Promise<void> {
  const removeRows = removes.map((c) => ({ user_id: resolve(c.user), name: c.group, source: c.source }));
  await eachChunk(
    executor,
    removeRows,
    (
      chunk,
    ) => sql`delete from memberships m using ${recordset(chunk, 'r', 'user_id int, name text, source text')}, groups g
      where g.name = r.name and m.group_id = g.id and m.user_id = r.user_id and m.source = r.source`,
  );
  const addRows = adds.map((c) => ({ user_id: resolve(c.user), name: c.group, source: c.source }));
  const names = [...new Set(addRows.map((r) => r.name))].map((name) => ({ name }));
  await eachChunk(
    executor,
    names,
    (chunk) => sql`insert into groups (name) select r.name from ${recordset(chunk, 'r', 'name text')}
      on conflict (name) do nothing`,
  );
  await eachChunk(
    executor,
    addRows,
    (chunk) => sql`insert into memberships (user_id, group_id, source)
      select r.user_id, g.id, r.source from ${recordset(chunk, 'r', 'user_id int, name text, source text')}
      join groups g on g.name = r.name
      on conflict do nothing`,
  );
}
