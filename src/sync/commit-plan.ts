// Writes a reconciliation plan: one transaction holds the user changes, link states, conflicts,
// the connector's new cursor and the run record, so a run is applied whole or not at all.
import { sql } from 'drizzle-orm';
import type { ReconciliationPlan } from '../domain/reconcile/index.ts';
import { applyChanges } from '../store/apply.ts';
import { eachChunk, recordset } from '../store/bulk.ts';
import { closeConflicts, upsertConflicts } from '../store/conflicts.ts';
import type { Executor } from '../store/database.ts';

export async function commitPlan(
  tx: Executor,
  args: { runId: number; connectorId: string; plan: ReconciliationPlan; now: Date },
): Promise<void> {
  const { runId, connectorId, plan, now } = args;
  const states = new Map(plan.linkStates.map((s) => [s.externalId, s]));
  // Links this run creates are written with their state; the state pass need not look at them.
  const linkedNow = new Set<string>();
  for (const change of plan.changes) {
    if (change.op === 'linkSource' && change.connectorId === connectorId) linkedNow.add(change.externalId);
  }
  const applied = await applyChanges(tx, plan.changes, {
    actor: { kind: 'run', runId },
    now,
    linkStateOf: (connector, externalId) => (connector === connectorId ? states.get(externalId) : undefined),
  });
  await saveLinkStates(tx, connectorId, plan, linkedNow, now);
  const resolveUser = (ref: number | string): number => {
    if (typeof ref === 'number') return ref;
    const id = applied.users.get(ref as `new:${string}`);
    if (id === undefined) throw new Error(`conflict names ${ref}, which the plan never creates`);
    return id;
  };
  await upsertConflicts(
    tx,
    plan.conflicts.map((conflict) => ({ ...conflict, userIds: conflict.userIds.map(resolveUser) })),
    { connectorId, now },
  );
  await closeConflicts(tx, plan.closeConflictIds, { by: 'sync', runId }, 'resolved', now);
}

/**
 * The content hash and state of every planned record, so an unchanged one is skipped next time.
 * Links this run created already carry theirs (and `last_seen = now`): those are left out, and
 * rows already right are not rewritten.
 */
async function saveLinkStates(
  tx: Executor,
  connectorId: string,
  plan: ReconciliationPlan,
  linkedNow: ReadonlySet<string>,
  now: Date,
) {
  const rows = plan.linkStates
    .filter((s) => !linkedNow.has(s.externalId))
    .map((s) => ({
      external_id: s.externalId,
      content_hash: s.contentHash,
      state: s.state,
    }));
  await eachChunk(
    tx,
    rows,
    (chunk) => sql`update source_links l set content_hash = r.content_hash, state = r.state,
        last_seen = ${now.toISOString()}::timestamptz
      from ${recordset(chunk, 'r', 'external_id text, content_hash text, state text')}
      where l.connector_id = ${connectorId} and l.external_id = r.external_id
        and (l.content_hash is distinct from r.content_hash or l.state <> r.state
          or l.last_seen <> ${now.toISOString()}::timestamptz)`,
  );
}
