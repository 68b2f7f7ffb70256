// AdminService: every action of DOMAIN.md's table as one transaction on a real store. For each, one
// allowed case read back from the store and the refusals that need the database; audit rows are
// written with the change and never for a refusal.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminService } from '../../src/admin/service.ts';
import type { Change } from '../../src/domain/changes.ts';
import type { Result } from '../../src/domain/errors.ts';
import { deriveStatus } from '../../src/domain/status.ts';
import type { IdentifierInput, UserRecord, UserStatus } from '../../src/domain/types.ts';
import { applyChanges } from '../../src/store/apply.ts';
import { loadSettings, loadUser } from '../../src/store/users.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/databases.ts';
import { fresh, freshEmail, rows } from './values.ts';

const NOW = new Date('2025-06-15T12:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const RECENT = new Date(NOW.getTime() - 2 * DAY);
const LONG_AGO = new Date(NOW.getTime() - 90 * DAY);

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

describe.each(DATABASE_KINDS)('AdminService on %s', (kind) => {
  let database: TestDatabase;
  let service: AdminService;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    service = new AdminService(database.db, () => NOW);
  });
  afterAll(async () => {
    await database?.destroy();
  });

  async function addUser(
    displayName: string | null,
    identifiers: IdentifierInput[] = [],
  ): Promise<UserRecord> {
    return value(await service.addUser({ displayName, identifiers }));
  }

  /** What only an agent report can do (no admin action records activity): seeded through the store. */
  async function seedAgent(userId: number, username: string, lastLog: Date | null = RECENT): Promise<number> {
    const changes: Change[] = [
      { op: 'createAgent', ref: 'agent:seed', user: userId, username, logonDomain: 'CORP' },
    ];
    if (lastLog) {
      changes.push({
        op: 'recordActivity',
        agent: 'agent:seed',
        firstLog: new Date(lastLog.getTime() - 3_600_000),
        lastLog,
      });
    }
    const result = await database.db.transaction((tx) =>
      applyChanges(tx, changes, { actor: { kind: 'agent' }, now: NOW }),
    );
    return result.agents.get('agent:seed')!;
  }

  async function user(id: number): Promise<UserRecord | null> {
    return loadUser(database.db, id);
  }

  async function statusOf(id: number): Promise<UserStatus> {
    const record = await user(id);
    if (!record) throw new Error(`user ${id} not found`);
    return deriveStatus(record, await loadSettings(database.db), NOW);
  }

  async function auditActions(userId: number): Promise<{ action: string; actor: string }[]> {
    return rows(database.db, sql`select action, actor from audit_log where user_id = ${userId} order by id`);
  }

  async function activityRows(agentId: number): Promise<number> {
    const [row] = await rows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from agent_activity where agent_id = ${agentId}`,
    );
    return row!.n;
  }

  describe('add user', () => {
    it('adds an Unlicensed user with display name, time zone and identifiers, audited', async () => {
      const name = fresh('Ann ');
      const address = freshEmail();
      const created = value(
        await service.addUser({
          displayName: name,
          timeZone: 'Europe/Berlin',
          identifiers: [
            { type: 'upn', value: address },
            { type: 'email', value: address },
          ],
        }),
      );
      const stored = (await user(created.id))!;
      expect(stored.displayName.value).toBe(name);
      expect(stored.timeZone.value).toBe('Europe/Berlin');
      expect(stored.identifiers.map((i) => i.type).sort()).toEqual(['email', 'upn']);
      expect(await statusOf(created.id)).toBe('unlicensed');
      expect(await auditActions(created.id)).toEqual([{ action: 'add_user', actor: 'admin' }]);
    });

    it('refuses an identifier owned by another user, naming that user, and writes nothing', async () => {
      const ownerName = fresh('Owner ');
      const address = freshEmail();
      const owner = await addUser(ownerName, [{ type: 'email', value: address }]);
      const code = fresh('E');
      const usersBefore = await rows<{ n: number }>(database.db, sql`select count(*)::int as n from users`);
      const refused = await service.addUser({
        displayName: fresh('Newcomer '),
        identifiers: [
          { type: 'employee_id', value: code },
          { type: 'upn', value: address.toUpperCase() },
        ],
      });
      expect(refused.ok).toBe(false);
      if (refused.ok) return;
      expect(refused.error.code).toBe('identifier_in_use');
      expect(refused.error.message).toContain(ownerName);
      expect(refused.error.details).toMatchObject({ userId: owner.id, user: ownerName });
      expect(await rows(database.db, sql`select count(*)::int as n from users`)).toEqual(usersBefore);
      expect(await rows(database.db, sql`select 1 from identifier_keys where key = ${code}`)).toEqual([]);
    });

    it('refuses a display name in use by another user (case-insensitive)', async () => {
      const name = fresh('Taken ');
      const holder = await addUser(name);
      const refused = await service.addUser({ displayName: ` ${name.toLowerCase()} ` });
      expect(refused).toMatchObject({
        ok: false,
        error: { code: 'display_name_in_use', details: { userId: holder.id } },
      });
    });

    it('assigns existing agents to the new user, with their history', async () => {
      const from = await addUser(null);
      const agentId = await seedAgent(from.id, fresh('login'));
      const created = value(
        await service.addUser({ displayName: fresh('Agent owner '), agentIds: [agentId] }),
      );
      expect((await user(created.id))!.agents.map((a) => a.id)).toEqual([agentId]);
      expect((await user(from.id))!.agents).toEqual([]);
      expect(await activityRows(agentId)).toBe(1);
    });
  });

  describe('edit display name', () => {
    it('renames a user, audited', async () => {
      const target = await addUser(fresh('Old '));
      const name = fresh('New ');
      value(await service.editDisplayName(target.id, name));
      expect((await user(target.id))!.displayName).toEqual({ value: name, source: 'manual' });
      expect((await auditActions(target.id)).map((a) => a.action)).toEqual(['add_user', 'edit_display_name']);
    });

    it('refuses a display name another user holds, naming that user, without an audit row', async () => {
      const name = fresh('Held ');
      const holder = await addUser(name);
      const target = await addUser(fresh('Mine '));
      const refused = await service.editDisplayName(target.id, name.toUpperCase());
      expect(refused).toMatchObject({
        ok: false,
        error: { code: 'display_name_in_use', details: { userId: holder.id } },
      });
      expect((await auditActions(target.id)).map((a) => a.action)).toEqual(['add_user']);
    });
  });

  describe('manage identifiers and device logins', () => {
    it('adds, edits and removes identifiers; a removed value is free for another user', async () => {
      const target = await addUser(fresh('Ids '));
      const first = freshEmail();
      const second = freshEmail();
      const added = value(await service.addIdentifier(target.id, { type: 'email', value: first }));
      const identifierId = added.identifiers[0]!.id;
      const edited = value(
        await service.editIdentifier(target.id, identifierId, { type: 'email', value: second }),
      );
      expect(edited.identifiers.map((i) => i.value)).toEqual([second]);
      const removed = value(await service.removeIdentifier(target.id, edited.identifiers[0]!.id));
      expect(removed.identifiers).toEqual([]);
      const other = await addUser(null, [{ type: 'email', value: first }]);
      const otherAgain = value(await service.addIdentifier(other.id, { type: 'upn', value: second }));
      expect(otherAgain.identifiers.map((i) => i.value).sort()).toEqual([first, second].sort());
      expect((await auditActions(target.id)).map((a) => a.action)).toEqual([
        'add_user',
        'add_identifier',
        'edit_identifier',
        'remove_identifier',
      ]);
    });

    it('edits an identifier to a different case of the same value, keeping one claim', async () => {
      const address = freshEmail();
      const target = await addUser(null, [{ type: 'email', value: address }]);
      const edited = value(
        await service.editIdentifier(target.id, target.identifiers[0]!.id, {
          type: 'email',
          value: address.toUpperCase(),
        }),
      );
      expect(edited.identifiers.map((i) => i.value)).toEqual([address.toUpperCase()]);
      const claims = await rows(
        database.db,
        sql`select user_id from identifier_keys where key = ${address.toLowerCase()}`,
      );
      expect(claims).toEqual([{ user_id: target.id }]);
    });

    it('refuses an identifier owned by another user, naming that user by its representative identifier', async () => {
      const address = freshEmail();
      const owner = await addUser(null, [{ type: 'upn', value: address }]);
      const target = await addUser(fresh('Wants it '));
      const refused = await service.addIdentifier(target.id, { type: 'email', value: address });
      expect(refused).toMatchObject({
        ok: false,
        error: { code: 'identifier_in_use', details: { userId: owner.id } },
      });
      if (!refused.ok) expect(refused.error.message).toContain(address);
      expect((await user(target.id))!.identifiers).toEqual([]);
      expect((await auditActions(target.id)).map((a) => a.action)).toEqual(['add_user']);
    });

    it('refuses an edit to a value another user owns and keeps the old value', async () => {
      const code = fresh('E');
      const ownerName = fresh('Code owner ');
      await addUser(ownerName, [{ type: 'employee_id', value: code }]);
      const mine = freshEmail();
      const target = await addUser(null, [{ type: 'email', value: mine }]);
      const refused = await service.editIdentifier(target.id, target.identifiers[0]!.id, {
        type: 'employee_id',
        value: code,
      });
      expect(refused).toMatchObject({ ok: false, error: { code: 'identifier_in_use' } });
      if (!refused.ok) expect(refused.error.message).toContain(ownerName);
      expect((await user(target.id))!.identifiers.map((i) => i.value)).toEqual([mine]);
    });

    it('refuses a device login with domain * when another user holds that username in a domain; allows another domain', async () => {
      const username = fresh('jsmith');
      const ownerName = fresh('Corp owner ');
      const owner = await addUser(ownerName, [{ type: 'device_login', value: username, domain: 'corp' }]);
      const target = await addUser(null);
      const refused = await service.addIdentifier(target.id, {
        type: 'device_login',
        value: username,
        domain: '*',
      });
      expect(refused).toMatchObject({
        ok: false,
        error: { code: 'identifier_in_use', details: { userId: owner.id } },
      });
      if (!refused.ok) expect(refused.error.message).toContain(ownerName);
      const allowed = value(
        await service.addIdentifier(target.id, {
          type: 'device_login',
          value: `EU\\${username.toUpperCase()}`,
        }),
      );
      expect(allowed.identifiers.map((i) => [i.value, i.domain])).toEqual([[username.toUpperCase(), 'EU']]);
      const reverse = await service.addIdentifier(owner.id, {
        type: 'device_login',
        value: username,
        domain: 'eu',
      });
      expect(reverse).toMatchObject({
        ok: false,
        error: { code: 'identifier_in_use', details: { userId: target.id } },
      });
    });
  });

  describe('time zone and primary group', () => {
    it('sets a validated IANA time zone and refuses an unknown one', async () => {
      const target = await addUser(null);
      value(await service.setTimeZone(target.id, 'America/New_York'));
      expect((await user(target.id))!.timeZone).toEqual({ value: 'America/New_York', source: 'manual' });
      const refused = await service.setTimeZone(target.id, 'Mars/Olympus');
      expect(refused).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
      expect((await user(target.id))!.timeZone.value).toBe('America/New_York');
    });

    it('sets the primary group of an Active user to one of its groups', async () => {
      const target = await addUser(null);
      await seedAgent(target.id, fresh('pg'));
      const group = fresh('Team ');
      await database.db.transaction((tx) =>
        applyChanges(tx, [{ op: 'addMembership', user: target.id, group, source: 'connector:hr' }], {
          actor: { kind: 'system' },
          now: NOW,
        }),
      );
      value(await service.setPrimaryGroup(target.id, group));
      expect((await user(target.id))!.primaryGroup).toEqual({ value: group, source: 'manual' });
      const refused = await service.setPrimaryGroup(target.id, 'Not mine');
      expect(refused).toMatchObject({ ok: false, error: { code: 'not_a_member' } });
    });

    it('refuses a primary group for an Unlicensed user (status derived from the stored agents)', async () => {
      const target = await addUser(null);
      await seedAgent(target.id, fresh('nodata'), null);
      const refused = await service.setPrimaryGroup(target.id, 'Any');
      expect(refused).toMatchObject({ ok: false, error: { code: 'not_allowed_for_status' } });
    });
  });

  describe('track and untrack', () => {
    it('untracks an Active user keeping its data, then tracks it again', async () => {
      const target = await addUser(null);
      const agentId = await seedAgent(target.id, fresh('tr'));
      value(await service.untrackUser(target.id));
      expect((await user(target.id))!.tracking).toBe('untracked');
      expect(await statusOf(target.id)).toBe('inactive');
      expect(await activityRows(agentId)).toBe(1);
      value(await service.trackUser(target.id));
      expect((await user(target.id))!.tracking).toBe('tracked');
      expect(await statusOf(target.id)).toBe('active');
      expect((await auditActions(target.id)).map((a) => a.action)).toEqual(['add_user', 'untrack', 'track']);
    });

    it('refuses to track a user that is already tracked', async () => {
      const target = await addUser(null);
      expect(await service.trackUser(target.id)).toMatchObject({
        ok: false,
        error: { code: 'not_allowed_for_status' },
      });
    });
  });

  describe('assign agent', () => {
    it('moves an agent with its history to another user and to a new user', async () => {
      const from = await addUser(null);
      const to = await addUser(null);
      const agentId = await seedAgent(from.id, fresh('mv'));
      const moved = value(await service.assignAgent(agentId, { userId: to.id }));
      expect(moved.agents.map((a) => [a.id, a.hasData])).toEqual([[agentId, true]]);
      expect(await activityRows(agentId)).toBe(1);
      expect(await statusOf(from.id)).toBe('unlicensed');
      expect(await statusOf(to.id)).toBe('active');
      expect((await auditActions(from.id)).map((a) => a.action)).toContain('assign_agent');

      const name = fresh('Fresh owner ');
      const created = value(await service.assignAgent(agentId, { newUser: { displayName: name } }));
      expect(created.displayName.value).toBe(name);
      expect(created.agents.map((a) => a.id)).toEqual([agentId]);
      expect((await user(to.id))!.agents).toEqual([]);
    });

    it('refuses while the current owner holds identifiers matching the agent, listing them', async () => {
      const username = fresh('jdoe');
      const owner = await addUser(username, [
        { type: 'email', value: `${username}@acme.com` },
        { type: 'employee_id', value: fresh('E') },
      ]);
      const to = await addUser(null);
      const agentId = await seedAgent(owner.id, username);
      const refused = await service.assignAgent(agentId, { userId: to.id });
      expect(refused.ok).toBe(false);
      if (refused.ok) return;
      expect(refused.error.code).toBe('conflicting_identifiers');
      expect(refused.error.details?.identifiers).toEqual(
        expect.arrayContaining([
          { type: 'email', value: `${username}@acme.com` },
          { type: 'display_name', value: username },
        ]),
      );
      expect((await user(owner.id))!.agents.map((a) => a.id)).toEqual([agentId]);
      expect((await auditActions(to.id)).map((a) => a.action)).toEqual(['add_user']);
    });
  });

  describe('merge agents', () => {
    it('merges two agents of an Active user into one, activity unified', async () => {
      const target = await addUser(null);
      const a = await seedAgent(target.id, fresh('m1'), new Date(RECENT.getTime() - 3 * DAY));
      const b = await seedAgent(target.id, fresh('m2'), RECENT);
      value(await service.mergeAgents(target.id, [a, b], true));
      const stored = (await user(target.id))!;
      expect(stored.agents).toHaveLength(1);
      expect(stored.agents[0]!.lastLog?.toISOString()).toBe(RECENT.toISOString());
      expect(await activityRows(stored.agents[0]!.id)).toBe(2);
      expect((await auditActions(target.id)).map((x) => x.action)).toContain('merge_agents');
    });

    it('refuses without confirmation and for an Unlicensed user', async () => {
      const active = await addUser(null);
      const agents = [await seedAgent(active.id, fresh('c1')), await seedAgent(active.id, fresh('c2'))];
      expect(await service.mergeAgents(active.id, agents, false)).toMatchObject({
        ok: false,
        error: { code: 'confirmation_required' },
      });
      expect((await user(active.id))!.agents).toHaveLength(2);

      const unlicensed = await addUser(null);
      const idle = [
        await seedAgent(unlicensed.id, fresh('u1'), null),
        await seedAgent(unlicensed.id, fresh('u2'), null),
      ];
      expect(await service.mergeAgents(unlicensed.id, idle, true)).toMatchObject({
        ok: false,
        error: { code: 'not_allowed_for_status' },
      });
    });
  });

  describe('merge user records', () => {
    it('moves identifiers, memberships, agents and links to the primary and deletes the others', async () => {
      const primary = await addUser(null, [{ type: 'employee_id', value: fresh('P') }]);
      const secondaryName = fresh('Secondary ');
      const address = freshEmail();
      const secondary = await addUser(secondaryName, [
        { type: 'upn', value: address },
        { type: 'email', value: address },
      ]);
      const third = await addUser(null, [{ type: 'device_login', value: fresh('dl'), domain: '*' }]);
      const agentId = await seedAgent(secondary.id, fresh('sa'));
      const connector = fresh('hr');
      const group = fresh('Merged group ');
      await database.db.transaction((tx) =>
        applyChanges(
          tx,
          [
            { op: 'addMembership', user: secondary.id, group, source: 'connector:hr' },
            { op: 'linkSource', connectorId: connector, externalId: 'x', user: third.id },
          ],
          { actor: { kind: 'system' }, now: NOW },
        ),
      );

      const merged = value(
        await service.mergeUsers({
          primaryUserId: primary.id,
          userIds: [secondary.id, third.id],
          confirm: true,
        }),
      );
      expect(merged.identifiers.map((i) => i.type).sort()).toEqual([
        'device_login',
        'email',
        'employee_id',
        'upn',
      ]);
      expect(merged.groups).toEqual([{ group, source: 'connector:hr' }]);
      expect(merged.agents.map((a) => a.id)).toEqual([agentId]);
      expect(merged.displayName.value).toBe(secondaryName);
      expect(await user(secondary.id)).toBeNull();
      expect(await user(third.id)).toBeNull();
      const links = await rows<{ user_id: number }>(
        database.db,
        sql`select user_id from source_links where connector_id = ${connector}`,
      );
      expect(links).toEqual([{ user_id: primary.id }]);
      const claims = await rows<{ user_id: number }>(
        database.db,
        sql`select distinct user_id from identifier_keys where user_id = any(${sql.param([primary.id, secondary.id, third.id])}::int[])`,
      );
      expect(claims).toEqual([{ user_id: primary.id }]);
      // Merged-away records are not deleted people: nothing goes onto the DNT list.
      expect(
        await rows(database.db, sql`select 1 from do_not_track where key = ${address.toLowerCase()}`),
      ).toEqual([]);
      expect((await auditActions(secondary.id)).map((a) => a.action)).toEqual(['add_user', 'merge_users']);
    });

    it('optionally merges every agent of the merged records into one', async () => {
      const primary = await addUser(null);
      const secondary = await addUser(null);
      const older = await seedAgent(secondary.id, fresh('old'), new Date(RECENT.getTime() - 5 * DAY));
      await seedAgent(primary.id, fresh('new'), RECENT);
      const merged = value(
        await service.mergeUsers({
          primaryUserId: primary.id,
          userIds: [primary.id, secondary.id],
          mergeAgents: true,
          confirm: true,
        }),
      );
      expect(merged.agents.map((a) => a.id)).toEqual([older]);
      expect(merged.agents[0]!.lastLog?.toISOString()).toBe(RECENT.toISOString());
      expect(await activityRows(older)).toBe(2);
    });

    it('refuses more than ten users and an unconfirmed merge, changing nothing', async () => {
      const many: number[] = [];
      for (let i = 0; i < 11; i += 1) many.push((await addUser(null)).id);
      expect(
        await service.mergeUsers({ primaryUserId: many[0]!, userIds: many, confirm: true }),
      ).toMatchObject({
        ok: false,
        error: { code: 'invalid_selection' },
      });
      expect(
        await service.mergeUsers({ primaryUserId: many[0]!, userIds: [many[1]!], confirm: false }),
      ).toMatchObject({ ok: false, error: { code: 'confirmation_required' } });
      expect(await user(many[1]!)).not.toBeNull();
    });
  });

  describe('reset user data', () => {
    it('deletes the activity, keeps record and agents, and makes the user Unlicensed', async () => {
      const target = await addUser(fresh('Reset '));
      const agentId = await seedAgent(target.id, fresh('rs'));
      expect(await statusOf(target.id)).toBe('active');
      value(await service.resetUserData(target.id, true));
      expect(await activityRows(agentId)).toBe(0);
      expect((await user(target.id))!.agents.map((a) => [a.id, a.hasData])).toEqual([[agentId, false]]);
      expect(await statusOf(target.id)).toBe('unlicensed');
      expect((await auditActions(target.id)).map((a) => a.action)).toEqual(['add_user', 'reset_user_data']);
    });

    it('refuses an Unlicensed user and an unconfirmed reset', async () => {
      const unlicensed = await addUser(null);
      expect(await service.resetUserData(unlicensed.id, true)).toMatchObject({
        ok: false,
        error: { code: 'not_allowed_for_status' },
      });
      const inactive = await addUser(null);
      const agentId = await seedAgent(inactive.id, fresh('in'), LONG_AGO);
      expect(await statusOf(inactive.id)).toBe('inactive');
      expect(await service.resetUserData(inactive.id, false)).toMatchObject({
        ok: false,
        error: { code: 'confirmation_required' },
      });
      expect(await activityRows(agentId)).toBe(1);
    });
  });

  describe('delete user & data', () => {
    it('deletes record and activity while its identifiers stay on the DNT list', async () => {
      const address = freshEmail();
      const username = fresh('del');
      const target = await addUser(fresh('Leaver '), [
        { type: 'email', value: address },
        { type: 'device_login', value: username, domain: 'corp' },
      ]);
      const agentId = await seedAgent(target.id, username);
      expect(value(await service.deleteUser(target.id, true))).toEqual({ deleted: target.id });
      expect(await user(target.id)).toBeNull();
      expect(await activityRows(agentId)).toBe(0);
      const dnt = await rows<{ type: string; key: string }>(
        database.db,
        sql`select type, key from do_not_track where former_user_id = ${target.id} order by type`,
      );
      expect(dnt).toEqual([
        { type: 'device_login', key: `${username.toLowerCase()}\\corp` },
        { type: 'email', key: address.toLowerCase() },
      ]);
      expect((await auditActions(target.id)).map((a) => a.action)).toEqual(['add_user', 'delete_user']);
    });

    it('refuses an Unlicensed user, and a missing user as not_found', async () => {
      const target = await addUser(null, [{ type: 'email', value: freshEmail() }]);
      expect(await service.deleteUser(target.id, true)).toMatchObject({
        ok: false,
        error: { code: 'not_allowed_for_status' },
      });
      expect(await user(target.id)).not.toBeNull();
      expect(await service.deleteUser(2_000_000_000, true)).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      });
    });
  });
});
