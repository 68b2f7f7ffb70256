// The vocabulary of ../shared/design/DOMAIN.md as TypeScript types. Pure data, no behaviour.

export type IdentifierType = 'upn' | 'email' | 'employee_id' | 'device_login';

/**
 * Ownership namespaces: one key identifies at most one user within a namespace.
 * UPNs and emails share `address`; a device login's `*` domain overlaps every domain.
 */
export type IdentifierNamespace = 'address' | 'employee_id' | 'device_login';

/** Who asserted an identifier or an attribute value. */
export type ConnectorSource = `connector:${string}`;
export type IdentifierSource = 'manual' | 'auto_detected' | 'agent' | ConnectorSource;
export type AttributeSource = 'manual' | ConnectorSource;

/** The logon domain that matches every domain ("Any"). */
export const ANY_DOMAIN = '*';

/** An identifier as an admin or a source gives it, before normalization. */
export interface IdentifierInput {
  type: IdentifierType;
  value: string;
  /** Device logins only: the logon domain, or `*` for any. */
  domain?: string | null;
}

/** A validated identifier: trimmed value, its namespace and its normalized key. */
export interface NormalizedIdentifier {
  type: IdentifierType;
  /** Trimmed, case preserved. For a device login: the username. */
  value: string;
  /** Device logins only (trimmed, case preserved; `*` for any); null otherwise. */
  domain: string | null;
  namespace: IdentifierNamespace;
  /**
   * The comparison key within the namespace: lower-cased address; trimmed employee ID;
   * `username\domain` lower-cased for a device login (domain `*` kept as `*`).
   */
  key: string;
}

export interface Identifier extends NormalizedIdentifier {
  id: number;
  userId: number;
  source: IdentifierSource;
  updatedAt: Date;
}

export type Tracking = 'tracked' | 'untracked';
export type UserStatus = 'active' | 'inactive' | 'unlicensed';

export interface GroupMembership {
  group: string;
  source: AttributeSource;
}

/** An attribute value with the source that set it (null value: unset). */
export interface SourcedValue<T> {
  value: T | null;
  source: AttributeSource | null;
}

export interface Agent {
  id: number;
  userId: number;
  username: string;
  logonDomain: string;
  firstLog: Date | null;
  lastLog: Date | null;
  /** Reported activity since its user's last reset. */
  hasData: boolean;
}

export interface UserRecord {
  id: number;
  displayName: SourcedValue<string>;
  /** IANA zone name; null means the account default applies. */
  timeZone: SourcedValue<string>;
  /** One of the user's groups, or null. */
  primaryGroup: SourcedValue<string>;
  tracking: Tracking;
  groups: GroupMembership[];
  identifiers: Identifier[];
  agents: Agent[];
  createdAt: Date;
}

export interface AccountSettings {
  emailAutoDetection: boolean;
  activityThresholdDays: number;
  expandedAgentUserAssociation: boolean;
  /** Domains whose addresses email auto-detection ignores (lower case). */
  personalEmailDomains: string[];
}

export type DoNotTrackReason = 'untracked' | 'deleted';

export interface DoNotTrackEntry extends NormalizedIdentifier {
  reason: DoNotTrackReason;
  /** The untracked user, or the deleted user's former id. */
  userId: number | null;
  addedAt: Date;
}

export type ConflictKind =
  | 'identifier_in_use'
  | 'display_name_in_use'
  | 'ambiguous_match'
  | 'duplicate_in_source'
  | 'do_not_track'
  | 'invalid_record';

export type ConflictStatus = 'open' | 'resolved' | 'dismissed';
