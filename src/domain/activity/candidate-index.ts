// The users a new agent can be associated with, indexed by what association matches: UPNs and
// emails, device logins and (expanded association) display names. Employee IDs are not an
// association path (DOMAIN.md "Agent-user association"), though they do count for DNT.
// Users and identifiers created earlier in the same batch are added as the plan goes, so two
// logins of one person in one batch land on one user.
import { type AgentLogin, plainValueMatchesLogin } from '../agent-matching.ts';
import type { UserRef } from '../changes.ts';
import type { NormalizedIdentifier } from '../types.ts';
import type { CandidateUser } from './context.ts';
import { LoginIndex } from './login-index.ts';

/** Why a user matched a login; shown in an ambiguous-match conflict. */
export type MatchReason =
  | { by: 'identifier'; type: NormalizedIdentifier['type']; value: string; domain: string | null }
  | { by: 'display_name'; value: string };

export class CandidateIndex {
  readonly #identifiers = new LoginIndex<UserRef>();
  readonly #displayNames = new Map<string, Array<{ displayName: string; user: UserRef }>>();

  constructor(candidates: Iterable<CandidateUser> = []) {
    for (const user of candidates) {
      for (const identifier of user.identifiers) this.addIdentifier(identifier, user.id);
      const displayName = user.displayName.value?.trim();
      if (displayName) this.#addDisplayName(displayName, user.id);
    }
  }

  addIdentifier(identifier: NormalizedIdentifier, user: UserRef): void {
    if (identifier.type === 'employee_id') return;
    this.#identifiers.add(identifier, user);
  }

  /** Every user matching the login, with why; display names only when `withDisplayNames`. */
  match(login: AgentLogin, withDisplayNames: boolean): Map<UserRef, MatchReason[]> {
    const found = new Map<UserRef, MatchReason[]>();
    const note = (user: UserRef, reason: MatchReason) => {
      const reasons = found.get(user);
      if (reasons) reasons.push(reason);
      else found.set(user, [reason]);
    };
    for (const { identifier, owner } of this.#identifiers.matches(login)) {
      note(owner, {
        by: 'identifier',
        type: identifier.type,
        value: identifier.value,
        domain: identifier.domain,
      });
    }
    if (!withDisplayNames) return found;
    for (const { displayName, user } of this.#displayNames.get(login.username.trim().toLowerCase()) ?? []) {
      if (plainValueMatchesLogin(displayName, login)) note(user, { by: 'display_name', value: displayName });
    }
    return found;
  }

  #addDisplayName(displayName: string, user: UserRef): void {
    const key = displayName.toLowerCase();
    const bucket = this.#displayNames.get(key);
    if (bucket) bucket.push({ displayName, user });
    else this.#displayNames.set(key, [{ displayName, user }]);
  }
}

/** Numbers ascending, then users created in this batch by ref: a stable order for conflicts. */
export function compareUserRefs(a: UserRef, b: UserRef): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
