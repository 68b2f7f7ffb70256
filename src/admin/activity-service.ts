// `POST /api/v1/agents/activity`: one batch of reports, one transaction. Load the context the batch
// can touch (set-based), run the pure activity rules, apply their changes as actor `agent`, and
// record the conflicts they raised (agent-association conflicts carry no connector).
import type { ActivityCounts, ActivityReport } from '../domain/activity/index.ts';
import { planActivity } from '../domain/activity/index.ts';
import type { Change, ConflictReport } from '../domain/changes.ts';
import { conflictFingerprint } from '../domain/reconcile/conflicts.ts';
import { type ApplyResult, applyChanges } from '../store/apply.ts';
import {
  closeConflicts,
  openConflictsOf,
  type StoredConflictReport,
  type UpsertConflictsResult,
  upsertConflicts,
} from '../store/conflicts.ts';
import type { Db, Tx } from '../store/database.ts';
import { pgErrorOf } from '../store/errors.ts';
import { loadActivityContext } from './activity-context.ts';

export interface RecordActivityResult {
  counts: ActivityCounts;
  /** Reports left out, by index in the batch, with why; the others were recorded. */
  rejected: Array<{ index: number; reason: string }>;
  /** Conflicts this batch opened, saw again, or found still dismissed. */
  conflicts: UpsertConflictsResult;
}

/** PostgreSQL's unique_violation and serialization_failure: another batch got there first. */
const RETRYABLE = new Set(['23505', '40001']);

/**
 * Records a batch. Two batches creating the same new agent (or claiming the same address) at the
 * same moment collide on a unique key; the loser is run once more against the winner's result.
 */
export async function recordActivity(
  db: Db,
  reports: ActivityReport[],
  now: Date,
): Promise<RecordActivityResult> {
  try {
    return await recordActivityOnce(db, reports, now);
  } catch (error) {
    const code = pgErrorOf(error)?.code;
    if (code === undefined || !RETRYABLE.has(code)) throw error;
    return recordActivityOnce(db, reports, now);
  }
}

async function recordActivityOnce(
  db: Db,
  reports: ActivityReport[],
  now: Date,
): Promise<RecordActivityResult> {
  return db.transaction(async (tx) => {
    const ctx = await loadActivityContext(tx, reports, now);
    const plan = planActivity(ctx, reports);
    const applied = await applyChanges(tx, plan.changes, { actor: { kind: 'agent' }, now });
    const stored = plan.conflicts.map((report) => storedConflict(report, applied));
    const conflicts = await upsertConflicts(tx, stored, { connectorId: null, now });
    await closeSettledAmbiguities(tx, plan.changes, now);
    return {
      counts: plan.counts,
      rejected: plan.rejected,
      conflicts,
    };
  });
}

/**
 * A login held back as ambiguous that now got its agent (an admin removed the identifier that made
 * it ambiguous, say) has lost its cause: its open conflict closes itself.
 */
async function closeSettledAmbiguities(tx: Tx, changes: readonly Change[], now: Date): Promise<void> {
  const created = changes.filter((change) => change.op === 'createAgent');
  if (created.length === 0) return;
  const open = await openConflictsOf(tx, null);
  if (open.size === 0) return;
  const ids: number[] = [];
  for (const agent of created) {
    const fingerprint = conflictFingerprint({
      kind: 'ambiguous_match',
      identifier: { type: 'device_login', value: agent.username, domain: agent.logonDomain },
      userIds: [],
      connectors: [],
      externalIds: [],
      message: '',
    });
    const conflict = open.get(fingerprint);
    if (conflict) ids.push(conflict.id);
  }
  await closeConflicts(tx, ids, { by: 'agent', action: 'associated' }, 'resolved', now);
}

/**
 * The fingerprint is taken from the report as planned (user ids are not part of it), then the
 * users this batch created get their ids.
 */
function storedConflict(report: ConflictReport, applied: ApplyResult): StoredConflictReport {
  const fingerprint = conflictFingerprint(report);
  const userIds = report.userIds.map((ref) => {
    if (typeof ref === 'number') return ref;
    const id = applied.users.get(ref);
    if (id === undefined) throw new Error(`activity conflict names ${ref}, which the batch never created`);
    return id;
  });
  const details = report.details ? resolveRefs(report.details, applied) : undefined;
  return { ...report, userIds, ...(details ? { details } : {}), fingerprint };
}

/** `new:<n>` references inside details (e.g. `userId`) become the created users' ids. */
function resolveRefs(details: Record<string, unknown>, applied: ApplyResult): Record<string, unknown> {
  return JSON.parse(JSON.stringify(details), (_key, value: unknown) => {
    if (typeof value !== 'string' || !value.startsWith('new:')) return value;
    return applied.users.get(value as `new:${string}`) ?? value;
  }) as Record<string, unknown>;
}
