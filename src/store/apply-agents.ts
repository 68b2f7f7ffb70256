// Agent writes: creation, reassignment (history moves with the agent), activity, merges, resets.
import { sql } from 'drizzle-orm';
import type { Change, ChangeOp } from '../domain/changes.ts';
import type { ChangesOf, ResolveUser } from './apply.ts';
import { eachChunk, recordset } from './bulk.ts';
import type { Executor } from './database.ts';

type ChangesByOp = { [Op in ChangeOp]: Extract<Change, { op: Op }>[] };

export function agentLoginKey(username: string, logonDomain: string): string {
  return `${username.trim().toLowerCase()}\\${logonDomain.trim().toLowerCase()}`;
}

function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

export async function applyAgentChanges(
  executor: Executor,
  byOp: ChangesByOp,
  resolve: ResolveUser,
): Promise<Map<string, number>> {
  const created = await createAgents(executor, byOp.createAgent, resolve);
  await assignAgents(executor, byOp.assignAgent, resolve);
  await recordActivity(executor, byOp.recordActivity, created);
  for (const change of byOp.mergeAgents) await mergeAgents(executor, change);
  await resetUserData(executor, byOp.resetUserData);
  return created;
}

async function createAgents(
  executor: Executor,
  creates: ChangesOf<'createAgent'>[],
  resolve: ResolveUser,
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  if (creates.length === 0) return ids;
  const rows = creates.map((c) => ({
    user_id: resolve(c.user),
    username: c.username,
    logon_domain: c.logonDomain,
    login_key: agentLoginKey(c.username, c.logonDomain),
  }));
  const inserted = await eachChunk<(typeof rows)[number], { id: number; login_key: string }>(
    executor,
    rows,
    (chunk) => sql`insert into agents (user_id, username, logon_domain, login_key)
      select r.user_id, r.username, r.logon_domain, r.login_key
      from ${recordset(chunk, 'r', 'user_id int, username text, logon_domain text, login_key text')}
      returning id, login_key`,
  );
  const byKey = new Map(inserted.map((row) => [row.login_key, row.id]));
  for (const change of creates) {
    const id = byKey.get(agentLoginKey(change.username, change.logonDomain));
    if (id !== undefined) ids.set(change.ref, id);
  }
  return ids;
}

async function assignAgents(executor: Executor, changes: ChangesOf<'assignAgent'>[], resolve: ResolveUser) {
  const rows = changes.map((c) => ({ id: c.agentId, from_user: c.fromUserId, to_user: resolve(c.toUser) }));
  await eachChunk(
    executor,
    rows,
    (chunk) => sql`update agents a set user_id = r.to_user
      from ${recordset(chunk, 'r', 'id int, from_user int, to_user int')}
      where a.id = r.id and a.user_id = r.from_user`,
  );
}

async function recordActivity(
  executor: Executor,
  changes: ChangesOf<'recordActivity'>[],
  created: Map<string, number>,
): Promise<void> {
  if (changes.length === 0) return;
  const agentRows = changes.map((c) => {
    const id = typeof c.agent === 'number' ? c.agent : created.get(c.agent);
    if (id === undefined) throw new Error(`activity for ${c.agent}, which the change list never creates`);
    return { id, first_at: c.firstLog.toISOString(), last_at: c.lastLog.toISOString() };
  });
  // One row per agent: an UPDATE ... FROM joined to several rows of one agent applies only one.
  const perAgent = new Map<number, { id: number; first_at: string; last_at: string }>();
  for (const row of agentRows) {
    const known = perAgent.get(row.id);
    if (!known) perAgent.set(row.id, { ...row });
    else {
      if (row.first_at < known.first_at) known.first_at = row.first_at;
      if (row.last_at > known.last_at) known.last_at = row.last_at;
    }
  }
  await eachChunk(
    executor,
    [...perAgent.values()],
    (chunk) => sql`update agents a set
        first_log = case when a.first_log is null or r.first_at < a.first_log then r.first_at else a.first_log end,
        last_log = case when a.last_log is null or r.last_at > a.last_log then r.last_at else a.last_log end,
        has_data = true
      from ${recordset(chunk, 'r', 'id int, first_at timestamptz, last_at timestamptz')} where a.id = r.id`,
  );
  // One row per agent and UTC day touched (a batch names its first and last moment).
  const days = new Map<string, { agent_id: number; day: string; first_at: string; last_at: string }>();
  for (const row of agentRows) {
    for (const at of [row.first_at, row.last_at]) {
      const day = utcDay(new Date(at));
      const key = `${row.id}|${day}`;
      const existing = days.get(key);
      if (!existing) days.set(key, { agent_id: row.id, day, first_at: at, last_at: at });
      else {
        if (at < existing.first_at) existing.first_at = at;
        if (at > existing.last_at) existing.last_at = at;
      }
    }
  }
  await eachChunk(
    executor,
    [...days.values()],
    (chunk) => sql`insert into agent_activity (agent_id, day, first_at, last_at, reports)
      select r.agent_id, r.day, r.first_at, r.last_at, 1
      from ${recordset(chunk, 'r', 'agent_id int, day date, first_at timestamptz, last_at timestamptz')}
      on conflict (agent_id, day) do update set
        first_at = least(agent_activity.first_at, excluded.first_at),
        last_at = greatest(agent_activity.last_at, excluded.last_at),
        reports = agent_activity.reports + 1`,
  );
}

async function mergeAgents(executor: Executor, change: ChangesOf<'mergeAgents'>): Promise<void> {
  const merged = sql.param(change.mergedAgentIds);
  const into = change.intoAgentId;
  await executor.execute(sql`insert into agent_activity (agent_id, day, first_at, last_at, reports)
    select ${into}::int, day, min(first_at), max(last_at), sum(reports)::int from agent_activity
    where agent_id = any(${merged}::int[]) group by day
    on conflict (agent_id, day) do update set
      first_at = least(agent_activity.first_at, excluded.first_at),
      last_at = greatest(agent_activity.last_at, excluded.last_at),
      reports = agent_activity.reports + excluded.reports`);
  await executor.execute(sql`update agents a set
      first_log = (select min(first_log) from agents where id = any(${merged}::int[]) or id = a.id),
      last_log = (select max(last_log) from agents where id = any(${merged}::int[]) or id = a.id),
      has_data = (select bool_or(has_data) from agents where id = any(${merged}::int[]) or id = a.id)
    where a.id = ${into} and a.user_id = ${change.userId}`);
  await executor.execute(
    sql`delete from agents where id = any(${merged}::int[]) and user_id = ${change.userId} and id <> ${into}`,
  );
}

async function resetUserData(executor: Executor, changes: ChangesOf<'resetUserData'>[]): Promise<void> {
  if (changes.length === 0) return;
  const userIds = sql.param(changes.map((c) => c.userId));
  await executor.execute(
    sql`delete from agent_activity where agent_id in (select id from agents where user_id = any(${userIds}::int[]))`,
  );
  await executor.execute(sql`update agents set has_data = false where user_id = any(${userIds}::int[])`);
}
