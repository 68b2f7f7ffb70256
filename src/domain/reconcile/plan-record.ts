// One source record that needs planning: find (or create) its user, then let the user follow it.
import type { SourceRecord } from '../source-record.ts';
import type { NormalizedIdentifier } from '../types.ts';
import { planAttributes } from './attributes.ts';
import { ambiguousMatch, doNotTrack, duplicateInSource, invalidValue } from './conflicts.ts';
import {
  addRecordIdentifiers,
  type RecordIdentifiers,
  removeConnectorIdentifiers,
  reportInvalidValues,
  valueKey,
} from './identifiers-diff.ts';
import { doNotTrackHits, matchRecord } from './match.ts';
import type { SnapshotLink } from './snapshot.ts';
import {
  createWorkingUser,
  emit,
  linkUser,
  otherLinks,
  type PlanState,
  touchUser,
  type WorkingUser,
} from './state.ts';

export type OnDisable = 'untrack' | 'remove_identifiers' | 'ignore';

export interface StagedRecord {
  record: SourceRecord;
  hash: string;
  /** The record's link, when it points at a user that exists. */
  link: SnapshotLink | undefined;
  identifiers: RecordIdentifiers;
  /** Value keys other records of this run claim too. */
  duplicates: Set<string>;
  /** Changes this record caused (to tell updated from unchanged). */
  changeCount: number;
  /** The user it ended up linked to, if any. */
  user: WorkingUser | undefined;
}

export type RecordOutcome = 'created' | 'linked' | 'updated' | 'unchanged' | 'skipped';

/** Disabled/terminated records follow `on_disable`; 'ignore' treats them as active. */
function followsDisablePolicy(staged: StagedRecord, onDisable: OnDisable): boolean {
  return (staged.record.state ?? staged.link?.state ?? 'active') !== 'active' && onDisable !== 'ignore';
}

/** Value keys the connector's identifiers on the user should keep. */
function keptValues(staged: StagedRecord, onDisable: OnDisable): Set<string> {
  if (followsDisablePolicy(staged, onDisable) && onDisable === 'remove_identifiers') return new Set();
  return new Set(staged.identifiers.given.map(valueKey));
}

function wantedIdentifiers(staged: StagedRecord, onDisable: OnDisable): NormalizedIdentifier[] {
  if (followsDisablePolicy(staged, onDisable) && onDisable === 'remove_identifiers') return [];
  return staged.identifiers.given.filter((identifier) => !staged.duplicates.has(valueKey(identifier)));
}

function totalChanges(state: PlanState): number {
  const { create, release, body, removal } = state.changes;
  return create.length + release.length + body.length + removal.length;
}

/**
 * First pass over linked records: take back the identifiers they no longer give, before any record
 * adds values, so a value moving between two users in one run is free when the second asks.
 */
export function releaseIdentifiers(state: PlanState, staged: StagedRecord, onDisable: OnDisable): void {
  if (!staged.link) return;
  const user = touchUser(state, staged.link.userId);
  if (!user) return;
  const before = totalChanges(state);
  removeConnectorIdentifiers(state, user, keptValues(staged, onDisable), 'release');
  staged.changeCount += totalChanges(state) - before;
}

type Target = { user: WorkingUser; outcome: 'created' | 'linked' | 'existing' } | undefined;

function findTarget(
  state: PlanState,
  staged: StagedRecord,
  onDisable: OnDisable,
  removed: ReadonlySet<string>,
): Target {
  const { externalId } = staged.record;
  if (staged.link) {
    const user = touchUser(state, staged.link.userId);
    return user ? { user, outcome: 'existing' } : undefined;
  }
  const { given } = staged.identifiers;
  if (given.length === 0) {
    state.conflicts.add(
      invalidValue({
        connectorId: state.connectorId,
        externalId,
        field: 'identifiers',
        value: '',
        reason: 'the record has no usable identifier, so it cannot be matched',
      }),
    );
    return undefined;
  }
  const match = matchRecord(state, given);
  if (match.kind === 'several') {
    state.conflicts.add(
      ambiguousMatch({ connectorId: state.connectorId, externalId, matches: match.matches }),
    );
    return undefined;
  }
  if (match.kind === 'one') {
    // One user is spoken for by one record per source: a second record claiming it is a duplicate.
    const others = otherLinks(state, match.user, externalId, removed);
    const [identifier] = match.identifiers;
    if (others.length > 0 && identifier) {
      state.conflicts.add(
        duplicateInSource({
          connectorId: state.connectorId,
          externalIds: [...others, externalId],
          identifier,
          userIds: [match.user],
        }),
      );
      return undefined;
    }
    const user = typeof match.user === 'number' ? touchUser(state, match.user) : state.users.get(match.user);
    if (!user) return undefined;
    linkUser(state, user, externalId);
    return { user, outcome: 'linked' };
  }
  const hits = doNotTrackHits(state, given);
  if (hits.length > 0) {
    state.conflicts.add(doNotTrack({ connectorId: state.connectorId, externalId, identifiers: hits }));
    return undefined;
  }
  // A person the source already switched off is not worth a new record (HR systems list leavers).
  if (followsDisablePolicy(staged, onDisable)) return undefined;
  // Every value is disputed by another record of this run (already reported): a user created now
  // would hold nothing to be recognised by.
  if (wantedIdentifiers(staged, onDisable).length === 0) return undefined;
  const user = createWorkingUser(state);
  linkUser(state, user, externalId);
  return { user, outcome: 'created' };
}

export function planRecord(
  state: PlanState,
  staged: StagedRecord,
  onDisable: OnDisable,
  removed: ReadonlySet<string>,
): RecordOutcome {
  const { record } = staged;
  const before = totalChanges(state);
  reportInvalidValues(state, record.externalId, staged.identifiers.invalid);
  const target = findTarget(state, staged, onDisable, removed);
  if (!target) return 'skipped';
  const { user } = target;
  staged.user = user;
  addRecordIdentifiers(state, user, wantedIdentifiers(staged, onDisable), record.externalId);
  planAttributes(state, user, record);
  if (followsDisablePolicy(staged, onDisable) && onDisable === 'untrack' && user.tracking === 'tracked') {
    user.tracking = 'untracked';
    emit(state, 'body', { op: 'setTracking', user: user.ref, tracking: 'untracked' }, user);
  }
  // Tracking is never resumed by a sync (DOMAIN: a sync re-tracks nobody); a rehire is the admin's call.
  if (
    (record.state ?? 'active') === 'active' &&
    staged.link &&
    staged.link.state !== 'active' &&
    user.tracking === 'untracked'
  ) {
    state.notes.push(
      `record ${record.externalId} is active again; user ${user.ref} stays untracked until an admin tracks it`,
    );
  }
  staged.changeCount += totalChanges(state) - before;
  if (target.outcome !== 'existing') return target.outcome;
  return staged.changeCount > 0 ? 'updated' : 'unchanged';
}
