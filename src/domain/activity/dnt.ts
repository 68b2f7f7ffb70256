// The Do Not Track check: activity of a login that matches a DNT identifier is not collected. The
// DNT list is the identifiers of untracked users plus those kept from deleted users; a match uses
// the same rule as association (agent-matching.ts), so an identifier that would associate an agent
// with a user also keeps that agent out when the user is untracked or gone.
import type { AgentLogin } from '../agent-matching.ts';
import type { DoNotTrackReason, NormalizedIdentifier } from '../types.ts';
import type { ActivityContext, CandidateUser } from './context.ts';
import { LoginIndex } from './login-index.ts';

export interface DoNotTrackHit {
  reason: DoNotTrackReason;
  identifier: NormalizedIdentifier;
  /** The untracked user; null for a deleted user's entry. */
  userId: number | null;
}

export type DoNotTrackCheck = (login: AgentLogin) => DoNotTrackHit | null;

export function buildDoNotTrackCheck(
  ctx: Pick<ActivityContext, 'candidates' | 'doNotTrack'>,
): DoNotTrackCheck {
  const index = new LoginIndex<{ reason: DoNotTrackReason; userId: number | null }>();
  for (const identifier of ctx.doNotTrack) index.add(identifier, { reason: 'deleted', userId: null });
  for (const user of ctx.candidates.values()) {
    if (user.tracking !== 'untracked') continue;
    for (const identifier of user.identifiers)
      index.add(identifier, { reason: 'untracked', userId: user.id });
  }
  return (login) => {
    const [first] = index.matches(login);
    return first
      ? { reason: first.owner.reason, identifier: first.identifier, userId: first.owner.userId }
      : null;
  };
}

/** An agent of an untracked user collects nothing, whatever its login matches. */
export function userCollectsActivity(user: Pick<CandidateUser, 'tracking'>): boolean {
  return user.tracking === 'tracked';
}
