// Attributes several sources give: display name, time zone, primary group (by precedence) and
// group memberships (by source). Manual values are never overwritten by a sync; a connector sets
// an attribute only when it is unset, set by itself, or set by a connector that ranks lower
// (higher precedence number; a connector missing from the precedence map ranks lowest). A source
// that stops giving a value clears it only if it was the one that set it.
import type { SourceRecord } from '../source-record.ts';
import type { AttributeChange, Change, UserRef } from '../changes.ts';
import { isValidTimeZone } from '../time-zones.ts';
import type { SourcedValue } from '../types.ts';
import { displayNameInUse, invalidValue } from './conflicts.ts';
import { precedenceOf } from './snapshot.ts';
import { type ChangeStage, emit, type PlanState, type WorkingUser } from './state.ts';

type AttributePatch = Extract<Change, { op: 'setAttributes' }>;

export function mayOverwrite(state: PlanState, current: SourcedValue<string>): boolean {
  if (current.source === 'manual') return false;
  if (current.value === null || current.source === null || current.source === state.source) return true;
  const holder = current.source.slice('connector:'.length);
  return precedenceOf(state.snapshot, state.connectorId) < precedenceOf(state.snapshot, holder);
}

function cleaned(value: string | null): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

/**
 * What this source wants the attribute to become, or undefined for "leave it": the source may not
 * overwrite it, gives nothing where someone else set it, or it already holds exactly that.
 */
function wanted(
  state: PlanState,
  current: SourcedValue<string>,
  value: string | null,
): AttributeChange<string> | undefined {
  if (!mayOverwrite(state, current)) return undefined;
  const next: AttributeChange<string> =
    value === null ? { value: null, source: null } : { value, source: state.source };
  if (value === null && current.source !== state.source) return undefined;
  if (next.value === current.value && next.source === current.source) return undefined;
  return next;
}

function planDisplayName(
  state: PlanState,
  user: WorkingUser,
  record: SourceRecord,
  patch: AttributePatch,
): void {
  const next = wanted(state, user.displayName, cleaned(record.displayName ?? null));
  if (!next) return;
  if (next.value !== null) {
    const owner: UserRef | undefined = state.displayNames.ownerOf(next.value);
    if (owner !== undefined && owner !== user.ref) {
      state.conflicts.add(
        displayNameInUse({
          connectorId: state.connectorId,
          externalId: record.externalId,
          displayName: next.value,
          owner,
          target: user.ref,
        }),
      );
      return;
    }
  }
  if (user.displayName.value !== null) state.displayNames.release(user.displayName.value);
  if (next.value !== null) state.displayNames.assign(next.value, user.ref);
  user.displayName = next;
  patch.displayName = next;
}

function planTimeZone(
  state: PlanState,
  user: WorkingUser,
  record: SourceRecord,
  patch: AttributePatch,
): void {
  const zone = cleaned(record.timeZone ?? null);
  if (zone !== null && !isValidTimeZone(zone)) {
    state.conflicts.add(
      invalidValue({
        connectorId: state.connectorId,
        externalId: record.externalId,
        field: 'timeZone',
        value: zone,
        reason: `"${zone}" is not an IANA time zone`,
      }),
    );
    return;
  }
  const next = wanted(state, user.timeZone, zone);
  if (!next) return;
  user.timeZone = next;
  patch.timeZone = next;
}

/** The connector's memberships follow the record's groups; the primary group counts as one. */
function planMemberships(state: PlanState, user: WorkingUser, record: SourceRecord): void {
  const desired = new Set<string>();
  for (const group of [...(record.groups ?? []), record.primaryGroup ?? '']) {
    const name = group.trim();
    if (name !== '') desired.add(name);
  }
  const own = new Set(user.groups.filter((m) => m.source === state.source).map((m) => m.group));
  for (const group of desired) {
    if (own.has(group)) continue;
    user.groups.push({ group, source: state.source });
    emit(state, 'body', { op: 'addMembership', user: user.ref, group, source: state.source }, user);
  }
  removeMemberships(state, user, desired, 'body');
}

/** Removes this connector's memberships not in `keep`. */
export function removeMemberships(
  state: PlanState,
  user: WorkingUser,
  keep: ReadonlySet<string>,
  stage: ChangeStage,
): void {
  user.groups = user.groups.filter((membership) => {
    if (membership.source !== state.source || keep.has(membership.group)) return true;
    emit(
      state,
      stage,
      { op: 'removeMembership', user: user.ref, group: membership.group, source: state.source },
      user,
    );
    return false;
  });
}

/** The primary group must be one of the user's groups: one that is not any more is cleared. */
export function keepPrimaryGroupAMembership(user: WorkingUser, patch: AttributePatch): void {
  const primary = user.primaryGroup.value;
  if (primary === null || user.groups.some((membership) => membership.group === primary)) return;
  user.primaryGroup = { value: null, source: null };
  patch.primaryGroup = user.primaryGroup;
}

function planPrimaryGroup(
  state: PlanState,
  user: WorkingUser,
  record: SourceRecord,
  patch: AttributePatch,
): void {
  const next = wanted(state, user.primaryGroup, cleaned(record.primaryGroup ?? null));
  if (next) {
    user.primaryGroup = next;
    patch.primaryGroup = next;
  }
  keepPrimaryGroupAMembership(user, patch);
}

export function emitPatch(
  state: PlanState,
  user: WorkingUser,
  patch: AttributePatch,
  stage: ChangeStage,
): void {
  if (patch.displayName || patch.timeZone || patch.primaryGroup) emit(state, stage, patch, user);
}

export function planAttributes(state: PlanState, user: WorkingUser, record: SourceRecord): void {
  const patch: AttributePatch = { op: 'setAttributes', user: user.ref };
  planDisplayName(state, user, record, patch);
  planTimeZone(state, user, record, patch);
  planMemberships(state, user, record);
  planPrimaryGroup(state, user, record, patch);
  emitPatch(state, user, patch, 'body');
}
