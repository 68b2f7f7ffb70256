// Fixture builders for the admin actions' tests: users described by what matters to a rule (their
// status, identifiers, agents), and the ActionContext a service would load for them.
import { expect } from 'vitest';
import type { Change, ChangeOp } from '../changes.ts';
import type { DomainError, DomainErrorCode, Result } from '../errors.ts';
import { normalizeIdentifier, userLabel } from '../identifiers.ts';
import { IdentifierOwnership, ownedKeyOf } from '../ownership.ts';
import type {
  AccountSettings,
  Agent,
  AttributeSource,
  GroupMembership,
  Identifier,
  IdentifierInput,
  IdentifierSource,
  Tracking,
  UserRecord,
  UserStatus,
} from '../types.ts';
import type { ActionContext } from './context.ts';
import { displayNameKey } from './display-name.ts';

export const NOW = new Date('2026-03-01T12:00:00Z');
const DAY_MS = 24 * 60 * 60 * 1000;

export const SETTINGS: AccountSettings = {
  emailAutoDetection: true,
  activityThresholdDays: 30,
  expandedAgentUserAssociation: false,
  personalEmailDomains: ['gmail.com', 'outlook.com'],
};

export function daysAgo(days: number): Date {
  return new Date(NOW.getTime() - days * DAY_MS);
}

export interface IdentifierSpec extends IdentifierInput {
  id?: number;
  source?: IdentifierSource;
  updatedAt?: Date;
}

export interface AgentSpec {
  id?: number;
  username: string;
  logonDomain?: string;
  firstLog?: Date | null;
  lastLog?: Date | null;
  hasData?: boolean;
}

export interface UserSpec {
  id: number;
  /**
   * Builds the agents that give the user this status when `agents` is not given: Active = one
   * agent that reported yesterday, Inactive = one that last reported 60 days ago (or any data
   * while untracked), Unlicensed = no agent.
   */
  status?: UserStatus;
  tracking?: Tracking;
  displayName?: string | null;
  timeZone?: string | null;
  primaryGroup?: string | null;
  attributeSource?: AttributeSource;
  groups?: (string | GroupMembership)[];
  identifiers?: IdentifierSpec[];
  agents?: AgentSpec[];
}

export function identifier(userId: number, spec: IdentifierSpec, index = 0): Identifier {
  const normalized = normalizeIdentifier(spec);
  if (!normalized.ok) throw new Error(`bad fixture identifier: ${normalized.error.message}`);
  return {
    ...normalized.value,
    id: spec.id ?? userId * 1000 + index + 1,
    userId,
    source: spec.source ?? 'manual',
    updatedAt: spec.updatedAt ?? NOW,
  };
}

export function agent(userId: number, spec: AgentSpec, index = 0): Agent {
  const hasData = spec.hasData ?? true;
  return {
    id: spec.id ?? userId * 100 + index + 1,
    userId,
    username: spec.username,
    logonDomain: spec.logonDomain ?? 'ACME',
    firstLog: spec.firstLog !== undefined ? spec.firstLog : hasData ? daysAgo(90) : null,
    lastLog: spec.lastLog !== undefined ? spec.lastLog : hasData ? daysAgo(1) : null,
    hasData,
  };
}

function agentsForStatus(id: number, status: UserStatus): AgentSpec[] {
  if (status === 'unlicensed') return [];
  const lastLog = status === 'active' ? daysAgo(1) : daysAgo(60);
  return [{ username: `agent${id}`, lastLog }];
}

function sourced<T>(value: T | null | undefined, source: AttributeSource) {
  return value == null ? { value: null, source: null } : { value, source };
}

export function user(spec: UserSpec): UserRecord {
  const source = spec.attributeSource ?? 'connector:entra';
  const agentSpecs = spec.agents ?? agentsForStatus(spec.id, spec.status ?? 'unlicensed');
  return {
    id: spec.id,
    displayName: sourced(spec.displayName, source),
    timeZone: sourced(spec.timeZone, source),
    primaryGroup: sourced(spec.primaryGroup, source),
    tracking: spec.tracking ?? 'tracked',
    groups: (spec.groups ?? []).map((g) => (typeof g === 'string' ? { group: g, source } : g)),
    identifiers: (spec.identifiers ?? []).map((s, i) => identifier(spec.id, s, i)),
    agents: agentSpecs.map((s, i) => agent(spec.id, s, i)),
    createdAt: daysAgo(365),
  };
}

/** The context a service would load: every given user, their keys, names, labels and agents. */
export function context(users: UserRecord[], options: { settings?: AccountSettings } = {}): ActionContext {
  const identifiers = users.flatMap((u) => u.identifiers);
  const displayNames = new Map<string, number>();
  for (const u of users) {
    if (u.displayName.value !== null) displayNames.set(displayNameKey(u.displayName.value), u.id);
  }
  return {
    now: NOW,
    settings: options.settings ?? SETTINGS,
    users: new Map(users.map((u) => [u.id, u])),
    ownership: new IdentifierOwnership(identifiers.map(ownedKeyOf)),
    displayNames,
    userLabels: new Map(users.map((u) => [u.id, userLabel(u)])),
    agents: new Map(users.flatMap((u) => u.agents.map((a) => [a.id, a] as const))),
  };
}

export function expectChanges(result: Result<Change[]>): Change[] {
  if (!result.ok) expect.fail(`expected changes, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

export function expectRefusal(result: Result<Change[]>, code: DomainErrorCode): DomainError {
  if (result.ok) expect.fail(`expected ${code}, got ${result.value.length} changes`);
  expect(result.error.code).toBe(code);
  expect(result.error.message).not.toBe('');
  return result.error;
}

export function changesOf<Op extends ChangeOp>(changes: Change[], op: Op): Extract<Change, { op: Op }>[] {
  return changes.filter((change): change is Extract<Change, { op: Op }> => change.op === op);
}

export const ALL_STATUSES: UserStatus[] = ['active', 'inactive', 'unlicensed'];
