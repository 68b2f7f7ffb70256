// A batch of activity reports (`POST /api/v1/agents/activity`) as one plan: reports grouped by
// agent login, each login checked against Do Not Track, new logins associated with a user, one
// recordActivity per agent, then email auto-detection. Deterministic (logins in key order) and
// linear in the batch: every look-up is a Map hit.
import { normalizeIdentifier } from '../identifiers.ts';
import { type Agent, ANY_DOMAIN } from '../types.ts';
import { associateNewAgent, type NewAgentLogin } from './association.ts';
import { detectEmails } from './auto-detection.ts';
import {
  type ActivityContext,
  type ActivityPlan,
  type ActivityReport,
  agentLoginKey,
  formatLogin,
} from './context.ts';
import { buildDoNotTrackCheck, type DoNotTrackCheck, userCollectsActivity } from './dnt.ts';
import { createPlanState, type PlanState } from './plan-state.ts';

/** How far past `now` a report may be dated (device clock skew) before it counts as a bad date. */
export const FUTURE_TOLERANCE_MS = 24 * 60 * 60 * 1000;

/** The reports of one agent login in this batch. */
export interface LoginActivity extends NewAgentLogin {
  key: string;
  /** Reported emails, de-duplicated case-insensitively, in order of first appearance. */
  emails: unknown[];
}

export function planActivity(ctx: ActivityContext, reports: ActivityReport[]): ActivityPlan {
  const { logins, rejected } = groupReports(reports, ctx.now);
  const state = createPlanState(ctx, reports.length);
  state.counts.invalid = rejected.length;
  const doNotTrack = buildDoNotTrackCheck(ctx);
  for (const activity of logins) planLogin(state, doNotTrack, activity);
  return { changes: state.changes, conflicts: state.conflicts, counts: state.counts, rejected };
}

function planLogin(state: PlanState, doNotTrack: DoNotTrackCheck, activity: LoginActivity): void {
  if (doNotTrack(activity.login)) {
    state.counts.notTracked++;
    return;
  }
  const existing = state.ctx.agents.get(activity.key);
  const target = existing ? existingAgentTarget(state, existing) : associateNewAgent(state, activity);
  if (!target) return;
  state.changes.push({ op: 'recordActivity', agent: target.agent, ...activityWindow(existing, activity) });
  state.counts.agentsRecorded++;
  detectEmails(state, target.user, activity.login, activity.emails);
}

function existingAgentTarget(state: PlanState, agent: Agent): { agent: number; user: number } | null {
  const owner = state.ctx.candidates.get(agent.userId);
  if (!owner) {
    throw new Error(
      `Activity context is incomplete: user ${agent.userId}, owner of agent ${agent.id} ` +
        `(${formatLogin(agent)}), is not among the candidates.`,
    );
  }
  if (!userCollectsActivity(owner)) {
    state.counts.notTracked++;
    return null;
  }
  return { agent: agent.id, user: agent.userId };
}

// An agent that has data keeps its first log; after a reset (no data) the log starts again.
function activityWindow(
  existing: Agent | undefined,
  activity: LoginActivity,
): { firstLog: Date; lastLog: Date } {
  if (!existing?.hasData) return { firstLog: activity.firstLog, lastLog: activity.lastLog };
  return {
    firstLog: earliest(existing.firstLog, activity.firstLog),
    lastLog: latest(existing.lastLog, activity.lastLog),
  };
}

function earliest(stored: Date | null, reported: Date): Date {
  return stored && stored.getTime() < reported.getTime() ? stored : reported;
}

function latest(stored: Date | null, reported: Date): Date {
  return stored && stored.getTime() > reported.getTime() ? stored : reported;
}

/** Valid reports grouped by login (sorted by key), and the invalid ones by index. */
export function groupReports(
  reports: readonly ActivityReport[],
  now: Date,
): { logins: LoginActivity[]; rejected: Array<{ index: number; reason: string }> } {
  const byKey = new Map<string, LoginActivity & { seenEmails: Set<unknown> }>();
  const rejected: Array<{ index: number; reason: string }> = [];
  reports.forEach((report, index) => {
    const checked = checkReport(report, now);
    if (typeof checked === 'string') {
      rejected.push({ index, reason: checked });
      return;
    }
    const key = agentLoginKey(checked.login);
    let group = byKey.get(key);
    if (!group) {
      group = { key, ...checked, firstLog: report.at, lastLog: report.at, emails: [], seenEmails: new Set() };
      byKey.set(key, group);
    }
    if (report.at < group.firstLog) group.firstLog = report.at;
    if (report.at > group.lastLog) group.lastLog = report.at;
    for (const email of reportedEmails(report)) {
      const seenAs = typeof email === 'string' ? email.trim().toLowerCase() : email;
      if (group.seenEmails.has(seenAs)) continue;
      group.seenEmails.add(seenAs);
      group.emails.push(email);
    }
  });
  const logins = [...byKey.keys()].sort().map((key) => {
    const { seenEmails: _seen, ...activity } = byKey.get(key)!;
    return activity;
  });
  return { logins, rejected };
}

function reportedEmails(report: ActivityReport): readonly unknown[] {
  const emails: unknown = report.emails;
  if (emails === undefined || emails === null) return [];
  // A non-list is kept as one entry so it is counted as an invalid address, not silently lost.
  return Array.isArray(emails) ? emails : [emails];
}

/** The report's login as trimmed values and as a device login identifier, or why it is rejected. */
function checkReport(
  report: ActivityReport,
  now: Date,
): Pick<LoginActivity, 'login' | 'deviceLogin'> | string {
  if (typeof report !== 'object' || report === null) return 'a report must be an object';
  const username = typeof report.username === 'string' ? report.username.trim() : '';
  const logonDomain = typeof report.logonDomain === 'string' ? report.logonDomain.trim() : '';
  if (username === '') return 'username is empty';
  if (logonDomain === '') return 'logonDomain is empty';
  // `*` means "any domain" on a device login; a device always logs on to one.
  if (logonDomain === ANY_DOMAIN) return `logonDomain "${ANY_DOMAIN}" is not a logon domain`;
  if (!(report.at instanceof Date) || Number.isNaN(report.at.getTime())) return 'at is not a valid date';
  if (report.at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) return 'at is more than a day in the future';
  const deviceLogin = normalizeIdentifier({ type: 'device_login', value: username, domain: logonDomain });
  if (!deviceLogin.ok) return deviceLogin.error.message;
  return { login: { username, logonDomain }, deviceLogin: deviceLogin.value };
}
