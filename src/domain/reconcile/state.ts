// The planner's working memory: what this plan has decided so far, layered over the snapshot
// without copying it. Only users the plan touches get a working copy; ownership and display names
// are overlays (local additions + hidden stored entries), so a 100k-user account costs nothing
// until a record touches a user.
import type { Change, NewUserRef, UserRef } from '../changes.ts';
import type { IdentifierOwnership, OwnedKey } from '../ownership.ts';
import type {
  ConnectorSource,
  GroupMembership,
  IdentifierNamespace,
  IdentifierSource,
  IdentifierType,
  NormalizedIdentifier,
  SourcedValue,
  Tracking,
} from '../types.ts';
import { ConflictCollector } from './conflicts.ts';
import { connectorSourceOf, type SnapshotUser, type SyncSnapshot } from './snapshot.ts';

export interface WorkingIdentifier {
  /** Null for an identifier this plan adds. */
  id: number | null;
  type: IdentifierType;
  value: string;
  domain: string | null;
  namespace: IdentifierNamespace;
  key: string;
  source: IdentifierSource;
}

export interface WorkingUser {
  ref: UserRef;
  /** The number this user has in ownership indexes: its id, or -n for `new:n`. */
  ownerId: number;
  /** The snapshot's record, null for a user created by this plan. */
  stored: SnapshotUser | null;
  tracking: Tracking;
  displayName: SourcedValue<string>;
  timeZone: SourcedValue<string>;
  primaryGroup: SourcedValue<string>;
  groups: GroupMembership[];
  identifiers: WorkingIdentifier[];
  /** This connector's links to the user, as planned. */
  links: Set<string>;
  /** Links before the plan (for the audit). */
  linksBefore: string[];
  /** The audited fields this plan changed (the audit compares only these). */
  dirty: Set<AuditedField>;
}

export type AuditedField =
  'displayName' | 'timeZone' | 'primaryGroup' | 'tracking' | 'groups' | 'identifiers' | 'links';

function fieldsChangedBy(change: Change): AuditedField[] {
  switch (change.op) {
    case 'addIdentifier':
    case 'removeIdentifier':
      return ['identifiers'];
    case 'addMembership':
    case 'removeMembership':
      return ['groups'];
    case 'setTracking':
      return ['tracking'];
    case 'linkSource':
    case 'unlinkSource':
      return ['links'];
    case 'setAttributes': {
      const fields: AuditedField[] = [];
      if (change.displayName) fields.push('displayName');
      if (change.timeZone) fields.push('timeZone');
      if (change.primaryGroup) fields.push('primaryGroup');
      return fields;
    }
    default:
      return [];
  }
}

/** Where a change goes; the buckets are concatenated in this order (see `orderedChanges`). */
export type ChangeStage = 'create' | 'release' | 'body' | 'removal';

/** Ownership as planned: the snapshot's index minus what the plan removed, plus what it added. */
export class PlannedOwnership {
  readonly #stored: IdentifierOwnership;
  readonly #added: IdentifierOwnership;
  readonly #hiddenIds = new Set<number>();

  constructor(stored: IdentifierOwnership, added: IdentifierOwnership) {
    this.#stored = stored;
    this.#added = added;
  }

  entriesFor(id: NormalizedIdentifier): OwnedKey[] {
    // entriesFor returns a fresh array, so it is filtered in place.
    const entries = this.#stored.entriesFor(id);
    if (this.#hiddenIds.size > 0) {
      const hidden = this.#hiddenIds;
      let kept = 0;
      for (const entry of entries) {
        if (entry.identifierId === undefined || !hidden.has(entry.identifierId)) entries[kept++] = entry;
      }
      entries.length = kept;
    }
    if (this.#added.size > 0) for (const entry of this.#added.entriesFor(id)) entries.push(entry);
    return entries;
  }

  ownersOf(id: NormalizedIdentifier): Set<number> {
    const owners = new Set<number>();
    for (const entry of this.entriesFor(id)) owners.add(entry.userId);
    return owners;
  }

  add(entry: OwnedKey): void {
    this.#added.add(entry);
  }

  remove(identifier: WorkingIdentifier, ownerId: number): void {
    if (identifier.id !== null) {
      this.#hiddenIds.add(identifier.id);
      return;
    }
    this.#added.remove({
      namespace: identifier.namespace,
      key: identifier.key,
      userId: ownerId,
      type: identifier.type,
    });
  }
}

/** Display-name uniqueness as planned (keys lower-cased). */
export class PlannedDisplayNames {
  readonly #stored: ReadonlyMap<string, number>;
  readonly #assigned = new Map<string, UserRef>();
  readonly #released = new Set<string>();

  constructor(stored: ReadonlyMap<string, number>) {
    this.#stored = stored;
  }

  ownerOf(name: string): UserRef | undefined {
    const key = name.toLowerCase();
    const assigned = this.#assigned.get(key);
    if (assigned !== undefined) return assigned;
    return this.#released.has(key) ? undefined : this.#stored.get(key);
  }

  release(name: string): void {
    const key = name.toLowerCase();
    this.#assigned.delete(key);
    this.#released.add(key);
  }

  assign(name: string, ref: UserRef): void {
    this.#assigned.set(name.toLowerCase(), ref);
  }
}

export interface PlanState {
  snapshot: SyncSnapshot;
  connectorId: string;
  source: ConnectorSource;
  ownership: PlannedOwnership;
  displayNames: PlannedDisplayNames;
  conflicts: ConflictCollector;
  /** Users this plan touched, by ref. */
  users: Map<UserRef, WorkingUser>;
  /** Ownership number -> ref, for users created by this plan. */
  newRefs: Map<number, NewUserRef>;
  /** This connector's links per user id, from the snapshot (built once). */
  storedLinksByUser: Map<number, string[]>;
  changes: Record<ChangeStage, Change[]>;
  counts: { identifiersAdded: number; identifiersRemoved: number; linksRemoved: number };
  notes: string[];
}

export function createPlanState(snapshot: SyncSnapshot, ownershipForAdds: IdentifierOwnership): PlanState {
  const storedLinksByUser = new Map<number, string[]>();
  for (const link of snapshot.links.values()) {
    const list = storedLinksByUser.get(link.userId);
    if (list) list.push(link.externalId);
    else storedLinksByUser.set(link.userId, [link.externalId]);
  }
  return {
    snapshot,
    connectorId: snapshot.connectorId,
    source: connectorSourceOf(snapshot.connectorId),
    ownership: new PlannedOwnership(snapshot.ownership, ownershipForAdds),
    displayNames: new PlannedDisplayNames(snapshot.displayNames),
    conflicts: new ConflictCollector(),
    users: new Map(),
    newRefs: new Map(),
    storedLinksByUser,
    changes: { create: [], release: [], body: [], removal: [] },
    counts: { identifiersAdded: 0, identifiersRemoved: 0, linksRemoved: 0 },
    notes: [],
  };
}

export function emit(state: PlanState, stage: ChangeStage, change: Change, user?: WorkingUser): void {
  state.changes[stage].push(change);
  if (user) for (const field of fieldsChangedBy(change)) user.dirty.add(field);
}

export function refOfOwner(state: PlanState, ownerId: number): UserRef {
  return state.newRefs.get(ownerId) ?? ownerId;
}

/** The working copy of a stored user, made on first touch. */
export function touchUser(state: PlanState, userId: number): WorkingUser | undefined {
  const existing = state.users.get(userId);
  if (existing) return existing;
  const stored = state.snapshot.users.get(userId);
  if (!stored) return undefined;
  const links = state.storedLinksByUser.get(userId) ?? [];
  const user: WorkingUser = {
    ref: userId,
    ownerId: userId,
    stored,
    tracking: stored.tracking,
    displayName: { ...stored.displayName },
    timeZone: { ...stored.timeZone },
    primaryGroup: { ...stored.primaryGroup },
    // Elements are never mutated, only the arrays (filtered, pushed): sharing them is safe.
    groups: [...stored.groups],
    identifiers: [...stored.identifiers],
    links: new Set(links),
    linksBefore: [...links],
    dirty: new Set(),
  };
  state.users.set(userId, user);
  return user;
}

export function createWorkingUser(state: PlanState): WorkingUser {
  const n = state.newRefs.size + 1;
  const ref: NewUserRef = `new:${n}`;
  state.newRefs.set(-n, ref);
  const user: WorkingUser = {
    ref,
    ownerId: -n,
    stored: null,
    tracking: 'tracked',
    displayName: { value: null, source: null },
    timeZone: { value: null, source: null },
    primaryGroup: { value: null, source: null },
    groups: [],
    identifiers: [],
    links: new Set(),
    linksBefore: [],
    dirty: new Set(),
  };
  state.users.set(ref, user);
  emit(state, 'create', { op: 'createUser', ref, tracking: 'tracked' });
  return user;
}

/** Other links of this connector the user keeps after this plan (ignoring `except`). */
export function otherLinks(
  state: PlanState,
  ref: UserRef,
  except: string,
  removed: ReadonlySet<string>,
): string[] {
  const user = state.users.get(ref);
  const links = user
    ? [...user.links]
    : typeof ref === 'number'
      ? (state.storedLinksByUser.get(ref) ?? [])
      : [];
  return links.filter((externalId) => externalId !== except && !removed.has(externalId));
}

export function linkUser(state: PlanState, user: WorkingUser, externalId: string): void {
  user.links.add(externalId);
  emit(
    state,
    'create',
    { op: 'linkSource', connectorId: state.connectorId, externalId, user: user.ref },
    user,
  );
}

export function unlinkUser(state: PlanState, externalId: string, user: WorkingUser | undefined): void {
  user?.links.delete(externalId);
  emit(state, 'removal', { op: 'unlinkSource', connectorId: state.connectorId, externalId }, user);
}
