// "Who owns this key?" answered from memory. Admin rules, agent association and the sync planner
// load every identifier of the account (100k+) once and ask per record, so every look-up is a Map
// hit. Device logins are indexed by username, then domain, so a `*` login's overlap with every
// domain costs one look-up too.
import {
  ANY_DOMAIN,
  type Identifier,
  type IdentifierNamespace,
  type IdentifierSource,
  type IdentifierType,
  type NormalizedIdentifier,
} from './types.ts';

export interface OwnedKey {
  namespace: IdentifierNamespace;
  key: string;
  userId: number;
  identifierId?: number;
  type?: IdentifierType;
  source?: IdentifierSource;
}

/** What `remove` matches on: namespace, key and user; identifierId and type narrow it when given. */
export type OwnedKeyRef = Pick<OwnedKey, 'namespace' | 'key' | 'userId'> &
  Partial<Pick<OwnedKey, 'identifierId' | 'type'>>;

export function ownedKeyOf(
  identifier: Pick<Identifier, 'id' | 'userId' | 'namespace' | 'key' | 'type' | 'source'>,
): OwnedKey {
  return {
    namespace: identifier.namespace,
    key: identifier.key,
    userId: identifier.userId,
    identifierId: identifier.id,
    type: identifier.type,
    source: identifier.source,
  };
}

/** A device login key `username\domain` split at its first backslash (usernames hold none). */
function splitDeviceLoginKey(key: string): { username: string; domain: string } {
  const separator = key.indexOf('\\');
  if (separator < 0) return { username: key, domain: '' };
  return { username: key.slice(0, separator), domain: key.slice(separator + 1) };
}

export class IdentifierOwnership {
  /** address and employee_id keys: namespace -> key -> entries. */
  readonly #exact = new Map<IdentifierNamespace, Map<string, OwnedKey[]>>();
  /** device logins: lower-cased username -> lower-cased domain (or `*`) -> entries. */
  readonly #deviceLogins = new Map<string, Map<string, OwnedKey[]>>();
  #size = 0;

  constructor(entries: Iterable<OwnedKey> = []) {
    for (const entry of entries) this.add(entry);
  }

  get size(): number {
    return this.#size;
  }

  // A key may be held several times, even by one user (one address as UPN and as email): each
  // holding is its own entry, so removing one leaves the others owning the key.
  add(entry: OwnedKey): void {
    this.#bucketFor(entry.namespace, entry.key, true)?.push(entry);
    this.#size++;
  }

  /** Removes one matching entry; returns whether there was one. */
  remove(entry: OwnedKeyRef): boolean {
    const bucket = this.#bucketFor(entry.namespace, entry.key, false);
    if (!bucket) return false;
    const index = bucket.findIndex(
      (held) =>
        held.userId === entry.userId &&
        (entry.identifierId === undefined || held.identifierId === entry.identifierId) &&
        (entry.type === undefined || held.type === entry.type),
    );
    if (index < 0) return false;
    bucket.splice(index, 1);
    this.#size--;
    if (bucket.length === 0) this.#dropEmptyBucket(entry.namespace, entry.key);
    return true;
  }

  /** Every user whose keys collide with `id` (device logins: same username, overlapping domain). */
  ownersOf(id: NormalizedIdentifier): Set<number> {
    const owners = new Set<number>();
    for (const entry of this.entriesFor(id)) owners.add(entry.userId);
    return owners;
  }

  entriesFor(id: NormalizedIdentifier): OwnedKey[] {
    if (id.namespace !== 'device_login') return [...(this.#exact.get(id.namespace)?.get(id.key) ?? [])];
    const { username, domain } = splitDeviceLoginKey(id.key);
    const byDomain = this.#deviceLogins.get(username);
    if (!byDomain) return [];
    if (domain === ANY_DOMAIN) return [...byDomain.values()].flat();
    return [...(byDomain.get(domain) ?? []), ...(byDomain.get(ANY_DOMAIN) ?? [])];
  }

  #bucketFor(namespace: IdentifierNamespace, key: string, create: boolean): OwnedKey[] | undefined {
    const { index, innerKey } = this.#indexFor(namespace, key, create);
    if (!index) return undefined;
    const bucket = index.get(innerKey);
    if (bucket || !create) return bucket;
    const created: OwnedKey[] = [];
    index.set(innerKey, created);
    return created;
  }

  /** The map holding `key`'s bucket, and the bucket's key in that map. */
  #indexFor(
    namespace: IdentifierNamespace,
    key: string,
    create: boolean,
  ): { index: Map<string, OwnedKey[]> | undefined; innerKey: string } {
    if (namespace === 'device_login') {
      const { username, domain } = splitDeviceLoginKey(key);
      return { index: innerMap(this.#deviceLogins, username, create), innerKey: domain };
    }
    return { index: innerMap(this.#exact, namespace, create), innerKey: key };
  }

  // Empty buckets are dropped so a long-lived index (a daemon) does not grow with removed keys.
  #dropEmptyBucket(namespace: IdentifierNamespace, key: string): void {
    if (namespace !== 'device_login') {
      this.#exact.get(namespace)?.delete(key);
      return;
    }
    const { username, domain } = splitDeviceLoginKey(key);
    const byDomain = this.#deviceLogins.get(username);
    byDomain?.delete(domain);
    if (byDomain?.size === 0) this.#deviceLogins.delete(username);
  }
}

function innerMap<K>(
  outer: Map<K, Map<string, OwnedKey[]>>,
  key: K,
  create: boolean,
): Map<string, OwnedKey[]> | undefined {
  const existing = outer.get(key);
  if (existing || !create) return existing;
  const created = new Map<string, OwnedKey[]>();
  outer.set(key, created);
  return created;
}
