// Assign agent (every status) and merge agents (Active, Inactive; irreversible).
import type { Change } from '../changes.ts';
import type { Result } from '../errors.ts';
import { fail, ok } from '../errors.ts';
import type { Agent } from '../types.ts';
import { requireMovable } from './agent-checks.ts';
import type { ActionContext } from './context.ts';
import { agentView, audit, findAgent, findUser, requireConfirmation, requireStatus } from './context.ts';
import type { AddUserInput } from './users.ts';
import { addUser } from './users.ts';

export type AssignTarget = { userId: number } | { newUser: AddUserInput };

/**
 * Moves the agent, with its history, to an existing user or to a new one. License use is
 * unchanged: the agent keeps its data, and an agent with data consumes one license wherever it is.
 */
export function assignAgent(ctx: ActionContext, agentId: number, target: AssignTarget): Result<Change[]> {
  if ('newUser' in target) {
    const others = (target.newUser.agentIds ?? []).filter((id) => id !== agentId);
    return addUser(ctx, { ...target.newUser, agentIds: [agentId, ...others] });
  }
  const found = findAgent(ctx, agentId);
  if (!found.ok) return found;
  const agent = found.value;
  const to = findUser(ctx, target.userId);
  if (!to.ok) return to;
  if (agent.userId === target.userId) {
    return fail('invalid_selection', `Agent ${agent.username} already belongs to this user.`, {
      agentId,
      userId: target.userId,
    });
  }
  const movable = requireMovable(ctx, agent);
  if (!movable.ok) return movable;
  const view = agentView(agent);
  return ok([
    { op: 'assignAgent', agentId, fromUserId: agent.userId, toUser: target.userId },
    audit(agent.userId, 'assign_agent', { agent: view }, { agent: null, toUserId: target.userId }),
    audit(target.userId, 'assign_agent', { agent: null, fromUserId: agent.userId }, { agent: view }),
  ]);
}

/** The agent the others fold into: the earliest first log (never-reported agents last), then id. */
export function earliestAgent(agents: readonly Agent[]): Agent | undefined {
  const firstLogTime = (agent: Agent) => agent.firstLog?.getTime() ?? Number.POSITIVE_INFINITY;
  return [...agents].sort((a, b) => firstLogTime(a) - firstLogTime(b) || a.id - b.id)[0];
}

/** The change folding all the given agents (2 or more) into the earliest one. */
export function mergeAgentsChange(
  userId: number,
  agents: readonly Agent[],
): Extract<Change, { op: 'mergeAgents' }> {
  const into = earliestAgent(agents)!;
  const mergedAgentIds = agents.filter((agent) => agent.id !== into.id).map((agent) => agent.id);
  return { op: 'mergeAgents', userId, intoAgentId: into.id, mergedAgentIds };
}

function selectAgents(ctx: ActionContext, userId: number, agentIds: readonly number[]): Result<Agent[]> {
  const distinct = [...new Set(agentIds)];
  if (distinct.length < 2) {
    return fail('invalid_selection', 'Merging agents takes two or more distinct agents.', { agentIds });
  }
  const agents: Agent[] = [];
  for (const agentId of distinct) {
    const agent = findAgent(ctx, agentId);
    if (!agent.ok) return agent;
    if (agent.value.userId !== userId) {
      return fail(
        'invalid_selection',
        `Agent ${agent.value.username} belongs to another user; assign it to this user before merging.`,
        { agentId, userId: agent.value.userId },
      );
    }
    agents.push(agent.value);
  }
  return ok(agents);
}

/** Two or more agents of one user become one: activity unified, the extra licenses freed. */
export function mergeAgents(
  ctx: ActionContext,
  userId: number,
  agentIds: readonly number[],
  confirm: boolean | undefined,
): Result<Change[]> {
  const user = findUser(ctx, userId);
  if (!user.ok) return user;
  const status = requireStatus(ctx, user.value, ['active', 'inactive'], 'Merging agents');
  if (!status.ok) return status;
  const agents = selectAgents(ctx, userId, agentIds);
  if (!agents.ok) return agents;
  const confirmed = requireConfirmation(confirm, 'Merging agents');
  if (!confirmed.ok) return confirmed;
  const merge = mergeAgentsChange(userId, agents.value);
  return ok([
    merge,
    audit(
      userId,
      'merge_agents',
      { agents: agents.value.map(agentView) },
      { intoAgentId: merge.intoAgentId, mergedAgentIds: merge.mergedAgentIds },
    ),
  ]);
}
