// The refusal every agent reassignment shares: while the agent's current owner still holds an
// identifier that matches the agent's login, the agent would be associated back with it, so the
// admin removes those identifiers first. The error lists them.

import { identifierMatchesLogin, plainValueMatchesLogin } from '../agent-matching.ts';
import type { Result } from '../errors.ts';
import { fail, ok } from '../errors.ts';
import type { Agent, IdentifierType, UserRecord } from '../types.ts';
import type { ActionContext } from './context.ts';
import { findUser, labelOf } from './context.ts';

export interface ConflictingIdentifier {
  type: IdentifierType | 'display_name';
  value: string;
  domain?: string;
}

/**
 * The owner's identifiers that match the agent's login: emails, UPNs, employee IDs and the display
 * name, exactly the list DOMAIN.md gives. Device logins are left out on purpose: a record created
 * for an agent holds that agent's device login, so counting it would block every correction of an
 * automatic assignment, the very case reassignment exists for.
 */
export function conflictingIdentifiers(
  owner: Pick<UserRecord, 'displayName' | 'identifiers'>,
  agent: Agent,
): ConflictingIdentifier[] {
  const conflicts: ConflictingIdentifier[] = [];
  const login = { username: agent.username, logonDomain: agent.logonDomain };
  for (const identifier of owner.identifiers) {
    if (identifier.type === 'device_login' || !identifierMatchesLogin(identifier, login)) continue;
    const conflict: ConflictingIdentifier = { type: identifier.type, value: identifier.value };
    if (identifier.domain !== null) conflict.domain = identifier.domain;
    conflicts.push(conflict);
  }
  const displayName = owner.displayName.value;
  if (displayName !== null && plainValueMatchesLogin(displayName, login)) {
    conflicts.push({ type: 'display_name', value: displayName });
  }
  return conflicts;
}

/** Refuses to move the agent away from its current owner while the owner still matches it. */
export function requireMovable(ctx: ActionContext, agent: Agent): Result<Agent> {
  const owner = findUser(ctx, agent.userId);
  if (!owner.ok) return owner;
  const conflicts = conflictingIdentifiers(owner.value, agent);
  if (conflicts.length === 0) return ok(agent);
  const ownerLabel = labelOf(ctx, agent.userId);
  const listed = conflicts.map((c) => `${c.type} ${c.value}`).join(', ');
  return fail(
    'conflicting_identifiers',
    `Agent ${agent.username} cannot be reassigned while ${ownerLabel} still holds matching identifiers (${listed}); remove them first.`,
    { agentId: agent.id, userId: agent.userId, user: ownerLabel, identifiers: conflicts },
  );
}
