// Track and untrack (retain data). The DNT entries of an untracked user are derived from its
// tracking state, so flipping the flag is the whole effect: its identifiers join or leave the DNT
// list with it, and history and licenses stay as they are.
import type { Change } from '../changes.ts';
import type { Result } from '../errors.ts';
import { fail, ok } from '../errors.ts';
import type { ActionContext } from './context.ts';
import { audit, findUser, requireStatus, statusOf } from './context.ts';

/**
 * Track: for untracked users, which are Inactive (with data) or Unlicensed (without) by
 * definition; the status check states the table's rule, the tracking check the precondition.
 */
export function trackUser(ctx: ActionContext, userId: number): Result<Change[]> {
  const found = findUser(ctx, userId);
  if (!found.ok) return found;
  const user = found.value;
  if (user.tracking === 'tracked') {
    return fail('not_allowed_for_status', 'The user is already tracked.', {
      userId,
      status: statusOf(ctx, user),
      tracking: user.tracking,
      allowed: ['inactive', 'unlicensed'],
    });
  }
  const status = requireStatus(ctx, user, ['inactive', 'unlicensed'], 'Tracking');
  if (!status.ok) return status;
  return ok([
    { op: 'setTracking', user: userId, tracking: 'tracked' },
    audit(userId, 'track', { tracking: 'untracked' }, { tracking: 'tracked' }),
  ]);
}

/** Untrack: for every status, as long as the user is tracked now. */
export function untrackUser(ctx: ActionContext, userId: number): Result<Change[]> {
  const found = findUser(ctx, userId);
  if (!found.ok) return found;
  const user = found.value;
  if (user.tracking === 'untracked') {
    return fail('not_allowed_for_status', 'The user is already untracked.', {
      userId,
      status: statusOf(ctx, user),
      tracking: user.tracking,
      allowed: ['active', 'inactive', 'unlicensed'],
    });
  }
  return ok([
    { op: 'setTracking', user: userId, tracking: 'untracked' },
    audit(userId, 'untrack', { tracking: 'tracked' }, { tracking: 'untracked' }),
  ]);
}
