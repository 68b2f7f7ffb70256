// Which identifiers a record gives, and how a user's identifiers follow it. Provenance decides
// what a connector may remove: only the values it asserted itself (source `connector:<id>`);
// manual, auto-detected, agent and other connectors' values are never touched.
import type { SourceRecord } from '../source-record.ts';
import { normalizeIdentifier } from '../identifiers.ts';
import { IdentifierOwnership } from '../ownership.ts';
import type { IdentifierInput, IdentifierType, NormalizedIdentifier } from '../types.ts';
import { duplicateInSource, identifierInUse, invalidValue, type OwnerDetail } from './conflicts.ts';
import { type ChangeStage, emit, type PlanState, refOfOwner, type WorkingUser } from './state.ts';

/** Type + normalized key: "the same value" for the diff (a UPN and an email are different values). */
export function valueKey(identifier: { type: IdentifierType; key: string }): string {
  return `${identifier.type}\u0000${identifier.key}`;
}

export interface InvalidValue {
  field: string;
  input: IdentifierInput;
  reason: string;
}

export interface RecordIdentifiers {
  /** Valid, distinct (by type + key) identifiers the record gives. */
  given: NormalizedIdentifier[];
  invalid: InvalidValue[];
}

function inputsOf(record: SourceRecord): Array<{ field: string; input: IdentifierInput }> {
  return record.identifiers.map((identifier) => ({
    field: identifier.field,
    input:
      identifier.type === 'device_login'
        ? { type: identifier.type, value: identifier.value, domain: identifier.domain ?? null }
        : { type: identifier.type, value: identifier.value },
  }));
}

export function normalizeRecordIdentifiers(record: SourceRecord): RecordIdentifiers {
  const given: NormalizedIdentifier[] = [];
  const invalid: InvalidValue[] = [];
  const seen = new Set<string>();
  for (const { field, input } of inputsOf(record)) {
    const result = normalizeIdentifier(input);
    if (!result.ok) {
      invalid.push({ field, input, reason: result.error.message });
      continue;
    }
    const key = valueKey(result.value);
    if (seen.has(key)) continue;
    seen.add(key);
    given.push(result.value);
  }
  return { given, invalid };
}

export function reportInvalidValues(state: PlanState, externalId: string, invalid: InvalidValue[]): void {
  for (const { field, input, reason } of invalid) {
    state.conflicts.add(
      invalidValue({
        connectorId: state.connectorId,
        externalId,
        field,
        value: input.value,
        reason,
        identifier: { type: input.type, value: input.value, domain: input.domain ?? null },
      }),
    );
  }
}

/**
 * Removes the user's identifiers asserted by this connector that `keep` (value keys) no longer
 * holds. Returns how many were removed.
 */
export function removeConnectorIdentifiers(
  state: PlanState,
  user: WorkingUser,
  keep: ReadonlySet<string>,
  stage: ChangeStage,
): number {
  if (typeof user.ref !== 'number') return 0;
  const userId = user.ref;
  let removed = 0;
  user.identifiers = user.identifiers.filter((identifier) => {
    if (identifier.source !== state.source || identifier.id === null || keep.has(valueKey(identifier))) {
      return true;
    }
    emit(state, stage, { op: 'removeIdentifier', identifierId: identifier.id, userId }, user);
    state.ownership.remove(identifier, user.ownerId);
    removed++;
    return false;
  });
  state.counts.identifiersRemoved += removed;
  return removed;
}

/**
 * Adds the values the user does not hold yet. A value another user owns (as planned so far) is
 * not applied: an `identifier_in_use` conflict names the owners; the rest goes on.
 */
export function addRecordIdentifiers(
  state: PlanState,
  user: WorkingUser,
  desired: readonly NormalizedIdentifier[],
  externalId: string,
): number {
  const held = new Set(user.identifiers.map(valueKey));
  let added = 0;
  for (const identifier of desired) {
    if (held.has(valueKey(identifier))) continue;
    const owners = state.ownership.entriesFor(identifier).filter((entry) => entry.userId !== user.ownerId);
    if (owners.length > 0) {
      const details: OwnerDetail[] = owners.map((entry) => ({
        userId: refOfOwner(state, entry.userId),
        source: entry.source ?? null,
      }));
      state.conflicts.add(
        identifierInUse({
          connectorId: state.connectorId,
          externalId,
          identifier,
          owners: uniqueOwners(details),
          target: user.ref,
        }),
      );
      continue;
    }
    emit(state, 'body', { op: 'addIdentifier', user: user.ref, identifier, source: state.source }, user);
    state.ownership.add({
      namespace: identifier.namespace,
      key: identifier.key,
      userId: user.ownerId,
      type: identifier.type,
      source: state.source,
    });
    user.identifiers.push({ ...identifier, id: null, source: state.source });
    held.add(valueKey(identifier));
    added++;
  }
  state.counts.identifiersAdded += added;
  return added;
}

function uniqueOwners(owners: OwnerDetail[]): OwnerDetail[] {
  const seen = new Set<string>();
  return owners.filter((owner) => {
    const key = String(owner.userId);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Values claimed by two or more records of this run (device logins with `*` overlap every
 * domain): no record gets them; one `duplicate_in_source` conflict per value names all claimants.
 * Returns, per record (same order), the value keys it must not be given.
 */
export function findDuplicateClaims(
  state: PlanState,
  records: ReadonlyArray<{ externalId: string; given: readonly NormalizedIdentifier[] }>,
): Array<Set<string>> {
  // Exact keys (addresses, employee IDs) in one flat map; device logins, which overlap across
  // domains, in an ownership index. Values: the claiming record indexes.
  const exact = new Map<string, number[]>();
  const deviceLogins = new IdentifierOwnership();
  records.forEach((record, index) => {
    for (const identifier of record.given) {
      if (identifier.namespace === 'device_login') {
        deviceLogins.add({ namespace: identifier.namespace, key: identifier.key, userId: index });
        continue;
      }
      const key = `${identifier.namespace}\u0000${identifier.key}`;
      const claimants = exact.get(key);
      if (!claimants) exact.set(key, [index]);
      else if (claimants[claimants.length - 1] !== index) claimants.push(index);
    }
  });
  return records.map((record) => {
    const duplicates = new Set<string>();
    for (const identifier of record.given) {
      const claimants =
        identifier.namespace === 'device_login'
          ? [...deviceLogins.ownersOf(identifier)]
          : (exact.get(`${identifier.namespace}\u0000${identifier.key}`) ?? []);
      if (claimants.length < 2) continue;
      duplicates.add(valueKey(identifier));
      state.conflicts.add(
        duplicateInSource({
          connectorId: state.connectorId,
          externalIds: claimants.map((index) => records[index]?.externalId ?? ''),
          identifier,
        }),
      );
    }
    return duplicates;
  });
}
