// Test helper: applies a plan to a snapshot in memory, the way src/store/apply.ts does to the
// database, so specs can plan again on the result (idempotence) without a database.
import type { Change, UserRef } from '../changes.ts';
import { IdentifierOwnership } from '../ownership.ts';
import type { ReconciliationPlan } from './plan.ts';
import type { SnapshotLink, SnapshotUser, SyncSnapshot } from './snapshot.ts';
import { displayNamesOf, ownedKeysOf } from './test-fixtures.ts';

export interface AppliedSnapshot {
  snapshot: SyncSnapshot;
  /** Ids given to the plan's `new:<n>` users. */
  created: Map<string, number>;
}

function maxOf(values: Iterable<number>, floor: number): number {
  let max = floor;
  for (const value of values) if (value > max) max = value;
  return max;
}

export function applyPlanToSnapshot(snapshot: SyncSnapshot, plan: ReconciliationPlan): AppliedSnapshot {
  const users = new Map<number, SnapshotUser>();
  for (const [id, user] of snapshot.users) users.set(id, structuredClone(user));
  const links = new Map<string, SnapshotLink>();
  for (const [id, link] of snapshot.links) links.set(id, { ...link });
  const created = new Map<string, number>();
  let nextUserId = maxOf(users.keys(), 0) + 1;
  let nextIdentifierId =
    maxOf(
      [...users.values()].flatMap((user) => user.identifiers.map((identifier) => identifier.id)),
      0,
    ) + 1;

  function idOf(ref: UserRef): number {
    const id = typeof ref === 'number' ? ref : created.get(ref);
    if (id === undefined) throw new Error(`unknown user ref ${ref}`);
    return id;
  }
  function userOf(ref: UserRef): SnapshotUser {
    const user = users.get(idOf(ref));
    if (!user) throw new Error(`no user ${ref}`);
    return user;
  }

  function apply(change: Change): void {
    switch (change.op) {
      case 'createUser': {
        const id = nextUserId++;
        created.set(change.ref, id);
        users.set(id, {
          id,
          tracking: change.tracking,
          displayName: change.displayName ?? { value: null, source: null },
          timeZone: change.timeZone ?? { value: null, source: null },
          primaryGroup: { value: null, source: null },
          groups: [],
          identifiers: [],
        });
        return;
      }
      case 'setAttributes': {
        const user = userOf(change.user);
        if (change.displayName) user.displayName = change.displayName;
        if (change.timeZone) user.timeZone = change.timeZone;
        if (change.primaryGroup) user.primaryGroup = change.primaryGroup;
        return;
      }
      case 'setTracking':
        userOf(change.user).tracking = change.tracking;
        return;
      case 'addIdentifier': {
        const user = userOf(change.user);
        user.identifiers.push({
          ...change.identifier,
          id: nextIdentifierId++,
          userId: user.id,
          source: change.source,
        });
        return;
      }
      case 'removeIdentifier': {
        const user = userOf(change.userId);
        const before = user.identifiers.length;
        user.identifiers = user.identifiers.filter((identifier) => identifier.id !== change.identifierId);
        if (user.identifiers.length === before) throw new Error(`no identifier ${change.identifierId}`);
        return;
      }
      case 'addMembership':
        userOf(change.user).groups.push({ group: change.group, source: change.source });
        return;
      case 'removeMembership': {
        const user = userOf(change.user);
        user.groups = user.groups.filter((m) => !(m.group === change.group && m.source === change.source));
        return;
      }
      case 'linkSource':
        links.set(change.externalId, {
          externalId: change.externalId,
          userId: idOf(change.user),
          contentHash: null,
          state: 'active',
        });
        return;
      case 'unlinkSource':
        links.delete(change.externalId);
        return;
      case 'audit':
        return;
      default:
        throw new Error(`the reconcile planner does not emit ${change.op}`);
    }
  }

  for (const change of plan.changes) apply(change);
  for (const update of plan.linkStates) {
    const link = links.get(update.externalId);
    if (!link) throw new Error(`link state for unlinked ${update.externalId}`);
    link.contentHash = update.contentHash;
    link.state = update.state;
  }

  const openConflicts = new Map(snapshot.openConflicts);
  const closed = new Set(plan.closeConflictIds);
  for (const [fingerprint, open] of openConflicts) if (closed.has(open.id)) openConflicts.delete(fingerprint);
  let nextConflictId =
    maxOf(
      [...openConflicts.values()].map((open) => open.id),
      0,
    ) + 1;
  for (const conflict of plan.conflicts) {
    if (!openConflicts.has(conflict.fingerprint)) {
      openConflicts.set(conflict.fingerprint, { id: nextConflictId++, externalIds: conflict.externalIds });
    }
  }

  return {
    created,
    snapshot: {
      ...snapshot,
      users,
      links,
      ownership: new IdentifierOwnership(ownedKeysOf(users.values())),
      displayNames: displayNamesOf(users.values()),
      openConflicts,
    },
  };
}
