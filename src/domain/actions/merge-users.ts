// Merge user records: 2 to 10 users of any status; the primary receives the others' identifiers,
// group memberships, agents and source links; the others are deleted; optionally every agent is
// merged into one. Irreversible.
import type { Change } from '../changes.ts';
import type { Result } from '../errors.ts';
import { fail, ok } from '../errors.ts';
import type { AttributeSource, GroupMembership, SourcedValue, UserRecord } from '../types.ts';
import { mergeAgentsChange } from './agents.ts';
import type { ActionContext, IdentifierView } from './context.ts';
import { agentView, audit, findUser, identifierView, requireConfirmation, userSummary } from './context.ts';

export interface MergeUsersInput {
  primaryUserId: number;
  /** The users to merge, in order of preference; may include the primary. */
  userIds: readonly number[];
  mergeAgents?: boolean;
  confirm?: boolean;
}

const MIN_USERS = 2;
const MAX_USERS = 10;

function selectSecondaries(ctx: ActionContext, input: MergeUsersInput): Result<UserRecord[]> {
  if (new Set(input.userIds).size !== input.userIds.length) {
    return fail('invalid_selection', 'Each user can be selected only once.', { userIds: input.userIds });
  }
  const secondaryIds = input.userIds.filter((id) => id !== input.primaryUserId);
  const count = secondaryIds.length + 1;
  if (count < MIN_USERS || count > MAX_USERS) {
    return fail('invalid_selection', `Merging takes ${MIN_USERS} to ${MAX_USERS} users, primary included.`, {
      count,
    });
  }
  const secondaries: UserRecord[] = [];
  for (const id of secondaryIds) {
    const user = findUser(ctx, id);
    if (!user.ok) return user;
    secondaries.push(user.value);
  }
  return ok(secondaries);
}

/**
 * The primary keeps every attribute it has. An attribute it lacks is taken from the first
 * secondary, in the order the admin listed them, that has one (with that value's source): the
 * product says only that the others are "consolidated into" the primary, and losing a display
 * name or time zone the person had on another record is what an admin would least expect.
 */
function inheritedValue<T>(
  primary: SourcedValue<T>,
  secondaries: readonly SourcedValue<T>[],
): { value: T; source: AttributeSource | null } | null {
  if (primary.value !== null) return null;
  const donor = secondaries.find((candidate) => candidate.value !== null);
  return donor ? { value: donor.value as T, source: donor.source } : null;
}

function inheritedAttributes(
  primary: UserRecord,
  secondaries: readonly UserRecord[],
): Extract<Change, { op: 'setAttributes' }> | null {
  const displayName = inheritedValue(
    primary.displayName,
    secondaries.map((s) => s.displayName),
  );
  const timeZone = inheritedValue(
    primary.timeZone,
    secondaries.map((s) => s.timeZone),
  );
  const primaryGroup = inheritedValue(
    primary.primaryGroup,
    secondaries.map((s) => s.primaryGroup),
  );
  if (!displayName && !timeZone && !primaryGroup) return null;
  const change: Extract<Change, { op: 'setAttributes' }> = { op: 'setAttributes', user: primary.id };
  if (displayName) change.displayName = displayName;
  if (timeZone) change.timeZone = timeZone;
  if (primaryGroup) change.primaryGroup = primaryGroup;
  return change;
}

interface MovedHoldings {
  changes: Change[];
  identifiers: IdentifierView[];
  groups: GroupMembership[];
}

/** Moves what the secondaries hold; a value the primary already holds is dropped, not doubled. */
function movedHoldings(primary: UserRecord, secondaries: readonly UserRecord[]): MovedHoldings {
  const moved: MovedHoldings = { changes: [], identifiers: [], groups: [] };
  const { changes } = moved;
  const heldKeys = new Set(primary.identifiers.map((i) => `${i.type}|${i.key}`));
  const heldMemberships = new Set(primary.groups.map((m) => `${m.source}|${m.group}`));
  for (const secondary of secondaries) {
    for (const identifier of secondary.identifiers) {
      const key = `${identifier.type}|${identifier.key}`;
      if (heldKeys.has(key)) {
        changes.push({ op: 'removeIdentifier', identifierId: identifier.id, userId: secondary.id });
        continue;
      }
      heldKeys.add(key);
      moved.identifiers.push(identifierView(identifier));
      changes.push({
        op: 'moveIdentifier',
        identifierId: identifier.id,
        fromUserId: secondary.id,
        toUser: primary.id,
      });
    }
    for (const membership of secondary.groups) {
      const key = `${membership.source}|${membership.group}`;
      if (heldMemberships.has(key)) continue;
      heldMemberships.add(key);
      moved.groups.push(membership);
      changes.push({
        op: 'addMembership',
        user: primary.id,
        group: membership.group,
        source: membership.source,
      });
    }
    for (const agent of secondary.agents) {
      changes.push({ op: 'assignAgent', agentId: agent.id, fromUserId: secondary.id, toUser: primary.id });
    }
    changes.push({ op: 'moveLinks', fromUserId: secondary.id, toUser: primary.id });
  }
  return moved;
}

/**
 * The primary's tracking state wins. The secondaries are deleted WITHOUT going onto the DNT list:
 * a merged-away record is not a deleted person, and its identifiers now belong to the primary.
 * Inherited attributes are set after the deletions so a display name is never held twice.
 */
export function mergeUsers(ctx: ActionContext, input: MergeUsersInput): Result<Change[]> {
  const found = findUser(ctx, input.primaryUserId);
  if (!found.ok) return found;
  const primary = found.value;
  const selected = selectSecondaries(ctx, input);
  if (!selected.ok) return selected;
  const secondaries = selected.value;
  const confirmed = requireConfirmation(input.confirm, 'Merging users');
  if (!confirmed.ok) return confirmed;

  const moved = movedHoldings(primary, secondaries);
  const changes = [...moved.changes];
  for (const secondary of secondaries) changes.push({ op: 'deleteUser', userId: secondary.id });
  const attributes = inheritedAttributes(primary, secondaries);
  if (attributes) changes.push(attributes);
  const allAgents = [primary, ...secondaries].flatMap((user) => user.agents);
  // Merging agents is optional here; with fewer than two agents there is simply nothing to merge.
  const agentMerge =
    input.mergeAgents && allAgents.length >= 2 ? mergeAgentsChange(primary.id, allAgents) : null;
  if (agentMerge) changes.push(agentMerge);

  changes.push(
    audit(primary.id, 'merge_users', userSummary(ctx, primary), {
      mergedUserIds: secondaries.map((s) => s.id),
      inherited: attributes
        ? {
            displayName: attributes.displayName,
            timeZone: attributes.timeZone,
            primaryGroup: attributes.primaryGroup,
          }
        : null,
      identifiersAdded: moved.identifiers,
      groupsAdded: moved.groups,
      agentsAdded: secondaries.flatMap((s) => s.agents.map(agentView)),
      agentsMerged: agentMerge
        ? { intoAgentId: agentMerge.intoAgentId, mergedAgentIds: agentMerge.mergedAgentIds }
        : null,
    }),
  );
  for (const secondary of secondaries) {
    changes.push(audit(secondary.id, 'merge_users', userSummary(ctx, secondary), { mergedInto: primary.id }));
  }
  return ok(changes);
}
