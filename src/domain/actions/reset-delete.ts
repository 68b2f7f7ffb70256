// Reset user data and delete user & data: Active and Inactive users only; irreversible.
import type { Change } from '../changes.ts';
import type { Result } from '../errors.ts';
import { ok } from '../errors.ts';
import type { NormalizedIdentifier, UserRecord } from '../types.ts';
import type { ActionContext } from './context.ts';
import {
  audit,
  findUser,
  identifierView,
  requireConfirmation,
  requireStatus,
  userSummary,
} from './context.ts';

/**
 * The precondition reset and delete share: the user exists, is Active or Inactive (has data),
 * and the irreversible action was confirmed, checked in that order.
 */
function findConfirmedUserWithData(
  ctx: ActionContext,
  userId: number,
  confirm: boolean | undefined,
  actionName: string,
): Result<UserRecord> {
  const found = findUser(ctx, userId);
  if (!found.ok) return found;
  const status = requireStatus(ctx, found.value, ['active', 'inactive'], actionName);
  if (!status.ok) return status;
  const confirmed = requireConfirmation(confirm, actionName);
  if (!confirmed.ok) return confirmed;
  return found;
}

/** Activity deleted; record and agents kept; Unlicensed until an agent reports again. */
export function resetUserData(
  ctx: ActionContext,
  userId: number,
  confirm: boolean | undefined,
): Result<Change[]> {
  const found = findConfirmedUserWithData(ctx, userId, confirm, 'Resetting user data');
  if (!found.ok) return found;
  const user = found.value;
  return ok([
    { op: 'resetUserData', userId },
    audit(userId, 'reset_user_data', userSummary(ctx, user), { status: 'unlicensed', activity: 'deleted' }),
  ]);
}

function bareIdentifier(identifier: NormalizedIdentifier): NormalizedIdentifier {
  const { type, value, domain, namespace, key } = identifier;
  return { type, value, domain, namespace, key };
}

/**
 * Record and activity deleted, licenses freed. Its identifiers stay on the DNT list (reason
 * `deleted`) so the person's agents are not picked up again under a new record.
 */
export function deleteUser(
  ctx: ActionContext,
  userId: number,
  confirm: boolean | undefined,
): Result<Change[]> {
  const found = findConfirmedUserWithData(ctx, userId, confirm, 'Deleting a user');
  if (!found.ok) return found;
  const user = found.value;
  const changes: Change[] = [];
  if (user.identifiers.length > 0) {
    changes.push({
      op: 'addDoNotTrack',
      identifiers: user.identifiers.map(bareIdentifier),
      reason: 'deleted',
      formerUserId: userId,
    });
  }
  changes.push(
    { op: 'deleteUser', userId },
    audit(userId, 'delete_user', userSummary(ctx, user), {
      deleted: true,
      doNotTrack: user.identifiers.map((identifier) => identifierView(bareIdentifier(identifier))),
    }),
  );
  return ok(changes);
}
