// Edit display name: available for every status; unique within the account, case-insensitively.
import type { Change, UserRef } from '../changes.ts';
import type { Result } from '../errors.ts';
import { fail, ok } from '../errors.ts';
import type { ActionContext } from './context.ts';
import { audit, findUser, labelOf } from './context.ts';

/** The comparison key of a display name (the context's `displayNames` is keyed by it). */
export function displayNameKey(name: string): string {
  return name.trim().toLowerCase();
}

/**
 * Validates a display name a holder is about to receive: not blank (null clears a name; a blank
 * string is more likely a mistake than a wish to clear it) and held by no other user.
 */
export function prepareDisplayName(ctx: ActionContext, holder: UserRef, name: string): Result<string> {
  const trimmed = name.trim();
  if (trimmed === '') {
    return fail('validation_failed', 'A display name cannot be blank; to remove it, set it to null.');
  }
  const owner = ctx.displayNames.get(displayNameKey(trimmed));
  if (owner !== undefined && owner !== holder) {
    const ownerLabel = labelOf(ctx, owner);
    return fail('display_name_in_use', `The display name "${trimmed}" already belongs to ${ownerLabel}.`, {
      displayName: trimmed,
      userId: owner,
      user: ownerLabel,
    });
  }
  return ok(trimmed);
}

/**
 * The edit is recorded with source `manual`, so a sync never overwrites it; clearing the name is
 * a manual edit too (the admin wants it gone, a sync must not bring it back).
 */
export function editDisplayName(ctx: ActionContext, userId: number, name: string | null): Result<Change[]> {
  const found = findUser(ctx, userId);
  if (!found.ok) return found;
  const user = found.value;
  let next: string | null = null;
  if (name !== null) {
    const prepared = prepareDisplayName(ctx, userId, name);
    if (!prepared.ok) return prepared;
    next = prepared.value;
  }
  const before = user.displayName;
  if (before.value === next && before.source === 'manual') return ok([]);
  return ok([
    { op: 'setAttributes', user: userId, displayName: { value: next, source: 'manual' } },
    audit(userId, 'edit_display_name', { displayName: before.value }, { displayName: next }),
  ]);
}
