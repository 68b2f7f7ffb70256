// Records that left the source: reported removals (incremental pulls) and, only after a full pull
// that read every page, absences. A partial snapshot is not evidence of absence, so a full run
// that did not complete removes nothing at all. A sync never deletes a user: it unlinks the record
// and takes back what this connector asserted (its identifiers and memberships).
import type { SourceRecord } from '../source-record.ts';
import { emitPatch, keepPrimaryGroupAMembership, removeMemberships } from './attributes.ts';
import { removeConnectorIdentifiers } from './identifiers-diff.ts';
import { type PlanState, touchUser, unlinkUser } from './state.ts';

export interface RunOutcome {
  mode: 'full' | 'incremental';
  complete: boolean;
}

export const PARTIAL_SNAPSHOT_NOTE = 'partial snapshot: absences ignored';

/**
 * The linked externalIds this run removes. A record present in this run wins over a reported
 * removal of the same id (it is evidence the person still exists), and so does a record the
 * connector quarantined: a malformed row is still a person, not an absence.
 */
export function removedExternalIds(
  state: PlanState,
  records: readonly SourceRecord[],
  removals: readonly string[],
  outcome: RunOutcome,
  quarantinedIds: readonly string[] = [],
): Set<string> {
  const removed = new Set<string>();
  if (outcome.mode === 'full' && !outcome.complete) {
    state.notes.push(PARTIAL_SNAPSHOT_NOTE);
    if (removals.length > 0)
      state.notes.push(`partial snapshot: ${removals.length} reported removals ignored`);
    return removed;
  }
  const present = new Set([...records.map((record) => record.externalId), ...quarantinedIds]);
  for (const externalId of removals) {
    if (state.snapshot.links.has(externalId) && !present.has(externalId)) removed.add(externalId);
  }
  if (outcome.mode === 'full') {
    for (const externalId of state.snapshot.links.keys()) {
      if (!present.has(externalId)) removed.add(externalId);
    }
  }
  return removed;
}

/**
 * Unlinks every removed record. When the user keeps another link of this connector (a re-created
 * source account linked this run, say), that record now speaks for the connector's values, so only
 * the link goes.
 */
export function planRemovals(state: PlanState, removed: ReadonlySet<string>): void {
  for (const externalId of removed) {
    const link = state.snapshot.links.get(externalId);
    if (!link) continue;
    const user = touchUser(state, link.userId);
    unlinkUser(state, externalId, user);
    state.counts.linksRemoved++;
    if (!user) continue;
    const remaining = [...user.links].filter((id) => !removed.has(id));
    if (remaining.length > 0) continue;
    removeConnectorIdentifiers(state, user, new Set(), 'removal');
    removeMemberships(state, user, new Set(), 'removal');
    const patch = { op: 'setAttributes' as const, user: user.ref };
    keepPrimaryGroupAMembership(user, patch);
    emitPatch(state, user, patch, 'removal');
  }
}
