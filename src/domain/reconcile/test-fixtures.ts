// Test helpers: compact builders for snapshots, records and plan inputs (used by the specs only).
import { type IdentifierLists, identifiersFrom, type SourceRecord } from '../source-record.ts';
import { normalizeIdentifier } from '../identifiers.ts';
import { IdentifierOwnership, type OwnedKey } from '../ownership.ts';
import type {
  ConnectorSource,
  GroupMembership,
  IdentifierInput,
  IdentifierSource,
  NormalizedIdentifier,
  SourcedValue,
  Tracking,
} from '../types.ts';
import type { PlanInput } from './plan.ts';
import type { SnapshotIdentifier, SnapshotLink, SnapshotUser, SyncSnapshot } from './snapshot.ts';

export const CONNECTOR = 'entra';
export const ENTRA: ConnectorSource = 'connector:entra';

export function normalized(input: IdentifierInput): NormalizedIdentifier {
  const result = normalizeIdentifier(input);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

export interface IdentifierSeed extends IdentifierInput {
  source?: IdentifierSource;
}

export interface UserSeed {
  id: number;
  tracking?: Tracking;
  displayName?: SourcedValue<string>;
  timeZone?: SourcedValue<string>;
  primaryGroup?: SourcedValue<string>;
  groups?: GroupMembership[];
  identifiers?: IdentifierSeed[];
}

export interface SnapshotSeed {
  connectorId?: string;
  precedence?: Record<string, number>;
  users?: UserSeed[];
  links?: Array<Pick<SnapshotLink, 'externalId' | 'userId'> & Partial<SnapshotLink>>;
  deletedDoNotTrack?: IdentifierInput[];
  openConflicts?: Array<{ fingerprint: string; id: number; externalIds: string[] }>;
}

const UNSET: SourcedValue<string> = { value: null, source: null };

export function ownedKeysOf(users: Iterable<SnapshotUser>): OwnedKey[] {
  const keys: OwnedKey[] = [];
  for (const user of users) {
    for (const identifier of user.identifiers) {
      keys.push({
        namespace: identifier.namespace,
        key: identifier.key,
        userId: user.id,
        identifierId: identifier.id,
        type: identifier.type,
        source: identifier.source,
      });
    }
  }
  return keys;
}

export function displayNamesOf(users: Iterable<SnapshotUser>): Map<string, number> {
  const names = new Map<string, number>();
  for (const user of users) {
    if (user.displayName.value !== null) names.set(user.displayName.value.toLowerCase(), user.id);
  }
  return names;
}

export function buildSnapshot(seed: SnapshotSeed = {}): SyncSnapshot {
  let identifierId = 1000;
  const users = new Map<number, SnapshotUser>();
  for (const userSeed of seed.users ?? []) {
    const identifiers: SnapshotIdentifier[] = (userSeed.identifiers ?? []).map((input) => ({
      ...normalized(input),
      id: identifierId++,
      userId: userSeed.id,
      source: input.source ?? 'manual',
    }));
    users.set(userSeed.id, {
      id: userSeed.id,
      tracking: userSeed.tracking ?? 'tracked',
      displayName: userSeed.displayName ?? UNSET,
      timeZone: userSeed.timeZone ?? UNSET,
      primaryGroup: userSeed.primaryGroup ?? UNSET,
      groups: userSeed.groups ?? [],
      identifiers,
    });
  }
  const links = new Map<string, SnapshotLink>();
  for (const link of seed.links ?? []) {
    links.set(link.externalId, { contentHash: null, state: 'active', ...link });
  }
  return {
    connectorId: seed.connectorId ?? CONNECTOR,
    precedence: new Map(Object.entries(seed.precedence ?? { [CONNECTOR]: 2 })),
    users,
    links,
    ownership: new IdentifierOwnership(ownedKeysOf(users.values())),
    displayNames: displayNamesOf(users.values()),
    doNotTrack: new IdentifierOwnership(
      (seed.deletedDoNotTrack ?? []).map((input) => {
        const id = normalized(input);
        return { namespace: id.namespace, key: id.key, userId: 0, type: id.type };
      }),
    ),
    openConflicts: new Map(
      (seed.openConflicts ?? []).map((open) => [
        open.fingerprint,
        { id: open.id, externalIds: open.externalIds },
      ]),
    ),
  };
}

/** A whole record; identifiers given as plain lists (each under its type's name as the field). */
export function sourceRecord(
  externalId: string,
  fields: Partial<Omit<SourceRecord, 'externalId'>> & IdentifierLists = {},
): SourceRecord {
  const { upns, emails, employeeIds, deviceLogins, ...rest } = fields;
  return {
    externalId,
    identifiers: identifiersFrom({ upns, emails, employeeIds, deviceLogins }),
    displayName: null,
    timeZone: null,
    groups: [],
    primaryGroup: null,
    state: 'active',
    ...rest,
  };
}

export function planInput(
  snapshot: SyncSnapshot,
  records: SourceRecord[],
  overrides: Partial<Omit<PlanInput, 'snapshot' | 'records'>> = {},
): PlanInput {
  return {
    snapshot,
    records,
    invalid: [],
    removals: [],
    outcome: { mode: 'incremental', complete: true },
    policy: {
      onDisable: 'untrack',
      deletionThreshold: { count: 1_000_000, percent: 100 },
      safeguardLifted: false,
    },
    now: new Date('2025-01-01T00:00:00Z'),
    ...overrides,
  };
}
