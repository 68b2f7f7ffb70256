// Add user: a new record, Unlicensed until one of its agents reports; optionally with a display
// name, a time zone, identifiers and agents assigned to it.
import type { Change } from '../changes.ts';
import type { Result } from '../errors.ts';
import { ok } from '../errors.ts';
import type { Agent, IdentifierInput, NormalizedIdentifier, Tracking } from '../types.ts';
import { requireMovable } from './agent-checks.ts';
import type { ActionContext } from './context.ts';
import { agentView, audit, findAgent, identifierView, NEW_USER_REF } from './context.ts';
import { prepareDisplayName } from './display-name.ts';
import { prepareIdentifier } from './identifiers.ts';
import { prepareTimeZone } from './time-zone.ts';

export interface AddUserInput {
  displayName?: string | null;
  timeZone?: string | null;
  identifiers?: IdentifierInput[];
  /** Existing agents to move to the new user, each refused as `assignAgent` would refuse it. */
  agentIds?: number[];
  /** Users may be created untracked (their identifiers then go straight onto the DNT list). */
  tracking?: Tracking;
}

function prepareIdentifiers(ctx: ActionContext, inputs: readonly IdentifierInput[]) {
  const prepared: NormalizedIdentifier[] = [];
  for (const input of inputs) {
    const identifier = prepareIdentifier(ctx, NEW_USER_REF, prepared, input);
    if (!identifier.ok) return identifier;
    prepared.push(identifier.value);
  }
  return ok(prepared);
}

function prepareAgents(ctx: ActionContext, agentIds: readonly number[]) {
  const agents: Agent[] = [];
  for (const agentId of new Set(agentIds)) {
    const agent = findAgent(ctx, agentId);
    if (!agent.ok) return agent;
    const movable = requireMovable(ctx, agent.value);
    if (!movable.ok) return movable;
    agents.push(agent.value);
  }
  return ok(agents);
}

export function addUser(ctx: ActionContext, input: AddUserInput): Result<Change[]> {
  let displayName: string | null = null;
  if (input.displayName != null) {
    const prepared = prepareDisplayName(ctx, NEW_USER_REF, input.displayName);
    if (!prepared.ok) return prepared;
    displayName = prepared.value;
  }
  let timeZone: string | null = null;
  if (input.timeZone != null) {
    const prepared = prepareTimeZone(input.timeZone);
    if (!prepared.ok) return prepared;
    timeZone = prepared.value;
  }
  const identifiers = prepareIdentifiers(ctx, input.identifiers ?? []);
  if (!identifiers.ok) return identifiers;
  const agents = prepareAgents(ctx, input.agentIds ?? []);
  if (!agents.ok) return agents;

  const tracking = input.tracking ?? 'tracked';
  const create: Extract<Change, { op: 'createUser' }> = { op: 'createUser', ref: NEW_USER_REF, tracking };
  if (displayName !== null) create.displayName = { value: displayName, source: 'manual' };
  if (timeZone !== null) create.timeZone = { value: timeZone, source: 'manual' };
  const changes: Change[] = [create];
  for (const identifier of identifiers.value) {
    changes.push({ op: 'addIdentifier', user: NEW_USER_REF, identifier, source: 'manual' });
  }
  for (const agent of agents.value) {
    changes.push({ op: 'assignAgent', agentId: agent.id, fromUserId: agent.userId, toUser: NEW_USER_REF });
  }
  changes.push(
    audit(NEW_USER_REF, 'add_user', null, {
      tracking,
      displayName,
      timeZone,
      identifiers: identifiers.value.map((i) => identifierView({ ...i, source: 'manual' })),
      agents: agents.value.map(agentView),
    }),
  );
  changes.push(...agentsLeavingAudits(agents.value));
  return ok(changes);
}

/** One audit entry per former owner, listing the agents that left it for the new user. */
function agentsLeavingAudits(agents: readonly Agent[]): Change[] {
  const byOwner = new Map<number, Agent[]>();
  for (const agent of agents) byOwner.set(agent.userId, [...(byOwner.get(agent.userId) ?? []), agent]);
  return [...byOwner].map(([ownerId, moved]) =>
    audit(ownerId, 'assign_agent', { agents: moved.map(agentView) }, { agents: [], toUser: NEW_USER_REF }),
  );
}
