// Set time zone: available for every status; an IANA zone, validated; null: the account default.
import type { Change } from '../changes.ts';
import type { Result } from '../errors.ts';
import { fail, ok } from '../errors.ts';
import { isValidTimeZone } from '../time-zones.ts';
import type { ActionContext } from './context.ts';
import { audit, findUser } from './context.ts';

export function prepareTimeZone(timeZone: string): Result<string> {
  const trimmed = timeZone.trim();
  if (!isValidTimeZone(trimmed)) {
    return fail('validation_failed', `"${timeZone}" is not an IANA time zone (e.g. Europe/Paris).`, {
      timeZone,
    });
  }
  return ok(trimmed);
}

export function setTimeZone(ctx: ActionContext, userId: number, timeZone: string | null): Result<Change[]> {
  const found = findUser(ctx, userId);
  if (!found.ok) return found;
  const user = found.value;
  let next: string | null = null;
  if (timeZone !== null) {
    const prepared = prepareTimeZone(timeZone);
    if (!prepared.ok) return prepared;
    next = prepared.value;
  }
  const before = user.timeZone;
  if (before.value === next && before.source === 'manual') return ok([]);
  return ok([
    { op: 'setAttributes', user: userId, timeZone: { value: next, source: 'manual' } },
    audit(userId, 'set_time_zone', { timeZone: before.value }, { timeZone: next }),
  ]);
}
