// The conflict report and its review (`/api/v1/conflicts`): list, read, resolve. A resolution is
// one transaction: the conflict row is locked, the users are changed through the AdminService (its
// rules and refusals apply), and the conflict is closed with how it ended. A refusal rolls all of
// it back and comes out as a Result.
import { z } from 'zod';
import type { DomainError, Result } from '../domain/errors.ts';
import { fail, ok } from '../domain/errors.ts';
import { applyChanges } from '../store/apply.ts';
import { conflictRecordLinks, namedUserIds } from '../store/conflict-records.ts';
import { type ConflictView, closeConflicts, getConflict, getConflictForUpdate } from '../store/conflicts.ts';
import type { Db, Executor, Tx } from '../store/database.ts';
import { type AssignOutcome, assignConflict, clearContentHashes } from './conflict-assign.ts';
import { AdminService } from './service.ts';

export type ConflictResolution =
  | { action: 'assign'; userId: number }
  | { action: 'merge'; primaryUserId: number; mergeAgents?: boolean }
  | { action: 'dismiss' };

const userId = z.number().int().positive();
const resolutionSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('assign'), userId }),
  z.strictObject({ action: z.literal('merge'), primaryUserId: userId, mergeAgents: z.boolean().optional() }),
  z.strictObject({ action: z.literal('dismiss') }),
]);

/** Checks a resolution from the API or CLI. */
export function parseResolution(input: unknown): Result<ConflictResolution> {
  const parsed = resolutionSchema.safeParse(input);
  if (parsed.success) return ok(parsed.data as ConflictResolution);
  const text = parsed.error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
  return fail(
    'validation_failed',
    `Invalid resolution (${text}): expected { "action": "assign", "userId": N }, ` +
      '{ "action": "merge", "primaryUserId": N } or { "action": "dismiss" }',
  );
}

export async function getConflictReport(executor: Executor, id: number): Promise<Result<ConflictView>> {
  const conflict = await getConflict(executor, id);
  return conflict ? ok(conflict) : fail('not_found', `Conflict ${id} does not exist.`, { conflictId: id });
}

/** Carries a refusal out of the transaction, rolling it back. */
class Refusal extends Error {
  readonly domainError: DomainError;
  constructor(domainError: DomainError) {
    super(domainError.message);
    this.domainError = domainError;
  }
}

function refuseUnlessOk<T>(result: Result<T>): T {
  if (!result.ok) throw new Refusal(result.error);
  return result.value;
}

export async function resolveConflict(
  db: Db,
  conflictId: number,
  input: unknown,
  now: Date,
): Promise<Result<ConflictView>> {
  const resolution = parseResolution(input);
  if (!resolution.ok) return resolution;
  try {
    const view = await db.transaction(async (tx) => {
      const conflict = refuseUnlessOk(await openConflict(tx, conflictId));
      const outcome = refuseUnlessOk(await carryOut(tx, conflict, resolution.value, now));
      const status = resolution.value.action === 'dismiss' ? 'dismissed' : 'resolved';
      await closeConflicts(tx, [conflict.id], { by: 'admin', ...resolution.value, ...outcome }, status, now);
      await applyChanges(
        tx,
        [
          {
            op: 'audit',
            user: subjectUser(resolution.value),
            action: 'resolve_conflict',
            before: { conflictId: conflict.id, kind: conflict.kind, status: conflict.status },
            after: { conflictId: conflict.id, status, ...resolution.value, ...outcome },
          },
        ],
        { actor: { kind: 'admin' }, now },
      );
      return (await getConflict(tx, conflict.id))!;
    });
    return ok(view);
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, error: error.domainError };
    throw error;
  }
}

function subjectUser(resolution: ConflictResolution): number | null {
  if (resolution.action === 'assign') return resolution.userId;
  if (resolution.action === 'merge') return resolution.primaryUserId;
  return null;
}

async function openConflict(tx: Tx, conflictId: number): Promise<Result<ConflictView>> {
  const conflict = await getConflictForUpdate(tx, conflictId);
  if (!conflict) return fail('not_found', `Conflict ${conflictId} does not exist.`, { conflictId });
  if (conflict.status !== 'open') {
    return fail('invalid_selection', `Conflict ${conflictId} is already ${conflict.status}.`, {
      conflictId,
      status: conflict.status,
    });
  }
  return ok(conflict);
}

async function carryOut(
  tx: Tx,
  conflict: ConflictView,
  resolution: ConflictResolution,
  now: Date,
): Promise<Result<AssignOutcome>> {
  if (resolution.action === 'dismiss') return ok({});
  // Inside the resolution's transaction each admin action runs in a savepoint.
  const admin = new AdminService(tx, () => now);
  const records = (await conflictRecordLinks(tx, [conflict])).get(conflict.id) ?? [];
  const named = namedUserIds(conflict, records);
  const outcome =
    resolution.action === 'assign'
      ? await assignConflict({ tx, admin, conflict, namedUserIds: named, userId: resolution.userId, now })
      : await mergeConflictUsers(admin, conflict, named, resolution);
  if (!outcome.ok) return outcome;
  // The records involved are planned in full by their connector's next run.
  const connectorId = conflict.connectorId ?? conflict.connectors[0];
  if (connectorId !== undefined) await clearContentHashes(tx, connectorId, conflict.externalIds);
  return outcome;
}

async function mergeConflictUsers(
  admin: AdminService,
  conflict: ConflictView,
  userIds: number[],
  resolution: Extract<ConflictResolution, { action: 'merge' }>,
): Promise<Result<AssignOutcome>> {
  if (!userIds.includes(resolution.primaryUserId)) {
    return fail(
      'invalid_selection',
      `User ${resolution.primaryUserId} is not one of this conflict's users.`,
      {
        conflictId: conflict.id,
        userIds,
      },
    );
  }
  if (userIds.length < 2) {
    return fail(
      'invalid_selection',
      `Conflict ${conflict.id} names fewer than two users; nothing to merge.`,
      {
        conflictId: conflict.id,
        userIds,
      },
    );
  }
  const merged = await admin.mergeUsers({
    primaryUserId: resolution.primaryUserId,
    userIds,
    mergeAgents: resolution.mergeAgents ?? false,
    confirm: true,
  });
  if (!merged.ok) return merged;
  return ok({ mergedUserIds: userIds.filter((id) => id !== resolution.primaryUserId) });
}
