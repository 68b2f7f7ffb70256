// A user's status is derived from its agents and tracking flag every time it is needed, never
// stored: DOMAIN.md "Status".
import type { AccountSettings, Agent, UserRecord, UserStatus } from './types.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The latest `lastLog` among agents with data (null when none has reported). */
export function lastActivity(agents: Agent[]): Date | null {
  let latest: Date | null = null;
  for (const agent of agents) {
    if (!agent.hasData || agent.lastLog === null) continue;
    if (latest === null || agent.lastLog.getTime() > latest.getTime()) latest = agent.lastLog;
  }
  return latest;
}

/**
 * Unlicensed: no agent with data. Active: tracked and last activity at most
 * `activityThresholdDays` days before `now` (exactly the threshold still counts as within).
 * Inactive: everything else with data, including every untracked user.
 */
export function deriveStatus(
  user: Pick<UserRecord, 'tracking' | 'agents'>,
  settings: Pick<AccountSettings, 'activityThresholdDays'>,
  now: Date,
): UserStatus {
  if (!user.agents.some((agent) => agent.hasData)) return 'unlicensed';
  if (user.tracking === 'untracked') return 'inactive';
  const last = lastActivity(user.agents);
  if (last === null) return 'inactive';
  const idleMs = now.getTime() - last.getTime();
  return idleMs <= settings.activityThresholdDays * DAY_MS ? 'active' : 'inactive';
}

/** Licenses count agents with data (Inactive users keep theirs). */
export function licensesOf(user: Pick<UserRecord, 'agents'>): number {
  return user.agents.filter((agent) => agent.hasData).length;
}
