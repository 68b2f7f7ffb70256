// Matching an unlinked record to a user: on ALL its identifiers, against ownership as planned so
// far (so a user created earlier in this run is found too).
import type { UserRef } from '../changes.ts';
import type { NormalizedIdentifier } from '../types.ts';
import type { AmbiguousMatch } from './conflicts.ts';
import { type PlanState, refOfOwner } from './state.ts';

export type MatchOutcome =
  | { kind: 'none' }
  | { kind: 'one'; user: UserRef; identifiers: NormalizedIdentifier[] }
  | { kind: 'several'; matches: AmbiguousMatch[] };

export function matchRecord(state: PlanState, given: readonly NormalizedIdentifier[]): MatchOutcome {
  const byOwner = new Map<number, NormalizedIdentifier[]>();
  for (const identifier of given) {
    for (const owner of state.ownership.ownersOf(identifier)) {
      const list = byOwner.get(owner);
      if (list) list.push(identifier);
      else byOwner.set(owner, [identifier]);
    }
  }
  const matches = [...byOwner].map(([owner, identifiers]) => ({
    userId: refOfOwner(state, owner),
    identifiers,
  }));
  const [first] = matches;
  if (!first) return { kind: 'none' };
  if (matches.length === 1) return { kind: 'one', user: first.userId, identifiers: first.identifiers };
  return { kind: 'several', matches };
}

/** The record's identifiers on the deleted users' Do Not Track list. */
export function doNotTrackHits(
  state: PlanState,
  given: readonly NormalizedIdentifier[],
): NormalizedIdentifier[] {
  return given.filter((identifier) => state.snapshot.doNotTrack.entriesFor(identifier).length > 0);
}
