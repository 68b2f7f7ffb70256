// The reconciliation planner: DOMAIN.md's "Integration sync" as one pure function. It reads a
// snapshot and this run's records and returns every change, conflict and count the run implies;
// src/store applies the result in one transaction (or nothing, when the safeguard blocks).
//
// Passes, each linear in the records (every look-up is a Map hit):
//   1. stage: drop records whose content hash is unchanged; normalize identifiers
//   2. duplicate claims among this run's records
//   3. release: linked records give back the identifiers they no longer carry
//   4. records in order: match or create, add identifiers, attributes, tracking
//   5. removals and (complete full runs only) absences
//   6. audits, safeguard verdict, conflicts that closed
import type { InvalidSourceRecord, SourceRecord, SourceState } from '../source-record.ts';
import type { Change } from '../changes.ts';
import { IdentifierOwnership } from '../ownership.ts';
import { auditChanges } from './audit.ts';
import { invalidRecord, type PlannedConflict } from './conflicts.ts';
import { hashSourceRecord } from './hash.ts';
import { findDuplicateClaims, normalizeRecordIdentifiers } from './identifiers-diff.ts';
import {
  type OnDisable,
  planRecord,
  type RecordOutcome,
  releaseIdentifiers,
  type StagedRecord,
} from './plan-record.ts';
import { planRemovals, type RunOutcome, removedExternalIds } from './removals.ts';
import {
  connectorIdentifierCount,
  type DeletionThreshold,
  type SafeguardVerdict,
  safeguardVerdict,
} from './safeguard.ts';
import type { SyncSnapshot } from './snapshot.ts';
import { createPlanState, emit, type PlanState } from './state.ts';

export interface PlanPolicy {
  onDisable: OnDisable;
  deletionThreshold: DeletionThreshold;
  /** Set for the one run an admin approved after the safeguard blocked it. */
  safeguardLifted: boolean;
}

export interface PlanInput {
  snapshot: SyncSnapshot;
  records: SourceRecord[];
  invalid: InvalidSourceRecord[];
  removals: string[];
  outcome: RunOutcome;
  policy: PlanPolicy;
  now: Date;
}

/** CONTRACT.md run counts. */
export interface RunCounts {
  /** Records read, valid or not. */
  fetched: number;
  /** Users created (each also linked). */
  created: number;
  /** Records with a link already, whose user changed. */
  updated: number;
  /** Records newly linked to an existing user. */
  linked: number;
  /** Records that changed nothing (hash unchanged, or planned to no change). */
  unchanged: number;
  identifiersAdded: number;
  identifiersRemoved: number;
  /** Distinct conflicts this run reports. */
  conflicts: number;
  /** Records the connector could not map. */
  invalid: number;
  /** Records neither linked nor created (ambiguous, Do Not Track, duplicate, no identifiers, leaver). */
  skipped: number;
}

export interface LinkStateUpdate {
  externalId: string;
  /** Null when the record produced a conflict, so it is planned again next run. */
  contentHash: string | null;
  state: SourceState;
}

export interface ReconciliationPlan {
  /** In apply order: creates and links, releases, record changes, removals, audits. */
  changes: Change[];
  /** Every conflict this run's records cause now. */
  conflicts: PlannedConflict[];
  /** Open conflicts in scope whose cause is gone. */
  closeConflictIds: number[];
  /** For every planned record that is linked after the plan. */
  linkStates: LinkStateUpdate[];
  counts: RunCounts;
  /** What the safeguard weighs. */
  removals: { links: number; identifiers: number };
  /** Blocked: nothing may be applied; changes, linkStates and closeConflictIds are empty. */
  verdict: SafeguardVerdict;
  notes: string[];
}

/** Later occurrences of one externalId (a record re-sent on a later page) replace earlier ones. */
function lastOccurrences(records: readonly SourceRecord[]): SourceRecord[] {
  const byId = new Map<string, SourceRecord>();
  for (const record of records) {
    byId.delete(record.externalId);
    byId.set(record.externalId, record);
  }
  return [...byId.values()];
}

function stage(state: PlanState, records: readonly SourceRecord[], counts: RunCounts): StagedRecord[] {
  const staged: StagedRecord[] = [];
  for (const record of records) {
    const hash = hashSourceRecord(record);
    let link = state.snapshot.links.get(record.externalId);
    if (link && link.contentHash === hash && link.state === (record.state ?? link.state)) {
      counts.unchanged++;
      continue;
    }
    // Checked only for records that changed: a scoped snapshot holds only the users they touch.
    if (link && !state.snapshot.users.has(link.userId)) {
      // The linked user is gone: drop the dangling link and treat the record as new.
      emit(state, 'create', {
        op: 'unlinkSource',
        connectorId: state.connectorId,
        externalId: record.externalId,
      });
      state.notes.push(`record ${record.externalId} was linked to missing user ${link.userId}; relinked`);
      link = undefined;
    }
    const identifiers = normalizeRecordIdentifiers(record);
    staged.push({ record, hash, link, identifiers, duplicates: new Set(), changeCount: 0, user: undefined });
  }
  return staged;
}

function countOutcome(counts: RunCounts, outcome: RecordOutcome): void {
  counts[outcome]++;
}

function closedConflicts(state: PlanState, input: PlanInput, removed: ReadonlySet<string>): number[] {
  const wholeSource = input.outcome.mode === 'full' && input.outcome.complete;
  const seen = new Set<string>(removed);
  for (const record of input.records) seen.add(record.externalId);
  for (const invalid of input.invalid) if (invalid.externalId !== null) seen.add(invalid.externalId);
  const closed: number[] = [];
  for (const [fingerprint, open] of state.snapshot.openConflicts) {
    if (state.conflicts.has(fingerprint)) continue;
    const inScope =
      wholeSource ||
      (open.externalIds.length > 0 && open.externalIds.every((externalId) => seen.has(externalId)));
    if (inScope) closed.push(open.id);
  }
  return closed;
}

function emptyCounts(input: PlanInput): RunCounts {
  return {
    fetched: input.records.length + input.invalid.length,
    created: 0,
    updated: 0,
    linked: 0,
    unchanged: 0,
    identifiersAdded: 0,
    identifiersRemoved: 0,
    conflicts: 0,
    invalid: input.invalid.length,
    skipped: 0,
  };
}

export function planReconciliation(input: PlanInput): ReconciliationPlan {
  const { snapshot, policy } = input;
  const state = createPlanState(snapshot, new IdentifierOwnership());
  const counts = emptyCounts(input);
  for (const invalid of input.invalid) {
    state.conflicts.add(
      invalidRecord({
        connectorId: state.connectorId,
        externalId: invalid.externalId,
        reason: invalid.reason,
      }),
    );
  }
  const records = lastOccurrences(input.records);
  const quarantinedIds = input.invalid.flatMap((invalid) =>
    invalid.externalId === null ? [] : [invalid.externalId],
  );
  const removed = removedExternalIds(state, records, input.removals, input.outcome, quarantinedIds);
  const staged = stage(state, records, counts);
  const duplicates = findDuplicateClaims(
    state,
    staged.map((item) => ({ externalId: item.record.externalId, given: item.identifiers.given })),
  );
  staged.forEach((item, index) => {
    item.duplicates = duplicates[index] ?? new Set();
  });
  for (const item of staged) releaseIdentifiers(state, item, policy.onDisable);
  for (const item of staged) countOutcome(counts, planRecord(state, item, policy.onDisable, removed));
  planRemovals(state, removed);

  const linkStates: LinkStateUpdate[] = staged
    .filter((item) => item.user !== undefined)
    .map((item) => ({
      externalId: item.record.externalId,
      contentHash: state.conflicts.involves(item.record.externalId) ? null : item.hash,
      state: item.record.state ?? item.link?.state ?? 'active',
    }));
  const conflicts = state.conflicts.list();
  counts.identifiersAdded = state.counts.identifiersAdded;
  counts.identifiersRemoved = state.counts.identifiersRemoved;
  counts.conflicts = conflicts.length;
  const removals = { links: state.counts.linksRemoved, identifiers: state.counts.identifiersRemoved };
  const verdict = safeguardVerdict({
    removals,
    base: { links: snapshot.links.size, identifiers: () => connectorIdentifierCount(snapshot) },
    threshold: policy.deletionThreshold,
    lifted: policy.safeguardLifted,
  });
  if (verdict.blocked) {
    return {
      changes: [],
      conflicts,
      closeConflictIds: [],
      linkStates: [],
      counts,
      removals,
      verdict,
      notes: state.notes,
    };
  }
  const { create, release, body, removal } = state.changes;
  return {
    changes: [...create, ...release, ...body, ...removal, ...auditChanges(state)],
    conflicts,
    closeConflictIds: closedConflicts(state, input, removed),
    linkStates,
    counts,
    removals,
    verdict,
    notes: state.notes,
  };
}
