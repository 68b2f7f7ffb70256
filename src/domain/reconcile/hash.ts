// Content hash of a source record: the cheap "nothing changed since last run" test. Canonical
// form: fixed field order, every list sorted, so a source that reorders arrays between pages or
// runs does not cost a re-plan.
import { hash } from 'node:crypto';
import type { SourceRecord } from '../source-record.ts';

/** Bump when the canonical form changes, so every stored hash misses once. */
const HASH_VERSION = 2;

export function sha1Hex(text: string): string {
  return hash('sha1', text, 'hex');
}

const NONE: readonly string[] = [];

/** Most lists hold zero or one value: those need no copy. */
function sorted(values: readonly string[]): readonly string[] {
  return values.length < 2 ? values : [...values].sort();
}

/**
 * Records are hashed once to scope the snapshot and again by the planner; remembering the hash per
 * record object (records are never mutated after the connector yields them) halves that cost.
 */
const hashes = new WeakMap<SourceRecord, string>();

export function hashSourceRecord(record: SourceRecord): string {
  const known = hashes.get(record);
  if (known !== undefined) return known;
  const hash = computeHash(record);
  hashes.set(record, hash);
  return hash;
}

function computeHash(record: SourceRecord): string {
  const identifiers: readonly string[] =
    record.identifiers.length === 0
      ? NONE
      : record.identifiers.map((i) => JSON.stringify([i.type, i.field, i.value, i.domain ?? null]));
  // `undefined` (unknown) and `null` (none) are different statements, so they hash differently.
  const canonical = [
    HASH_VERSION,
    record.externalId,
    sorted(identifiers),
    record.knownIdentifierFields === undefined ? '*' : sorted(record.knownIdentifierFields),
    record.displayName === undefined ? '?' : record.displayName,
    record.timeZone === undefined ? '?' : record.timeZone,
    record.groups === undefined ? '?' : sorted(record.groups),
    record.primaryGroup === undefined ? '?' : record.primaryGroup,
    record.state ?? '?',
  ];
  return sha1Hex(JSON.stringify(canonical));
}
