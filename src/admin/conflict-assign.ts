// "Give the value to one user" (DOMAIN.md), per kind of conflict. Each step goes through the
// AdminService, so the admin rules and their refusals apply; the caller runs all of it in one
// transaction and rolls everything back on the first refusal.
import { sql } from 'drizzle-orm';
import { agentLoginKey } from '../domain/activity/index.ts';
import type { AgentLogin } from '../domain/agent-matching.ts';
import type { Change } from '../domain/changes.ts';
import { fail, ok, type Result } from '../domain/errors.ts';
import { identifiersCollide, normalizeIdentifier } from '../domain/identifiers.ts';
import type { NormalizedIdentifier } from '../domain/types.ts';
import { applyChanges } from '../store/apply.ts';
import { query } from '../store/bulk.ts';
import type { ConflictView } from '../store/conflicts.ts';
import type { Tx } from '../store/database.ts';
import { identifierFromRow, loadUser } from '../store/users.ts';
import type { AdminService } from './service.ts';

export interface AssignStep {
  tx: Tx;
  admin: AdminService;
  conflict: ConflictView;
  /** The users the conflict names (its own list and the users its records are linked to). */
  namedUserIds: readonly number[];
  userId: number;
  now: Date;
}

/** What the resolution did, recorded on the conflict. */
export type AssignOutcome = Record<string, unknown>;

type Assigner = (step: AssignStep) => Promise<Result<AssignOutcome>>;

const ASSIGNERS: Partial<Record<ConflictView['kind'], Assigner>> = {
  identifier_in_use: assignIdentifier,
  duplicate_in_source: assignIdentifier,
  display_name_in_use: assignDisplayName,
  ambiguous_match: (step) =>
    step.conflict.externalIds.length > 0 ? linkRecords(step) : assignAgentLogin(step),
};

/**
 * Gives the conflict's value (or record, or agent) to one of the users it names, never to anyone
 * else: a user the conflict does not name has no claim the admin reviewed (DOMAIN.md: "resolve by
 * giving the value to a user is limited to the users it names").
 */
export function assignConflict(step: AssignStep): Promise<Result<AssignOutcome>> {
  const { conflict, userId, namedUserIds } = step;
  const assign = ASSIGNERS[conflict.kind];
  if (!assign) {
    return Promise.resolve(
      fail('invalid_selection', `A ${conflict.kind} conflict has no value to assign; dismiss it instead.`, {
        conflictId: conflict.id,
        kind: conflict.kind,
      }),
    );
  }
  if (!namedUserIds.includes(userId)) {
    const named = namedUserIds.length > 0 ? `users ${namedUserIds.join(', ')}` : 'no user';
    return Promise.resolve(
      fail(
        'invalid_selection',
        `User ${userId} is not one of the users conflict ${conflict.id} names (${named}); ` +
          'give the value to one of them, merge them, or dismiss the conflict.',
        { conflictId: conflict.id, userId, userIds: [...namedUserIds] },
      ),
    );
  }
  return assign(step);
}

function conflictIdentifier(conflict: ConflictView): Result<NormalizedIdentifier> {
  if (!conflict.identifier) {
    return fail('invalid_selection', `Conflict ${conflict.id} names no identifier to assign.`, {
      conflictId: conflict.id,
    });
  }
  return normalizeIdentifier({ ...conflict.identifier, domain: conflict.identifier.domain ?? null });
}

/** The value leaves every other holder, then goes to the chosen user with source manual. */
async function assignIdentifier(step: AssignStep): Promise<Result<AssignOutcome>> {
  const wanted = conflictIdentifier(step.conflict);
  if (!wanted.ok) return wanted;
  const identifier = wanted.value;
  const rows = await query<Parameters<typeof identifierFromRow>[0]>(
    step.tx,
    sql`select * from identifiers where namespace = ${identifier.namespace}
        and (key = ${identifier.key} or (namespace = 'device_login'
             and split_part(key, E'\\\\', 1) = split_part(${identifier.key}::text, E'\\\\', 1)))
        order by id`,
  );
  const held = rows.map(identifierFromRow).filter((stored) => identifiersCollide(stored, identifier));
  const removedFrom: number[] = [];
  for (const stored of held) {
    if (stored.userId === step.userId) continue;
    const removed = await step.admin.removeIdentifier(stored.userId, stored.id);
    if (!removed.ok) return removed;
    removedFrom.push(stored.userId);
  }
  const alreadyHeld = held.some(
    (stored) =>
      stored.userId === step.userId && stored.type === identifier.type && stored.key === identifier.key,
  );
  if (!alreadyHeld) {
    const added = await step.admin.addIdentifier(step.userId, identifier);
    if (!added.ok) return added;
  }
  return ok({ identifier: step.conflict.identifier, removedFrom: [...new Set(removedFrom)] });
}

async function assignDisplayName(step: AssignStep): Promise<Result<AssignOutcome>> {
  const name = step.conflict.details?.displayName;
  if (typeof name !== 'string') {
    return fail('invalid_selection', `Conflict ${step.conflict.id} names no display name to assign.`, {
      conflictId: step.conflict.id,
    });
  }
  const [holder] = await query<{ id: number }>(
    step.tx,
    sql`select id from users where lower(display_name) = ${name.trim().toLowerCase()}`,
  );
  if (holder && holder.id !== step.userId) {
    const cleared = await step.admin.editDisplayName(holder.id, null);
    if (!cleared.ok) return cleared;
  }
  const set = await step.admin.editDisplayName(step.userId, name);
  if (!set.ok) return set;
  return ok({ displayName: name, removedFrom: holder && holder.id !== step.userId ? [holder.id] : [] });
}

/**
 * A source record that matched several users is linked to the chosen one. Its content hash is
 * cleared so the connector's next run applies the whole record to that user.
 */
async function linkRecords(step: AssignStep): Promise<Result<AssignOutcome>> {
  const { conflict, userId } = step;
  const connectorId = conflict.connectorId ?? conflict.connectors[0];
  if (connectorId === undefined) {
    return fail('invalid_selection', `Conflict ${conflict.id} names no connector to link.`, {
      conflictId: conflict.id,
    });
  }
  if (!(await loadUser(step.tx, userId)))
    return fail('not_found', `User ${userId} does not exist.`, { userId });
  const changes: Change[] = conflict.externalIds.flatMap((externalId): Change[] => [
    { op: 'linkSource', connectorId, externalId, user: userId },
    { op: 'audit', user: userId, action: 'link_source', before: null, after: { connectorId, externalId } },
  ]);
  await applyChanges(step.tx, changes, { actor: { kind: 'admin' }, now: step.now });
  await clearContentHashes(step.tx, connectorId, conflict.externalIds);
  return ok({ linked: conflict.externalIds.map((externalId) => ({ connectorId, externalId })) });
}

export async function clearContentHashes(tx: Tx, connectorId: string, externalIds: readonly string[]) {
  if (externalIds.length === 0) return;
  await tx.execute(
    sql`update source_links set content_hash = null
        where connector_id = ${connectorId} and external_id = any(${sql.param([...externalIds])}::text[])`,
  );
}

function agentLoginOf(conflict: ConflictView): AgentLogin | null {
  const agent = conflict.details?.agent as Partial<AgentLogin> | undefined;
  if (typeof agent?.username !== 'string' || typeof agent.logonDomain !== 'string') return null;
  return { username: agent.username, logonDomain: agent.logonDomain };
}

function detailDate(conflict: ConflictView, key: string): Date | null {
  const value = conflict.details?.[key];
  const date = typeof value === 'string' ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

/**
 * An agent held back because its login matched several users. It was never created, so it is
 * created on the chosen user now, with the activity window the conflict kept (unless the user is
 * untracked). Had it been created since (another resolution), it is moved like any agent.
 */
async function assignAgentLogin(step: AssignStep): Promise<Result<AssignOutcome>> {
  const { conflict, userId } = step;
  const login = agentLoginOf(conflict);
  if (!login) {
    return fail('invalid_selection', `Conflict ${conflict.id} names no agent to assign.`, {
      conflictId: conflict.id,
    });
  }
  const [existing] = await query<{ id: number; user_id: number }>(
    step.tx,
    sql`select id, user_id from agents where login_key = ${agentLoginKey(login)}`,
  );
  if (existing) {
    if (existing.user_id === userId) return ok({ agentId: existing.id });
    const moved = await step.admin.assignAgent(existing.id, { userId });
    return moved.ok ? ok({ agentId: existing.id }) : moved;
  }
  const user = await loadUser(step.tx, userId);
  if (!user) return fail('not_found', `User ${userId} does not exist.`, { userId });
  const changes: Change[] = [
    { op: 'createAgent', ref: 'agent:assigned', user: userId, ...login },
    {
      op: 'audit',
      user: userId,
      action: 'create_agent',
      before: null,
      after: { ...login, conflictId: conflict.id },
    },
  ];
  const firstLog = detailDate(conflict, 'firstLog');
  const lastLog = detailDate(conflict, 'lastLog');
  if (user.tracking === 'tracked' && firstLog && lastLog) {
    changes.push({ op: 'recordActivity', agent: 'agent:assigned', firstLog, lastLog });
  }
  const applied = await applyChanges(step.tx, changes, { actor: { kind: 'admin' }, now: step.now });
  return ok({ agentId: applied.agents.get('agent:assigned') ?? null });
}
