// What the planner reads: one in-memory picture of the account, loaded in bulk by the store
// before a run (a handful of set-based queries, no query per record). The planner never mutates
// it; whatever it decides is layered on top (see state.ts).
import type { IdentifierOwnership } from '../ownership.ts';
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

export interface SnapshotIdentifier {
  id: number;
  userId: number;
  type: IdentifierType;
  /** Trimmed, case preserved (device logins: the username). */
  value: string;
  /** Device logins only; null otherwise. */
  domain: string | null;
  namespace: IdentifierNamespace;
  key: string;
  source: IdentifierSource;
}

export interface SnapshotUser {
  id: number;
  tracking: Tracking;
  displayName: SourcedValue<string>;
  timeZone: SourcedValue<string>;
  primaryGroup: SourcedValue<string>;
  groups: GroupMembership[];
  identifiers: SnapshotIdentifier[];
}

export type LinkState = 'active' | 'disabled' | 'terminated';

export interface SnapshotLink {
  externalId: string;
  userId: number;
  /** `hashSourceRecord` of the record last applied, or null when it must be planned again. */
  contentHash: string | null;
  state: LinkState;
}

export interface SyncSnapshot {
  connectorId: string;
  /** Lower wins; precedence of every configured connector by id (manual always wins). */
  precedence: ReadonlyMap<string, number>;
  /** ALL users: the planner needs every owner and every display name. */
  users: ReadonlyMap<number, SnapshotUser>;
  /** This connector's links by externalId. */
  links: ReadonlyMap<string, SnapshotLink>;
  /**
   * Every stored identifier. Each entry must carry its `identifierId` (the planner hides the
   * entries of identifiers it removes by id without copying the index).
   */
  ownership: IdentifierOwnership;
  /** Lower-cased display name -> user id. */
  displayNames: ReadonlyMap<string, number>;
  /** Deleted users' DNT entries (untracked users' identifiers count as DNT via their tracking). */
  doNotTrack: IdentifierOwnership;
  /** Fingerprints of this connector's open conflicts (to report which close). */
  openConflicts: ReadonlyMap<string, { id: number; externalIds: string[] }>;
  /**
   * How many identifiers this connector holds, for the safeguard's percentage. Given by a scoped
   * snapshot (whose `users` are only those the run touches); otherwise counted over `users`.
   */
  connectorIdentifierTotal?: number;
}

/**
 * What a run can touch, so the store may load a scoped snapshot: every user linked to a changed
 * or removed record, every user holding one of the changed records' identifier keys or display
 * names, and the DNT entries of those keys. Unchanged records (same content hash and state as
 * their link) touch nothing.
 */
export interface SnapshotScope {
  /** Changed or new records' identifiers, normalized. */
  identifiers: NormalizedIdentifier[];
  /** Changed or new records' display names, lower-cased. */
  displayNames: string[];
  /** External ids whose links' users must be loaded (changed, removed or absent records). */
  externalIds: string[];
  /** Records that changed or are new. */
  changed: number;
}

export function connectorSourceOf(connectorId: string): ConnectorSource {
  return `connector:${connectorId}`;
}

/** A connector missing from the precedence map ranks below every configured one. */
export function precedenceOf(snapshot: Pick<SyncSnapshot, 'precedence'>, connectorId: string): number {
  return snapshot.precedence.get(connectorId) ?? Number.POSITIVE_INFINITY;
}
