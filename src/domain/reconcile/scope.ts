// Which part of the account a run can touch (SnapshotScope), worked out from the connector's
// links alone. The store then loads only those users instead of the whole account, which is what
// keeps a no-change or 1% run cheap on a large tenant.
import type { InvalidSourceRecord, SourceRecord } from '../source-record.ts';
import { hashSourceRecord } from './hash.ts';
import { normalizeRecordIdentifiers } from './identifiers-diff.ts';
import type { RunOutcome } from './removals.ts';
import type { SnapshotLink, SnapshotScope } from './snapshot.ts';

export function snapshotScope(
  links: ReadonlyMap<string, Pick<SnapshotLink, 'contentHash' | 'state'>>,
  input: {
    records: readonly SourceRecord[];
    invalid: readonly InvalidSourceRecord[];
    removals: readonly string[];
    outcome: RunOutcome;
  },
): SnapshotScope {
  const scope: SnapshotScope = { identifiers: [], displayNames: [], externalIds: [], changed: 0 };
  const present = new Set<string>();
  for (const record of input.records) {
    present.add(record.externalId);
    const link = links.get(record.externalId);
    if (link && link.contentHash === hashSourceRecord(record) && link.state === (record.state ?? link.state))
      continue;
    scope.changed += 1;
    if (link) scope.externalIds.push(record.externalId);
    for (const identifier of normalizeRecordIdentifiers(record).given) scope.identifiers.push(identifier);
    if (record.displayName) scope.displayNames.push(record.displayName.trim().toLowerCase());
  }
  for (const invalid of input.invalid) if (invalid.externalId !== null) present.add(invalid.externalId);
  for (const externalId of input.removals) if (links.has(externalId)) scope.externalIds.push(externalId);
  // Absences count only in a complete full run (see removedExternalIds); a superset is harmless.
  if (input.outcome.mode === 'full' && input.outcome.complete) {
    for (const externalId of links.keys()) if (!present.has(externalId)) scope.externalIds.push(externalId);
  }
  return scope;
}
