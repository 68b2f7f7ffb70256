// The plan being built for one batch, and the one way the activity rules add an address to a user:
// only when the user does not hold it yet and no other user owns it (stored, or claimed earlier in
// this batch), with an audit entry; an address owned elsewhere becomes an identifier_in_use conflict.
import type { AgentLogin } from '../agent-matching.ts';
import type { Change, ConflictReport, NewUserRef, UserRef } from '../changes.ts';
import { formatIdentifier, userLabel } from '../identifiers.ts';
import type { IdentifierSource, NormalizedIdentifier } from '../types.ts';
import { CandidateIndex, compareUserRefs } from './candidate-index.ts';
import { type ActivityContext, type ActivityCounts, emptyCounts, formatLogin } from './context.ts';

export interface PlanState {
  ctx: ActivityContext;
  changes: Change[];
  conflicts: ConflictReport[];
  counts: ActivityCounts;
  /** Who a new agent can be associated with; grows with the users and identifiers this plan adds. */
  candidates: CandidateIndex;
  /** Address keys this plan adds, and to whom. */
  claimedAddresses: Map<string, UserRef>;
  /** Users this plan creates, by the login they were created for (to name them in messages). */
  newUsers: Map<NewUserRef, AgentLogin>;
  personalDomains: ReadonlySet<string>;
}

export function createPlanState(ctx: ActivityContext, reportCount: number): PlanState {
  return {
    ctx,
    changes: [],
    conflicts: [],
    counts: emptyCounts(reportCount),
    candidates: new CandidateIndex(ctx.candidates.values()),
    claimedAddresses: new Map(),
    newUsers: new Map(),
    personalDomains: new Set(ctx.settings.personalEmailDomains.map((domain) => domain.trim().toLowerCase())),
  };
}

export function audit(user: UserRef, action: string, before: unknown, after: unknown): Change {
  return { op: 'audit', user, action, before, after };
}

export function identifierView(identifier: NormalizedIdentifier, source: IdentifierSource) {
  return identifier.domain === null
    ? { type: identifier.type, value: identifier.value, source }
    : { type: identifier.type, value: identifier.value, domain: identifier.domain, source };
}

export function loginView(login: AgentLogin) {
  return { username: login.username, logonDomain: login.logonDomain };
}

/** How a user is named in conflict messages. */
export function describeUser(state: PlanState, user: UserRef): string {
  if (typeof user !== 'number') {
    const login = state.newUsers.get(user);
    return login ? `the new user for agent ${formatLogin(login)}` : user;
  }
  const known = state.ctx.candidates.get(user);
  return known ? `${userLabel(known)} (user ${user})` : `user ${user}`;
}

/** Adds an identifier to a user with its audit entry, and lets later logins of the batch match it. */
export function addIdentifier(
  state: PlanState,
  user: UserRef,
  identifier: NormalizedIdentifier,
  source: IdentifierSource,
): void {
  state.changes.push(
    { op: 'addIdentifier', user, identifier, source },
    audit(user, 'add_identifier', null, identifierView(identifier, source)),
  );
  if (identifier.namespace === 'address') state.claimedAddresses.set(identifier.key, user);
  state.candidates.addIdentifier(identifier, user);
}

export type AddAddressOutcome = 'added' | 'already_held' | 'in_use';

/** Adds an address unless the user holds it or another user owns it (then a conflict names them). */
export function addAddressIfFree(
  state: PlanState,
  user: UserRef,
  address: NormalizedIdentifier,
  source: IdentifierSource,
  login: AgentLogin,
): AddAddressOutcome {
  const owners = ownersOfAddress(state, address);
  if (owners.has(user) || userHoldsAddress(state, user, address)) return 'already_held';
  if (owners.size > 0) {
    state.conflicts.push(
      addressInUse(state, user, [...owners].sort(compareUserRefs), address, source, login),
    );
    return 'in_use';
  }
  addIdentifier(state, user, address, source);
  return 'added';
}

function ownersOfAddress(state: PlanState, address: NormalizedIdentifier): Set<UserRef> {
  const owners = new Set<UserRef>(state.ctx.ownership.ownersOf(address));
  const claimedBy = state.claimedAddresses.get(address.key);
  if (claimedBy !== undefined) owners.add(claimedBy);
  return owners;
}

// The loaded record is asked too, so a user is never given a second copy of an address it holds.
function userHoldsAddress(state: PlanState, user: UserRef, address: NormalizedIdentifier): boolean {
  if (typeof user !== 'number') return false;
  const known = state.ctx.candidates.get(user);
  return known?.identifiers.some((held) => held.namespace === 'address' && held.key === address.key) ?? false;
}

function addressInUse(
  state: PlanState,
  user: UserRef,
  owners: UserRef[],
  address: NormalizedIdentifier,
  source: IdentifierSource,
  login: AgentLogin,
): ConflictReport {
  const ownerNames = owners.map((owner) => describeUser(state, owner)).join(', ');
  return {
    kind: 'identifier_in_use',
    identifier: { type: address.type, value: address.value },
    userIds: [user, ...owners],
    connectors: [],
    externalIds: [],
    message:
      `The address ${formatIdentifier(address)} seen in the activity of agent ${formatLogin(login)} ` +
      `belongs to ${ownerNames}; it was not added to ${describeUser(state, user)}.`,
    details: { agent: loginView(login), source, userId: user, ownerUserIds: owners },
  };
}
