// What an admin action's rule reads, and the checks every rule shares. The service loads the
// context (only what the action touches), the rule reads it and returns `Change[]`; nothing here
// does I/O or reads a clock.
import type { Change, UserRef } from '../changes.ts';
import type { Result } from '../errors.ts';
import { fail, ok } from '../errors.ts';
import { userLabel } from '../identifiers.ts';
import type { IdentifierOwnership } from '../ownership.ts';
import { deriveStatus } from '../status.ts';
import type {
  AccountSettings,
  Agent,
  GroupMembership,
  IdentifierSource,
  NormalizedIdentifier,
  UserRecord,
  UserStatus,
} from '../types.ts';

export interface ActionContext {
  now: Date;
  settings: AccountSettings;
  /** The users the action names (and, for merges, all of them). */
  users: ReadonlyMap<number, UserRecord>;
  /** Every stored identifier key that could collide with the identifiers the action touches. */
  ownership: IdentifierOwnership;
  /** Lower-cased display name -> the user holding it (for the names the action touches). */
  displayNames: ReadonlyMap<string, number>;
  /** Labels of users that may be named in errors (owners of colliding keys). */
  userLabels: ReadonlyMap<number, string>;
  /** Agents the action names, by id. */
  agents: ReadonlyMap<number, Agent>;
}

/** The user a rule creates when it creates one (add user, assign an agent to a new user). */
export const NEW_USER_REF = 'new:user' satisfies UserRef;

export function findUser(ctx: ActionContext, userId: number): Result<UserRecord> {
  const user = ctx.users.get(userId);
  return user ? ok(user) : fail('not_found', `User ${userId} does not exist.`, { userId });
}

/** An agent named by the action, or one of a loaded user's agents. */
export function findAgent(ctx: ActionContext, agentId: number): Result<Agent> {
  const named = ctx.agents.get(agentId);
  if (named) return ok(named);
  for (const user of ctx.users.values()) {
    const owned = user.agents.find((agent) => agent.id === agentId);
    if (owned) return ok(owned);
  }
  return fail('not_found', `Agent ${agentId} does not exist.`, { agentId });
}

export function statusOf(ctx: ActionContext, user: UserRecord): UserStatus {
  return deriveStatus(user, ctx.settings, ctx.now);
}

const STATUS_NAMES: Record<UserStatus, string> = {
  active: 'Active',
  inactive: 'Inactive',
  unlicensed: 'Unlicensed',
};

/** Refuses the action unless the user's derived status is one it is available for. */
export function requireStatus(
  ctx: ActionContext,
  user: UserRecord,
  allowed: readonly UserStatus[],
  actionName: string,
): Result<UserStatus> {
  const status = statusOf(ctx, user);
  if (allowed.includes(status)) return ok(status);
  const allowedNames = allowed.map((s) => STATUS_NAMES[s]).join(' and ');
  return fail(
    'not_allowed_for_status',
    `${actionName} is not available for ${STATUS_NAMES[status]} users (only ${allowedNames}).`,
    { userId: user.id, status, allowed: [...allowed] },
  );
}

/** Irreversible actions run only when asked for explicitly. */
export function requireConfirmation(confirm: boolean | undefined, actionName: string): Result<true> {
  if (confirm === true) return ok(true);
  return fail('confirmation_required', `${actionName} cannot be undone; repeat it with confirm=true.`);
}

/** How a user is named in messages: the loaded label, else the loaded record's label. */
export function labelOf(ctx: ActionContext, userId: number): string {
  const known = ctx.userLabels.get(userId);
  if (known !== undefined) return known;
  const user = ctx.users.get(userId);
  return user ? userLabel(user) : `User #${userId}`;
}

export function audit(user: UserRef | null, action: string, before: unknown, after: unknown): Change {
  return { op: 'audit', user, action, before, after };
}

// Plain JSON views for audit entries and error details.

export interface IdentifierView {
  type: NormalizedIdentifier['type'];
  value: string;
  domain?: string;
  source?: IdentifierSource;
}

export function identifierView(
  identifier: NormalizedIdentifier & { source?: IdentifierSource },
): IdentifierView {
  const view: IdentifierView = { type: identifier.type, value: identifier.value };
  if (identifier.domain !== null) view.domain = identifier.domain;
  if (identifier.source !== undefined) view.source = identifier.source;
  return view;
}

export function agentView(agent: Agent) {
  return {
    id: agent.id,
    username: agent.username,
    logonDomain: agent.logonDomain,
    firstLog: agent.firstLog?.toISOString() ?? null,
    lastLog: agent.lastLog?.toISOString() ?? null,
  };
}

function membershipView(membership: GroupMembership) {
  return { group: membership.group, source: membership.source };
}

/** Everything a record holds, for the audit of actions that move or delete it wholesale. */
export function userSummary(ctx: ActionContext, user: UserRecord) {
  return {
    status: statusOf(ctx, user),
    tracking: user.tracking,
    displayName: user.displayName.value,
    timeZone: user.timeZone.value,
    primaryGroup: user.primaryGroup.value,
    groups: user.groups.map(membershipView),
    identifiers: user.identifiers.map(identifierView),
    agents: user.agents.map(agentView),
  };
}
