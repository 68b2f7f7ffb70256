// The simulated tenant's directory: users, and the change log the delta endpoint reads. Every
// mutation bumps one version counter; a delta token is a version, so "what changed since the
// token" is the users and properties whose version is newer. Soft-deleted users stay (Graph keeps
// them 30 days in deleted items) and can be restored; hard-deleted ones leave a tombstone.

/** A Graph user object as the simulator stores it. Extra or wrongly typed properties are kept
 * as given, so tests can serve malformed objects. */
export type GraphUserObject = { id: string } & Record<string, unknown>;

interface StoredUser {
  data: GraphUserObject;
  /** property -> version of its last change. */
  propertyVersions: Map<string, number>;
  createdVersion: number;
  /** Version of the last change of any kind (create, update, delete, restore). */
  changedVersion: number;
  /** Version of the last restore (a restored user comes back whole in delta). */
  restoredVersion: number;
  softDeleted: boolean;
}

export interface DeltaEntry {
  kind: 'whole' | 'partial' | 'removed';
  id: string;
  /** For `partial`: the properties changed since the token. */
  changed?: ReadonlySet<string>;
  /** For `removed`: `changed` (soft-deleted, restorable) or `deleted` (gone for good). */
  reason?: 'changed' | 'deleted';
}

export interface GraphTenant {
  /** Version of the latest change. */
  readonly version: number;
  /** Delta tokens older than this version are refused (expired). */
  readonly oldestValidVersion: number;
  get(id: string): GraphUserObject | undefined;
  /** Live (not deleted) users in creation order. */
  liveIds(): string[];
  /** Changes after `version`; `null` version = the initial round (every live user, whole). */
  changesSince(version: number | null): DeltaEntry[];
  addUser(user: GraphUserObject): void;
  updateUser(id: string, patch: Record<string, unknown>): void;
  softDelete(id: string): void;
  hardDelete(id: string): void;
  restore(id: string): void;
  expireDeltaTokens(): void;
}

export function createGraphTenant(initialUsers: readonly GraphUserObject[]): GraphTenant {
  const users = new Map<string, StoredUser>();
  const tombstones = new Map<string, number>();
  let version = 0;
  let oldestValidVersion = 0;

  function stored(id: string): StoredUser {
    const user = users.get(id);
    if (user === undefined) throw new Error(`simulated tenant: no user ${id}`);
    return user;
  }

  function insert(user: GraphUserObject, at: number): void {
    if (users.has(user.id)) throw new Error(`simulated tenant: user ${user.id} already exists`);
    const propertyVersions = new Map(Object.keys(user).map((key) => [key, at]));
    users.set(user.id, {
      data: { ...user },
      propertyVersions,
      createdVersion: at,
      changedVersion: at,
      restoredVersion: 0,
      softDeleted: false,
    });
    tombstones.delete(user.id);
  }

  for (const user of initialUsers) insert(user, 0);

  return {
    get version() {
      return version;
    },
    get oldestValidVersion() {
      return oldestValidVersion;
    },
    get(id) {
      const user = users.get(id);
      return user === undefined || user.softDeleted ? undefined : user.data;
    },
    liveIds() {
      const ids: string[] = [];
      for (const [id, user] of users) if (!user.softDeleted) ids.push(id);
      return ids;
    },
    changesSince(since) {
      const entries: DeltaEntry[] = [];
      for (const [id, user] of users) {
        if (since === null) {
          if (!user.softDeleted) entries.push({ kind: 'whole', id });
          continue;
        }
        if (user.changedVersion <= since) continue;
        if (user.softDeleted) entries.push({ kind: 'removed', id, reason: 'changed' });
        else if (user.createdVersion > since || user.restoredVersion > since)
          entries.push({ kind: 'whole', id });
        else entries.push({ kind: 'partial', id, changed: changedProperties(user, since) });
      }
      if (since !== null) {
        for (const [id, at] of tombstones)
          if (at > since) entries.push({ kind: 'removed', id, reason: 'deleted' });
      }
      return entries;
    },
    addUser(user) {
      version += 1;
      insert(user, version);
    },
    updateUser(id, patch) {
      const user = stored(id);
      version += 1;
      for (const [key, value] of Object.entries(patch)) {
        if (key === 'id') continue;
        if (value === undefined) delete user.data[key];
        else user.data[key] = value;
        user.propertyVersions.set(key, version);
      }
      user.changedVersion = version;
    },
    softDelete(id) {
      const user = stored(id);
      version += 1;
      user.softDeleted = true;
      user.changedVersion = version;
    },
    hardDelete(id) {
      stored(id);
      version += 1;
      users.delete(id);
      tombstones.set(id, version);
    },
    restore(id) {
      const user = stored(id);
      if (!user.softDeleted) throw new Error(`simulated tenant: user ${id} is not deleted`);
      version += 1;
      user.softDeleted = false;
      user.changedVersion = version;
      user.restoredVersion = version;
    },
    expireDeltaTokens() {
      // A change, so the tokens issued from now on are newer than every expired one.
      version += 1;
      oldestValidVersion = version;
    },
  };
}

function changedProperties(user: StoredUser, since: number): Set<string> {
  const changed = new Set<string>();
  for (const [key, at] of user.propertyVersions) if (at > since) changed.add(key);
  return changed;
}
