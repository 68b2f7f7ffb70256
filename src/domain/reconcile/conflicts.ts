// Conflicts a sync run reports. A conflict is identified by its fingerprint, so the store can keep
// one row per cause (first and last seen) and the planner can tell which open ones are gone.
//
// Fingerprint = kind + connectors + sorted externalIds + subject, where the subject is what the
// conflict is about: the identifier's namespace and normalized key (a UPN and an email of one
// address are one value), the lower-cased display name, or the invalid
// field. User ids are left out on purpose: a user created by this run is only `new:<n>` until the
// plan is applied, and the cause ("this record cannot have that value") is the same whoever holds
// the value now.
import type { ConflictReport, UserRef } from '../changes.ts';
import { formatIdentifier, normalizeIdentifier } from '../identifiers.ts';
import type { IdentifierType, NormalizedIdentifier } from '../types.ts';
import { sha1Hex } from './hash.ts';

export type PlannedConflict = ConflictReport & { fingerprint: string };

interface ConflictIdentifier {
  type: IdentifierType;
  value: string;
  domain?: string | null;
}

function identifierSubject(identifier: ConflictIdentifier): string {
  const normalized = normalizeIdentifier({
    type: identifier.type,
    value: identifier.value,
    domain: identifier.domain ?? null,
  });
  if (normalized.ok) return `${normalized.value.namespace}:${normalized.value.key}`;
  return `${identifier.type}:invalid:${identifier.value.trim()}\\${identifier.domain ?? ''}`;
}

function detailString(report: ConflictReport, key: string): string {
  const value = report.details?.[key];
  return typeof value === 'string' ? value : '';
}

function subjectOf(report: ConflictReport): string {
  if (report.identifier) return identifierSubject(report.identifier);
  if (report.kind === 'display_name_in_use') {
    return `displayName:${detailString(report, 'displayName').toLowerCase()}`;
  }
  if (report.kind === 'invalid_record') {
    // Records without an id cannot be told apart by id: their reason is their identity.
    const field = `field:${detailString(report, 'field')}`;
    return report.externalIds.length === 0 ? `${field}:${report.message}` : field;
  }
  return '';
}

export function conflictFingerprint(report: ConflictReport): string {
  return sha1Hex(
    JSON.stringify([
      report.kind,
      [...report.connectors].sort(),
      [...report.externalIds].sort(),
      subjectOf(report),
    ]),
  );
}

/** Collects a run's conflicts once each, and remembers which records any conflict involves. */
export class ConflictCollector {
  readonly #byFingerprint = new Map<string, PlannedConflict>();
  readonly #involved = new Set<string>();

  add(report: ConflictReport): void {
    const fingerprint = conflictFingerprint(report);
    for (const externalId of report.externalIds) this.#involved.add(externalId);
    if (this.#byFingerprint.has(fingerprint)) return;
    this.#byFingerprint.set(fingerprint, { ...report, fingerprint });
  }

  involves(externalId: string): boolean {
    return this.#involved.has(externalId);
  }

  has(fingerprint: string): boolean {
    return this.#byFingerprint.has(fingerprint);
  }

  list(): PlannedConflict[] {
    return [...this.#byFingerprint.values()];
  }
}

function shown(identifier: NormalizedIdentifier): ConflictIdentifier {
  return identifier.type === 'device_login'
    ? { type: identifier.type, value: identifier.value, domain: identifier.domain }
    : { type: identifier.type, value: identifier.value };
}

function userList(refs: readonly UserRef[]): string {
  return refs.map((ref) => (typeof ref === 'number' ? `#${ref}` : ref)).join(', ');
}

export interface OwnerDetail {
  userId: UserRef;
  source: string | null;
}

export function identifierInUse(args: {
  connectorId: string;
  externalId: string;
  identifier: NormalizedIdentifier;
  owners: OwnerDetail[];
  target: UserRef;
}): ConflictReport {
  const ownerIds = args.owners.map((owner) => owner.userId);
  return {
    kind: 'identifier_in_use',
    identifier: shown(args.identifier),
    userIds: [...ownerIds, args.target],
    connectors: [args.connectorId],
    externalIds: [args.externalId],
    message:
      `${args.identifier.type} ${formatIdentifier(args.identifier)} from ${args.connectorId} record ` +
      `${args.externalId} belongs to user ${userList(ownerIds)}; not given to user ${userList([args.target])}`,
    details: { owners: args.owners, targetUserId: args.target },
  };
}

export function displayNameInUse(args: {
  connectorId: string;
  externalId: string;
  displayName: string;
  owner: UserRef;
  target: UserRef;
}): ConflictReport {
  return {
    kind: 'display_name_in_use',
    userIds: [args.owner, args.target],
    connectors: [args.connectorId],
    externalIds: [args.externalId],
    message:
      `Display name "${args.displayName}" from ${args.connectorId} record ${args.externalId} belongs to ` +
      `user ${userList([args.owner])}; not given to user ${userList([args.target])}`,
    details: { displayName: args.displayName, ownerUserId: args.owner, targetUserId: args.target },
  };
}

export interface AmbiguousMatch {
  userId: UserRef;
  identifiers: NormalizedIdentifier[];
}

export function ambiguousMatch(args: {
  connectorId: string;
  externalId: string;
  matches: AmbiguousMatch[];
}): ConflictReport {
  const userIds = args.matches.map((match) => match.userId);
  return {
    kind: 'ambiguous_match',
    userIds,
    connectors: [args.connectorId],
    externalIds: [args.externalId],
    message: `${args.connectorId} record ${args.externalId} matches several users (${userList(userIds)}); not linked until reviewed`,
    details: {
      matches: args.matches.map((match) => ({
        userId: match.userId,
        identifiers: match.identifiers.map(shown),
      })),
    },
  };
}

export function duplicateInSource(args: {
  connectorId: string;
  externalIds: string[];
  identifier: NormalizedIdentifier;
  userIds?: UserRef[];
}): ConflictReport {
  const externalIds = [...new Set(args.externalIds)].sort();
  return {
    kind: 'duplicate_in_source',
    identifier: shown(args.identifier),
    userIds: args.userIds ?? [],
    connectors: [args.connectorId],
    externalIds,
    message:
      `${args.connectorId} records ${externalIds.join(', ')} all claim ${args.identifier.type} ` +
      `${formatIdentifier(args.identifier)}; none of them gets it`,
  };
}

export function doNotTrack(args: {
  connectorId: string;
  externalId: string;
  identifiers: NormalizedIdentifier[];
}): ConflictReport {
  const first = args.identifiers[0];
  return {
    kind: 'do_not_track',
    ...(first ? { identifier: shown(first) } : {}),
    userIds: [],
    connectors: [args.connectorId],
    externalIds: [args.externalId],
    message:
      `${args.connectorId} record ${args.externalId} has identifiers on the Do Not Track list ` +
      `(${args.identifiers.map(formatIdentifier).join(', ')}); no user created`,
    details: { identifiers: args.identifiers.map(shown) },
  };
}

/** A record the connector could not map at all. */
export function invalidRecord(args: {
  connectorId: string;
  externalId: string | null;
  reason: string;
}): ConflictReport {
  return {
    kind: 'invalid_record',
    userIds: [],
    connectors: [args.connectorId],
    externalIds: args.externalId === null ? [] : [args.externalId],
    message: args.reason,
    details: { field: 'record' },
  };
}

/** One value of a record is unusable; the rest of the record proceeds. */
export function invalidValue(args: {
  connectorId: string;
  externalId: string;
  field: string;
  value: string;
  reason: string;
  identifier?: ConflictIdentifier;
}): ConflictReport {
  return {
    kind: 'invalid_record',
    ...(args.identifier ? { identifier: args.identifier } : {}),
    userIds: [],
    connectors: [args.connectorId],
    externalIds: [args.externalId],
    message: `${args.connectorId} record ${args.externalId}: ${args.reason}; value dropped, the rest applied`,
    details: { field: args.field, value: args.value, reason: args.reason },
  };
}
