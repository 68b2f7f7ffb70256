// Set primary group: available for Active and Inactive users; must be one of the user's groups.
import type { Change } from '../changes.ts';
import type { Result } from '../errors.ts';
import { fail, ok } from '../errors.ts';
import type { ActionContext } from './context.ts';
import { audit, findUser, requireStatus } from './context.ts';

export function setPrimaryGroup(ctx: ActionContext, userId: number, group: string | null): Result<Change[]> {
  const found = findUser(ctx, userId);
  if (!found.ok) return found;
  const user = found.value;
  const status = requireStatus(ctx, user, ['active', 'inactive'], 'Setting the primary group');
  if (!status.ok) return status;
  let next: string | null = null;
  if (group !== null) {
    const wanted = group.trim();
    if (!user.groups.some((membership) => membership.group === wanted)) {
      return fail('not_a_member', `The user is not a member of "${wanted}"; add it to that group first.`, {
        userId,
        group: wanted,
        groups: [...new Set(user.groups.map((membership) => membership.group))],
      });
    }
    next = wanted;
  }
  const before = user.primaryGroup;
  if (before.value === next && before.source === 'manual') return ok([]);
  return ok([
    { op: 'setAttributes', user: userId, primaryGroup: { value: next, source: 'manual' } },
    audit(userId, 'set_primary_group', { primaryGroup: before.value }, { primaryGroup: next }),
  ]);
}
