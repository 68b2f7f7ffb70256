// Agent-user association (DOMAIN.md): a login reporting for the first time is matched against
// UPNs, emails and device logins (and display names with expanded association). One user: the
// agent is created on it. None: a user is created with the login as its device login. Several: an
// ambiguous_match conflict, and the agent is not created; its activity stays out until an admin
// assigns it (resolving the conflict). Existing agents never come through here: they are never
// re-associated.
import { type AgentLogin, loginIsAddress } from '../agent-matching.ts';
import type { NewUserRef, UserRef } from '../changes.ts';
import { formatIdentifier, normalizeIdentifier } from '../identifiers.ts';
import type { NormalizedIdentifier } from '../types.ts';
import { compareUserRefs, type MatchReason } from './candidate-index.ts';
import { formatLogin } from './context.ts';
import {
  addAddressIfFree,
  addIdentifier,
  audit,
  describeUser,
  loginView,
  type PlanState,
} from './plan-state.ts';

export interface NewAgentLogin {
  login: AgentLogin;
  /** The login as a device login identifier (validated when the reports were grouped). */
  deviceLogin: NormalizedIdentifier;
  firstLog: Date;
  lastLog: Date;
}

export type AgentRef = `agent:${string}`;

/** The agent created for the login and its user, or null when the login was held back. */
export function associateNewAgent(
  state: PlanState,
  agent: NewAgentLogin,
): { agent: AgentRef; user: UserRef } | null {
  const matches = state.candidates.match(agent.login, state.ctx.settings.expandedAgentUserAssociation);
  if (matches.size > 1) {
    reportAmbiguousMatch(state, agent, matches);
    return null;
  }
  const [matched] = matches.keys();
  if (matched !== undefined && !isTracked(state, matched)) {
    // Reached only through a display name: an untracked user's identifiers are stopped by the DNT check.
    state.counts.notTracked++;
    return null;
  }
  const number = state.counts.agentsCreated + 1;
  const user = matched ?? createUserForLogin(state, agent, number);
  if (matched !== undefined) state.counts.associated++;
  const ref = createAgent(state, agent.login, user, number);
  recordLoginAddress(state, agent.login, user);
  return { agent: ref, user };
}

function isTracked(state: PlanState, user: UserRef): boolean {
  if (typeof user !== 'number') return true;
  return state.ctx.candidates.get(user)?.tracking !== 'untracked';
}

// User `new:agent-<n>` is the one created for agent `agent:<n>`.
function createUserForLogin(state: PlanState, agent: NewAgentLogin, number: number): NewUserRef {
  const ref: NewUserRef = `new:agent-${number}`;
  state.newUsers.set(ref, agent.login);
  state.changes.push(
    { op: 'createUser', ref, tracking: 'tracked' },
    audit(ref, 'create_user', null, { tracking: 'tracked', createdFor: loginView(agent.login) }),
  );
  state.counts.usersCreated++;
  addIdentifier(state, ref, agent.deviceLogin, 'agent');
  return ref;
}

function createAgent(state: PlanState, login: AgentLogin, user: UserRef, number: number): AgentRef {
  const ref: AgentRef = `agent:${number}`;
  state.changes.push(
    { op: 'createAgent', ref, user, username: login.username, logonDomain: login.logonDomain },
    audit(user, 'create_agent', null, loginView(login)),
  );
  state.counts.agentsCreated++;
  return ref;
}

/**
 * A username in email form (Entra-joined devices report the UPN) is recorded on the user as a UPN.
 * Only at association: re-adding it on every report would undo an admin removing it to reassign
 * the agent (DOMAIN.md: reassignment is refused while the owner holds a matching identifier).
 */
function recordLoginAddress(state: PlanState, login: AgentLogin, user: UserRef): void {
  if (!loginIsAddress(login)) return;
  const upn = normalizeIdentifier({ type: 'upn', value: login.username });
  if (!upn.ok) return;
  addAddressIfFree(state, user, upn.value, 'agent', login);
}

function reportAmbiguousMatch(
  state: PlanState,
  agent: NewAgentLogin,
  matches: Map<UserRef, MatchReason[]>,
): void {
  const userIds = [...matches.keys()].sort(compareUserRefs);
  const names = userIds.map((user) => describeUser(state, user)).join(', ');
  state.conflicts.push({
    kind: 'ambiguous_match',
    identifier: { type: 'device_login', value: agent.login.username, domain: agent.login.logonDomain },
    userIds,
    connectors: [],
    externalIds: [],
    message:
      `Agent ${formatLogin(agent.login)} matches ${userIds.length} users (${names}); ` +
      'it is not assigned and its activity is not recorded until an admin assigns it.',
    details: {
      agent: loginView(agent.login),
      firstLog: agent.firstLog.toISOString(),
      lastLog: agent.lastLog.toISOString(),
      matches: userIds.map((user) => ({ userId: user, by: (matches.get(user) ?? []).map(describeReason) })),
    },
  });
  state.counts.ambiguous++;
}

function describeReason(reason: MatchReason): string {
  if (reason.by === 'display_name') return `display name ${reason.value}`;
  return `${reason.type} ${formatIdentifier(reason)}`;
}
