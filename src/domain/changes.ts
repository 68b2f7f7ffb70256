// The one language in which every domain rule says what should happen to the store.
// Admin actions, agent activity and sync plans all return `Change[]`; src/store/apply.ts is the
// only code that turns them into SQL, in one transaction, set-based.
import type {
  AttributeSource,
  ConflictKind,
  IdentifierSource,
  IdentifierType,
  NormalizedIdentifier,
  Tracking,
} from './types.ts';

/** A user created earlier in the same change list, named by the rule that created it. */
export type NewUserRef = `new:${string}`;
/** An existing user's id, or a user created in the same change list. */
export type UserRef = number | NewUserRef;

export function isNewUserRef(ref: UserRef): ref is NewUserRef {
  return typeof ref === 'string';
}

/** Who made a change; written to the audit log. */
export type Actor =
  { kind: 'admin' } | { kind: 'run'; runId: number } | { kind: 'agent' } | { kind: 'system' };

export interface AttributeChange<T> {
  value: T | null;
  source: AttributeSource | null;
}

export type Change =
  | {
      op: 'createUser';
      ref: NewUserRef;
      tracking: Tracking;
      displayName?: AttributeChange<string>;
      timeZone?: AttributeChange<string>;
    }
  | {
      op: 'setAttributes';
      user: UserRef;
      displayName?: AttributeChange<string>;
      timeZone?: AttributeChange<string>;
      primaryGroup?: AttributeChange<string>;
    }
  | { op: 'setTracking'; user: UserRef; tracking: Tracking }
  | { op: 'addIdentifier'; user: UserRef; identifier: NormalizedIdentifier; source: IdentifierSource }
  | { op: 'removeIdentifier'; identifierId: number; userId: number }
  /** Moves an identifier to another user (merges); keeps its source and updatedAt. */
  | { op: 'moveIdentifier'; identifierId: number; fromUserId: number; toUser: UserRef }
  | { op: 'addMembership'; user: UserRef; group: string; source: AttributeSource }
  | { op: 'removeMembership'; user: UserRef; group: string; source: AttributeSource }
  /** Moves an agent with its activity history to another user. */
  | { op: 'assignAgent'; agentId: number; fromUserId: number; toUser: UserRef }
  /** Creates an agent seen for the first time. */
  | {
      op: 'createAgent';
      ref: `agent:${string}`;
      user: UserRef;
      username: string;
      logonDomain: string;
    }
  /** Records activity reported by an agent (existing or created above). */
  | {
      op: 'recordActivity';
      agent: number | `agent:${string}`;
      firstLog: Date;
      lastLog: Date;
    }
  /** Folds `mergedAgentIds` into `intoAgentId`: activity unified, the others deleted. */
  | { op: 'mergeAgents'; userId: number; intoAgentId: number; mergedAgentIds: number[] }
  /** Deletes the user's activity; agents stay, without data, until they report again. */
  | { op: 'resetUserData'; userId: number }
  /** Deletes the user, its agents and activity; its identifiers stay on the DNT list. */
  | { op: 'deleteUser'; userId: number }
  | { op: 'addDoNotTrack'; identifiers: NormalizedIdentifier[]; reason: 'deleted'; formerUserId: number }
  | { op: 'linkSource'; connectorId: string; externalId: string; user: UserRef }
  | { op: 'unlinkSource'; connectorId: string; externalId: string }
  /** Re-points every link of the merged users to the primary. */
  | { op: 'moveLinks'; fromUserId: number; toUser: UserRef }
  | { op: 'audit'; user: UserRef | null; action: string; before?: unknown; after?: unknown };

export type ChangeOp = Change['op'];

/** Details a conflict carries so an admin can act on it. */
export interface ConflictReport {
  kind: ConflictKind;
  identifier?: { type: IdentifierType; value: string; domain?: string | null };
  userIds: UserRef[];
  connectors: string[];
  externalIds: string[];
  message: string;
  details?: Record<string, unknown>;
}
