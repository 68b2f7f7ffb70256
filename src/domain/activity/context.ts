// What the activity rules read and what they return. The service loads the context for one batch
// of reports (only the keys and users those reports can touch), `planActivity` turns the batch into
// `Change[]` and conflicts; nothing here does I/O or reads a clock.
import type { AgentLogin } from '../agent-matching.ts';
import type { Change, ConflictReport } from '../changes.ts';
import { deviceLoginKey } from '../identifiers.ts';
import type { IdentifierOwnership } from '../ownership.ts';
import type { AccountSettings, Agent, NormalizedIdentifier, UserRecord } from '../types.ts';

/** One element of `POST /api/v1/agents/activity`: an agent's login seen active at `at`. */
export interface ActivityReport {
  username: string;
  logonDomain: string;
  at: Date;
  /** Addresses seen in the activity (candidates for email auto-detection). */
  emails?: string[];
}

export type CandidateUser = Pick<UserRecord, 'id' | 'displayName' | 'identifiers' | 'tracking'>;

export interface ActivityContext {
  now: Date;
  settings: AccountSettings;
  /** Existing agents keyed by `agentLoginKey` (`username\domain`, trimmed, lower-cased). */
  agents: ReadonlyMap<string, Agent>;
  /**
   * Users the reports can concern: every user whose identifiers (or, with expanded association,
   * display name) could match a reported login (the service loads them by username, local part
   * and address), AND the owner of every agent in `agents` — its `tracking` decides whether that
   * agent collects. A missing owner is a loading bug and throws.
   */
  candidates: ReadonlyMap<number, CandidateUser>;
  /** Stored address keys relevant to the reports: those of login usernames and of reported emails. */
  ownership: IdentifierOwnership;
  /**
   * DNT entries of deleted users (`DoNotTrackEntry` fits). Untracked users' identifiers are DNT
   * through their `tracking` in `candidates`. A list rather than an `IdentifierOwnership`: a plain
   * username matches an address by its local part, which an exact-key index cannot answer.
   */
  doNotTrack: Iterable<NormalizedIdentifier>;
}

export interface ActivityCounts {
  /** Reports received. */
  reports: number;
  agentsCreated: number;
  usersCreated: number;
  /** New agents assigned to an existing user by matching. */
  associated: number;
  /** Logins (agents) whose activity was not collected: DNT match or untracked user. */
  notTracked: number;
  /** Logins held back by an `ambiguous_match` conflict. */
  ambiguous: number;
  /** Business emails added with source `auto_detected`. */
  emailsDetected: number;
  /** Rejected reports (also listed in `rejected`). */
  invalid: number;
  /** Reported emails that are not valid addresses (ignored). */
  invalidEmails: number;
  /** Agents whose activity is recorded by this plan. */
  agentsRecorded: number;
}

export interface ActivityPlan {
  changes: Change[];
  conflicts: ConflictReport[];
  counts: ActivityCounts;
  /** Reports left out, by their index in the batch; the others proceed. */
  rejected: Array<{ index: number; reason: string }>;
}

/** The key agents are known by: username and logon domain, trimmed and case-insensitive. */
export function agentLoginKey(login: AgentLogin): string {
  return deviceLoginKey(login.username.trim(), login.logonDomain.trim());
}

/** How a login is written in messages: `DOMAIN\username`, as Windows shows it. */
export function formatLogin(login: AgentLogin): string {
  return `${login.logonDomain}\\${login.username}`;
}

export function emptyCounts(reports: number): ActivityCounts {
  return {
    reports,
    agentsCreated: 0,
    usersCreated: 0,
    associated: 0,
    notTracked: 0,
    ambiguous: 0,
    emailsDetected: 0,
    invalid: 0,
    invalidEmails: 0,
    agentsRecorded: 0,
  };
}
