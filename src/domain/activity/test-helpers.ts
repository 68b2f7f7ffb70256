// Test fixtures for the activity rules: users, agents and a context built the way the service
// loads it (ownership of every candidate's identifiers, agents by login key).
import type { Change } from '../changes.ts';
import { normalizeIdentifier } from '../identifiers.ts';
import { IdentifierOwnership, ownedKeyOf } from '../ownership.ts';
import type {
  AccountSettings,
  Agent,
  Identifier,
  IdentifierInput,
  IdentifierSource,
  NormalizedIdentifier,
  Tracking,
} from '../types.ts';
import { type ActivityContext, type ActivityReport, agentLoginKey, type CandidateUser } from './context.ts';

export const NOW = new Date('2025-03-10T12:00:00Z');

export const SETTINGS: AccountSettings = {
  emailAutoDetection: true,
  activityThresholdDays: 30,
  expandedAgentUserAssociation: false,
  personalEmailDomains: ['gmail.com', 'outlook.com', 'yahoo.com'],
};

let nextIdentifierId = 1000;

export function normalized(input: IdentifierInput): NormalizedIdentifier {
  const result = normalizeIdentifier(input);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

export function identifier(
  userId: number,
  input: IdentifierInput,
  source: IdentifierSource = 'manual',
): Identifier {
  nextIdentifierId++;
  return { ...normalized(input), id: nextIdentifierId, userId, source, updatedAt: NOW };
}

export interface UserFixture {
  displayName?: string;
  tracking?: Tracking;
  identifiers?: Array<IdentifierInput & { source?: IdentifierSource }>;
}

export function user(id: number, fixture: UserFixture = {}): CandidateUser {
  return {
    id,
    displayName: { value: fixture.displayName ?? null, source: fixture.displayName ? 'manual' : null },
    tracking: fixture.tracking ?? 'tracked',
    identifiers: (fixture.identifiers ?? []).map(({ source, ...input }) => identifier(id, input, source)),
  };
}

export function agent(id: number, userId: number, login: string, overrides: Partial<Agent> = {}): Agent {
  const [logonDomain = '', username = ''] = login.split('\\');
  return { id, userId, username, logonDomain, firstLog: null, lastLog: null, hasData: false, ...overrides };
}

export interface ContextFixture {
  users?: CandidateUser[];
  agents?: Agent[];
  doNotTrack?: NormalizedIdentifier[];
  settings?: Partial<AccountSettings>;
}

export function context(fixture: ContextFixture = {}): ActivityContext {
  const users = fixture.users ?? [];
  return {
    now: NOW,
    settings: { ...SETTINGS, ...fixture.settings },
    agents: new Map((fixture.agents ?? []).map((a) => [agentLoginKey(a), a])),
    candidates: new Map(users.map((u) => [u.id, u])),
    ownership: new IdentifierOwnership(users.flatMap((u) => u.identifiers.map(ownedKeyOf))),
    doNotTrack: fixture.doNotTrack ?? [],
  };
}

/** `DOMAIN\username` at a time given as minutes after 08:00 on NOW's day. */
export function report(login: string, minute = 0, emails?: string[]): ActivityReport {
  const [logonDomain = '', username = ''] = login.split('\\');
  const reported = at(minute);
  return emails === undefined
    ? { username, logonDomain, at: reported }
    : { username, logonDomain, at: reported, emails };
}

export function at(minute: number): Date {
  return new Date(Date.UTC(2025, 2, 10, 8, minute));
}

export function changesOf<Op extends Change['op']>(changes: Change[], op: Op): Extract<Change, { op: Op }>[] {
  return changes.filter((change): change is Extract<Change, { op: Op }> => change.op === op);
}
