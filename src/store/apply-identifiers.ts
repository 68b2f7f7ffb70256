// Identifier writes. `identifier_keys` holds one claim per (namespace, key): inserting a claim
// that another user holds does nothing, and the check that follows turns that into
// `identifier_in_use`, so two transactions racing for one value cannot both win.
import { sql } from 'drizzle-orm';
import type { ChangesOf, ResolveUser } from './apply.ts';
import { chunks, eachChunk, query, recordset } from './bulk.ts';
import type { Executor } from './database.ts';
import { StoreConflictError, translateConstraintError } from './errors.ts';

interface IdentifierRow {
  user_id: number;
  type: string;
  value: string;
  domain: string | null;
  namespace: string;
  key: string;
  source: string;
  updated_at: string;
}

interface ClaimRow {
  namespace: string;
  key: string;
  user_id: number;
  /** The first identifier that wants this claim, to name it if the claim is refused. */
  type: string;
  value: string;
}

/** An identifier taken off one user by a `moveIdentifier`, to be written again on another. */
export type MovedIdentifier = IdentifierRow;

const IDENTIFIER_COLUMNS =
  'user_id int, type text, value text, domain text, namespace text, key text, source text, updated_at timestamptz';

export async function removeIdentifiers(
  executor: Executor,
  removes: ChangesOf<'removeIdentifier'>[],
  moves: ChangesOf<'moveIdentifier'>[],
  resolve: ResolveUser,
): Promise<MovedIdentifier[]> {
  const targets = [
    ...removes.map((c) => ({ id: c.identifierId, user_id: c.userId, to_user: null as number | null })),
    ...moves.map((c) => ({ id: c.identifierId, user_id: c.fromUserId, to_user: resolve(c.toUser) })),
  ];
  if (targets.length === 0) return [];
  const deleted = await eachChunk<(typeof targets)[number], IdentifierRow & { id: number }>(
    executor,
    targets,
    (chunk) => sql`delete from identifiers i using ${recordset(chunk, 'r', 'id int, user_id int')}
      where i.id = r.id and i.user_id = r.user_id
      returning i.id, i.user_id, i.type, i.value, i.domain, i.namespace, i.key, i.source, i.updated_at`,
  );
  // Release the claims nobody of that user still uses.
  await eachChunk(
    executor,
    deleted,
    (
      chunk,
    ) => sql`delete from identifier_keys k using ${recordset(chunk, 'r', 'namespace text, key text, user_id int')}
      where k.namespace = r.namespace and k.key = r.key and k.user_id = r.user_id
        and not exists (select 1 from identifiers i
          where i.namespace = k.namespace and i.key = k.key and i.user_id = k.user_id)`,
  );
  const moveTo = new Map(targets.filter((t) => t.to_user !== null).map((t) => [t.id, t.to_user!]));
  const moved: MovedIdentifier[] = [];
  for (const row of deleted) {
    const to = moveTo.get(row.id);
    if (to === undefined) continue;
    const { id: _id, ...rest } = row;
    moved.push({ ...rest, user_id: to, updated_at: new Date(row.updated_at).toISOString() });
  }
  return moved;
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function byKey(a: ClaimRow, b: ClaimRow): number {
  return compareText(a.namespace, b.namespace) || compareText(a.key, b.key) || a.user_id - b.user_id;
}

/**
 * One claim per key and user, sorted by key: every transaction takes its row locks (and the
 * device-login trigger's advisory locks) in the same order, so two of them claiming the same keys
 * wait for each other instead of deadlocking. The recordset keeps the array's order.
 */
function claimsInLockOrder(rows: Iterable<ClaimRow>): ClaimRow[] {
  const claims = new Map<string, ClaimRow>();
  for (const row of rows) {
    const id = `${row.namespace}|${row.key}|${row.user_id}`;
    if (claims.has(id)) continue;
    claims.set(id, {
      namespace: row.namespace,
      key: row.key,
      user_id: row.user_id,
      type: row.type,
      value: row.value,
    });
  }
  return [...claims.values()].sort(byKey);
}

export async function addIdentifiers(
  executor: Executor,
  adds: ChangesOf<'addIdentifier'>[],
  moved: MovedIdentifier[],
  resolve: ResolveUser,
  now: Date,
): Promise<void> {
  if (adds.length === 0 && moved.length === 0) return;
  const at = now.toISOString();
  // Rows are made a chunk at a time: a full sync adds hundreds of thousands of identifiers, and
  // holding them all as rows besides the plan's changes would double that memory.
  const rowOf = (c: ChangesOf<'addIdentifier'>): IdentifierRow => ({
    user_id: resolve(c.user),
    type: c.identifier.type,
    value: c.identifier.value,
    domain: c.identifier.domain,
    namespace: c.identifier.namespace,
    key: c.identifier.key,
    source: c.source,
    updated_at: at,
  });
  function* claimsWanted(): Generator<ClaimRow> {
    for (const c of adds) {
      const { namespace, key, type, value } = c.identifier;
      yield { namespace, key, user_id: resolve(c.user), type, value };
    }
    for (const { namespace, key, user_id, type, value } of moved)
      yield { namespace, key, user_id, type, value };
  }
  await claimKeys(executor, claimsInLockOrder(claimsWanted()));
  const insert = (rows: readonly IdentifierRow[]) =>
    sql`insert into identifiers (user_id, type, value, domain, namespace, key, source, updated_at)
      select r.user_id, r.type, r.value, r.domain, r.namespace, r.key, r.source, r.updated_at
      from ${recordset(rows, 'r', IDENTIFIER_COLUMNS)}
      on conflict (user_id, type, key) do nothing`;
  await eachChunk(executor, adds, (chunk) => insert(chunk.map(rowOf)));
  await eachChunk(executor, moved, insert);
}

/**
 * Inserts the claims; a chunk where every claim was new is done. In a chunk where some already
 * existed, each of those must belong to the claiming user, or the value is in use.
 */
async function claimKeys(executor: Executor, claims: readonly ClaimRow[]): Promise<void> {
  const columns = 'namespace text, key text, user_id int, type text, value text';
  for (const chunk of chunks(claims)) {
    let inserted: { n: number }[];
    try {
      inserted = await query<{ n: number }>(
        executor,
        sql`with inserted as (
            insert into identifier_keys (namespace, key, user_id)
            select r.namespace, r.key, r.user_id from ${recordset(chunk, 'r', columns)}
            on conflict (namespace, key) do nothing
            returning 1)
          select count(*)::int as n from inserted`,
      );
    } catch (error) {
      throw translateConstraintError(error);
    }
    if (inserted[0]?.n === chunk.length) continue;
    const [clash] = await query<{ type: string; value: string; owner: number }>(
      executor,
      sql`select r.type, r.value, k.user_id as owner
        from ${recordset(chunk, 'r', columns)}
        join identifier_keys k on k.namespace = r.namespace and k.key = r.key
        where k.user_id <> r.user_id limit 1`,
    );
    if (clash) {
      throw new StoreConflictError({
        code: 'identifier_in_use',
        message: `${clash.type} ${clash.value} belongs to user ${clash.owner}`,
        details: { identifier: { type: clash.type, value: clash.value }, userId: clash.owner },
      });
    }
  }
}
