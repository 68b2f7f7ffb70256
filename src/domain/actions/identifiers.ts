// Manage identifiers (and device logins, which are identifiers too): add, edit, remove.
// Available for every status. A value owned by ANOTHER user is refused, naming that user; the
// same user may hold one address both as UPN and as email.
import type { Change, UserRef } from '../changes.ts';
import type { Result } from '../errors.ts';
import { fail, ok } from '../errors.ts';
import { formatIdentifier, normalizeIdentifier } from '../identifiers.ts';
import type { IdentifierInput, NormalizedIdentifier } from '../types.ts';
import type { ActionContext } from './context.ts';
import { audit, findUser, identifierView, labelOf } from './context.ts';

/**
 * Validates an identifier a holder is about to receive: well-formed, not already held with the
 * same type, and owned by no other user. `held` is what the holder keeps besides it.
 */
export function prepareIdentifier(
  ctx: ActionContext,
  holder: UserRef,
  held: readonly NormalizedIdentifier[],
  input: IdentifierInput,
): Result<NormalizedIdentifier> {
  const normalized = normalizeIdentifier(input);
  if (!normalized.ok) return normalized;
  const identifier = normalized.value;
  const label = formatIdentifier(identifier);
  if (held.some((h) => h.type === identifier.type && h.key === identifier.key)) {
    return fail('validation_failed', `${label} is already present on this user.`, {
      identifier: identifierView(identifier),
    });
  }
  const otherOwners = [...ctx.ownership.ownersOf(identifier)].filter((owner) => owner !== holder);
  otherOwners.sort((a, b) => a - b);
  const owner = otherOwners[0];
  if (owner !== undefined) {
    const ownerLabel = labelOf(ctx, owner);
    return fail('identifier_in_use', `${label} already belongs to ${ownerLabel}.`, {
      identifier: identifierView(identifier),
      userId: owner,
      user: ownerLabel,
      owners: otherOwners.map((id) => ({ userId: id, user: labelOf(ctx, id) })),
    });
  }
  return ok(identifier);
}

export function addIdentifier(ctx: ActionContext, userId: number, input: IdentifierInput): Result<Change[]> {
  const user = findUser(ctx, userId);
  if (!user.ok) return user;
  const identifier = prepareIdentifier(ctx, userId, user.value.identifiers, input);
  if (!identifier.ok) return identifier;
  return ok([
    { op: 'addIdentifier', user: userId, identifier: identifier.value, source: 'manual' },
    audit(userId, 'add_identifier', null, identifierView({ ...identifier.value, source: 'manual' })),
  ]);
}

function findIdentifier(ctx: ActionContext, userId: number, identifierId: number) {
  const user = findUser(ctx, userId);
  if (!user.ok) return user;
  const identifier = user.value.identifiers.find((i) => i.id === identifierId);
  if (!identifier) {
    return fail('not_found', `User ${userId} has no identifier ${identifierId}.`, { userId, identifierId });
  }
  return ok({ user: user.value, identifier });
}

/** An edit is a removal plus an addition, refused exactly as the addition would be. */
export function editIdentifier(
  ctx: ActionContext,
  userId: number,
  identifierId: number,
  input: IdentifierInput,
): Result<Change[]> {
  const found = findIdentifier(ctx, userId, identifierId);
  if (!found.ok) return found;
  const { user, identifier: current } = found.value;
  const others = user.identifiers.filter((i) => i.id !== identifierId);
  const replacement = prepareIdentifier(ctx, userId, others, input);
  if (!replacement.ok) return replacement;
  const next = replacement.value;
  const unchanged =
    next.type === current.type &&
    next.value === current.value &&
    next.domain === current.domain &&
    current.source === 'manual';
  if (unchanged) return ok([]);
  return ok([
    { op: 'removeIdentifier', identifierId, userId },
    { op: 'addIdentifier', user: userId, identifier: next, source: 'manual' },
    audit(userId, 'edit_identifier', identifierView(current), identifierView({ ...next, source: 'manual' })),
  ]);
}

export function removeIdentifier(ctx: ActionContext, userId: number, identifierId: number): Result<Change[]> {
  const found = findIdentifier(ctx, userId, identifierId);
  if (!found.ok) return found;
  return ok([
    { op: 'removeIdentifier', identifierId, userId },
    audit(userId, 'remove_identifier', identifierView(found.value.identifier), null),
  ]);
}
