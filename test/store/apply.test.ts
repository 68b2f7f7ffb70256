// applyChanges: every op of the Change language written and read back, on both databases.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, Change } from '../../src/domain/changes.ts';
import type { UserRecord } from '../../src/domain/types.ts';
import { type ApplyResult, applyChanges } from '../../src/store/apply.ts';
import { StoreConflictError } from '../../src/store/errors.ts';
import { loadUser, loadUsers } from '../../src/store/users.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/databases.ts';
import { fresh, freshEmail, normalized, rows } from './values.ts';

const NOW = new Date('2025-03-10T12:00:00.000Z');

describe.each(DATABASE_KINDS)('applyChanges on %s', (kind) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.destroy();
  });

  function apply(changes: Change[], actor: Actor = { kind: 'system' }, now = NOW): Promise<ApplyResult> {
    return database.db.transaction((tx) => applyChanges(tx, changes, { actor, now }));
  }

  async function user(id: number): Promise<UserRecord> {
    const found = await loadUser(database.db, id);
    if (!found) throw new Error(`user ${id} not found`);
    return found;
  }

  async function newUser(changes: Change[] = []): Promise<number> {
    const result = await apply([{ op: 'createUser', ref: 'new:u', tracking: 'tracked' }, ...changes]);
    return result.users.get('new:u')!;
  }

  const email = (value: string) => normalized({ type: 'email', value });
  const upn = (value: string) => normalized({ type: 'upn', value });
  const employeeId = (value: string) => normalized({ type: 'employee_id', value });
  const deviceLogin = (value: string, domain: string) => normalized({ type: 'device_login', value, domain });

  async function claimsOf(userId: number): Promise<string[]> {
    const found = await rows<{ key: string }>(
      database.db,
      sql`select key from identifier_keys where user_id = ${userId} order by key`,
    );
    return found.map((r) => r.key);
  }

  async function activityOf(agentId: number) {
    return rows<{ day: string; first_at: string | Date; last_at: string | Date; reports: number }>(
      database.db,
      sql`select to_char(day, 'YYYY-MM-DD') as day, first_at, last_at, reports from agent_activity
          where agent_id = ${agentId} order by day`,
    );
  }

  async function newAgent(userId: number, firstLog?: Date, lastLog?: Date): Promise<number> {
    const ref = `agent:${fresh('a')}` as const;
    const changes: Change[] = [
      { op: 'createAgent', ref, user: userId, username: fresh('login'), logonDomain: 'CORP' },
    ];
    if (firstLog && lastLog) changes.push({ op: 'recordActivity', agent: ref, firstLog, lastLog });
    const result = await apply(changes);
    return result.agents.get(ref)!;
  }

  describe('users', () => {
    it('creates users named by refs that later changes of the same list refer to', async () => {
      const name = fresh('Ann ');
      const address = freshEmail();
      const result = await apply([
        {
          op: 'createUser',
          ref: 'new:ann',
          tracking: 'tracked',
          displayName: { value: name, source: 'manual' },
          timeZone: { value: 'Europe/Paris', source: 'connector:hr' },
        },
        { op: 'createUser', ref: 'new:bob', tracking: 'untracked' },
        { op: 'addIdentifier', user: 'new:ann', identifier: email(address), source: 'manual' },
        { op: 'addMembership', user: 'new:bob', group: 'Sales', source: 'manual' },
      ]);
      const annId = result.users.get('new:ann')!;
      const bobId = result.users.get('new:bob')!;
      expect(annId).not.toBe(bobId);
      const [ann, bob] = await loadUsers(database.db, [annId, bobId]);
      expect(ann!.displayName).toEqual({ value: name, source: 'manual' });
      expect(ann!.timeZone).toEqual({ value: 'Europe/Paris', source: 'connector:hr' });
      expect(ann!.tracking).toBe('tracked');
      expect(ann!.createdAt.toISOString()).toBe(NOW.toISOString());
      expect(ann!.identifiers.map((i) => [i.type, i.value, i.source])).toEqual([
        ['email', address, 'manual'],
      ]);
      expect(bob!.tracking).toBe('untracked');
      expect(bob!.displayName).toEqual({ value: null, source: null });
      expect(bob!.groups).toEqual([{ group: 'Sales', source: 'manual' }]);
    });

    it('sets and clears attributes with their sources', async () => {
      const id = await newUser([{ op: 'addMembership', user: 'new:u', group: 'Ops', source: 'manual' }]);
      const name = fresh('Cara ');
      await apply([
        {
          op: 'setAttributes',
          user: id,
          displayName: { value: name, source: 'connector:hr' },
          timeZone: { value: 'Asia/Tokyo', source: 'manual' },
          primaryGroup: { value: 'Ops', source: 'manual' },
        },
      ]);
      let record = await user(id);
      expect(record.displayName).toEqual({ value: name, source: 'connector:hr' });
      expect(record.timeZone).toEqual({ value: 'Asia/Tokyo', source: 'manual' });
      expect(record.primaryGroup).toEqual({ value: 'Ops', source: 'manual' });

      await apply([{ op: 'setAttributes', user: id, timeZone: { value: null, source: 'manual' } }]);
      record = await user(id);
      expect(record.timeZone).toEqual({ value: null, source: null });
      expect(record.displayName.value).toBe(name);
    });

    it('swaps two display names in one change list', async () => {
      const [first, second] = [fresh('First '), fresh('Second ')];
      const a = await newUser([
        { op: 'setAttributes', user: 'new:u', displayName: { value: first, source: 'manual' } },
      ]);
      const b = await newUser([
        { op: 'setAttributes', user: 'new:u', displayName: { value: second, source: 'manual' } },
      ]);
      await apply([
        { op: 'setAttributes', user: a, displayName: { value: second, source: 'manual' } },
        { op: 'setAttributes', user: b, displayName: { value: first, source: 'manual' } },
      ]);
      expect((await user(a)).displayName.value).toBe(second);
      expect((await user(b)).displayName.value).toBe(first);
    });

    it('writes a new user once with the attributes and tracking later changes of the list give it', async () => {
      const name = fresh('Cleo ');
      const result = await apply([
        { op: 'createUser', ref: 'new:cleo', tracking: 'tracked' },
        {
          op: 'setAttributes',
          user: 'new:cleo',
          displayName: { value: name, source: 'connector:hr' },
          primaryGroup: { value: 'Finance', source: 'connector:hr' },
        },
        { op: 'setAttributes', user: 'new:cleo', timeZone: { value: 'Europe/Oslo', source: 'connector:hr' } },
        { op: 'setTracking', user: 'new:cleo', tracking: 'untracked' },
      ]);
      const id = result.users.get('new:cleo')!;
      const [cleo] = await loadUsers(database.db, [id]);
      expect(cleo!.displayName).toEqual({ value: name, source: 'connector:hr' });
      expect(cleo!.primaryGroup).toEqual({ value: 'Finance', source: 'connector:hr' });
      expect(cleo!.timeZone).toEqual({ value: 'Europe/Oslo', source: 'connector:hr' });
      expect(cleo!.tracking).toBe('untracked');
      const [row] = await rows<{ created: string; updated: string }>(
        database.db,
        sql`select created_at::text as created, updated_at::text as updated from users where id = ${id}`,
      );
      expect(row!.updated).toBe(row!.created);
    });

    it('gives a new user the display name an existing user gives up in the same list', async () => {
      const name = fresh('Robin ');
      const renamed = fresh('Robin Former ');
      const holder = await newUser([
        { op: 'setAttributes', user: 'new:u', displayName: { value: name, source: 'connector:hr' } },
      ]);
      const result = await apply([
        { op: 'setAttributes', user: holder, displayName: { value: renamed, source: 'connector:hr' } },
        {
          op: 'createUser',
          ref: 'new:robin',
          tracking: 'tracked',
          displayName: { value: name, source: 'connector:hr' },
        },
      ]);
      expect((await user(holder)).displayName.value).toBe(renamed);
      expect((await user(result.users.get('new:robin')!)).displayName.value).toBe(name);
    });

    it('refuses a display name another user holds (case-insensitive) as display_name_in_use', async () => {
      const name = fresh('Dana ');
      await newUser([{ op: 'setAttributes', user: 'new:u', displayName: { value: name, source: 'manual' } }]);
      const other = await newUser();
      const refused = apply([
        { op: 'setAttributes', user: other, displayName: { value: name.toUpperCase(), source: 'manual' } },
      ]);
      await expect(refused).rejects.toBeInstanceOf(StoreConflictError);
      await expect(refused).rejects.toMatchObject({ domainError: { code: 'display_name_in_use' } });
      expect((await user(other)).displayName.value).toBeNull();
    });

    it('sets tracking', async () => {
      const id = await newUser();
      await apply([{ op: 'setTracking', user: id, tracking: 'untracked' }]);
      expect((await user(id)).tracking).toBe('untracked');
      await apply([{ op: 'setTracking', user: id, tracking: 'tracked' }]);
      expect((await user(id)).tracking).toBe('tracked');
    });
  });

  describe('identifiers', () => {
    it('adds identifiers with source and time, most recently updated first', async () => {
      const address = freshEmail();
      const id = await newUser([
        { op: 'addIdentifier', user: 'new:u', identifier: upn(address), source: 'connector:aad' },
      ]);
      const later = new Date(NOW.getTime() + 60_000);
      const second = freshEmail();
      await apply(
        [{ op: 'addIdentifier', user: id, identifier: upn(second), source: 'manual' }],
        undefined,
        later,
      );
      const record = await user(id);
      expect(record.identifiers.map((i) => [i.value, i.source, i.updatedAt.toISOString()])).toEqual([
        [second, 'manual', later.toISOString()],
        [address, 'connector:aad', NOW.toISOString()],
      ]);
      expect(await claimsOf(id)).toEqual([address.toLowerCase(), second.toLowerCase()].sort());
    });

    it('lets one user hold one address as UPN and email under one claim, kept until both are gone', async () => {
      const address = freshEmail();
      const id = await newUser([
        { op: 'addIdentifier', user: 'new:u', identifier: upn(address), source: 'manual' },
        { op: 'addIdentifier', user: 'new:u', identifier: email(address.toUpperCase()), source: 'manual' },
      ]);
      const record = await user(id);
      expect(record.identifiers.map((i) => i.type).sort()).toEqual(['email', 'upn']);
      expect(await claimsOf(id)).toEqual([address.toLowerCase()]);

      const upnRow = record.identifiers.find((i) => i.type === 'upn')!;
      await apply([{ op: 'removeIdentifier', identifierId: upnRow.id, userId: id }]);
      expect((await user(id)).identifiers.map((i) => i.type)).toEqual(['email']);
      expect(await claimsOf(id)).toEqual([address.toLowerCase()]);
    });

    it('removes an identifier and releases its claim so another user can take it', async () => {
      const code = fresh('E');
      const a = await newUser([
        { op: 'addIdentifier', user: 'new:u', identifier: employeeId(code), source: 'manual' },
      ]);
      const [held] = (await user(a)).identifiers;
      await apply([{ op: 'removeIdentifier', identifierId: held!.id, userId: a }]);
      expect((await user(a)).identifiers).toEqual([]);
      expect(await claimsOf(a)).toEqual([]);
      const b = await newUser([
        { op: 'addIdentifier', user: 'new:u', identifier: employeeId(code), source: 'manual' },
      ]);
      expect((await user(b)).identifiers.map((i) => i.value)).toEqual([code]);
    });

    it('moves an identifier to another user keeping its source and time, with its claim', async () => {
      const address = freshEmail();
      const from = await newUser([
        { op: 'addIdentifier', user: 'new:u', identifier: email(address), source: 'connector:hr' },
      ]);
      const to = await newUser();
      const [held] = (await user(from)).identifiers;
      await apply(
        [{ op: 'moveIdentifier', identifierId: held!.id, fromUserId: from, toUser: to }],
        undefined,
        new Date(NOW.getTime() + 3_600_000),
      );
      expect((await user(from)).identifiers).toEqual([]);
      const [moved] = (await user(to)).identifiers;
      expect([moved!.value, moved!.source, moved!.updatedAt.toISOString()]).toEqual([
        address,
        'connector:hr',
        NOW.toISOString(),
      ]);
      expect(await claimsOf(from)).toEqual([]);
      expect(await claimsOf(to)).toEqual([address.toLowerCase()]);
    });

    it('refuses an identifier another user holds as identifier_in_use, naming the owner', async () => {
      const address = freshEmail();
      const owner = await newUser([
        { op: 'addIdentifier', user: 'new:u', identifier: upn(address), source: 'manual' },
      ]);
      const other = await newUser();
      const refused = apply([
        { op: 'addIdentifier', user: other, identifier: email(address), source: 'manual' },
      ]);
      await expect(refused).rejects.toMatchObject({
        domainError: { code: 'identifier_in_use', details: { userId: owner } },
      });
      expect((await user(other)).identifiers).toEqual([]);
    });

    it('refuses a device login with domain * overlapping another user’s login, as identifier_in_use', async () => {
      const username = fresh('jsmith');
      await newUser([
        { op: 'addIdentifier', user: 'new:u', identifier: deviceLogin(username, 'corp'), source: 'manual' },
      ]);
      const other = await newUser();
      const refused = apply([
        { op: 'addIdentifier', user: other, identifier: deviceLogin(username, '*'), source: 'manual' },
      ]);
      await expect(refused).rejects.toMatchObject({ domainError: { code: 'identifier_in_use' } });
      await apply([
        { op: 'addIdentifier', user: other, identifier: deviceLogin(username, 'eu'), source: 'manual' },
      ]);
      expect((await user(other)).identifiers.map((i) => [i.value, i.domain])).toEqual([[username, 'eu']]);
    });
  });

  describe('memberships', () => {
    it('adds memberships per source and removes only the named source', async () => {
      const group = fresh('Group ');
      const id = await newUser([
        { op: 'addMembership', user: 'new:u', group, source: 'manual' },
        { op: 'addMembership', user: 'new:u', group, source: 'connector:hr' },
        { op: 'addMembership', user: 'new:u', group: `${group} B`, source: 'connector:hr' },
      ]);
      expect((await user(id)).groups).toHaveLength(3);
      await apply([
        { op: 'removeMembership', user: id, group, source: 'connector:hr' },
        { op: 'removeMembership', user: id, group: `${group} B`, source: 'manual' },
      ]);
      expect((await user(id)).groups).toEqual([
        { group, source: 'manual' },
        { group: `${group} B`, source: 'connector:hr' },
      ]);
    });

    it('adds a membership twice without doubling it', async () => {
      const group = fresh('Group ');
      const id = await newUser([{ op: 'addMembership', user: 'new:u', group, source: 'manual' }]);
      await apply([{ op: 'addMembership', user: id, group, source: 'manual' }]);
      expect((await user(id)).groups).toEqual([{ group, source: 'manual' }]);
    });
  });

  describe('agents and activity', () => {
    it('creates an agent without data, then records activity: first and last log, has data, daily rows', async () => {
      const id = await newUser();
      const agentId = await newAgent(id);
      let [agent] = (await user(id)).agents;
      expect(agent).toMatchObject({ id: agentId, firstLog: null, lastLog: null, hasData: false });

      await apply([
        {
          op: 'recordActivity',
          agent: agentId,
          firstLog: new Date('2025-03-01T09:00:00Z'),
          lastLog: new Date('2025-03-02T17:00:00Z'),
        },
        {
          op: 'recordActivity',
          agent: agentId,
          firstLog: new Date('2025-02-28T08:00:00Z'),
          lastLog: new Date('2025-03-01T10:00:00Z'),
        },
      ]);
      [agent] = (await user(id)).agents;
      expect(agent!.firstLog?.toISOString()).toBe('2025-02-28T08:00:00.000Z');
      expect(agent!.lastLog?.toISOString()).toBe('2025-03-02T17:00:00.000Z');
      expect(agent!.hasData).toBe(true);

      // A later report that lies inside the known range changes neither end.
      await apply([
        {
          op: 'recordActivity',
          agent: agentId,
          firstLog: new Date('2025-03-01T11:00:00Z'),
          lastLog: new Date('2025-03-01T12:00:00Z'),
        },
      ]);
      [agent] = (await user(id)).agents;
      expect(agent!.firstLog?.toISOString()).toBe('2025-02-28T08:00:00.000Z');
      expect(agent!.lastLog?.toISOString()).toBe('2025-03-02T17:00:00.000Z');
      const activity = await activityOf(agentId);
      expect(activity.map((a) => a.day)).toEqual(['2025-02-28', '2025-03-01', '2025-03-02']);
      const march1 = activity.find((a) => a.day === '2025-03-01')!;
      expect(new Date(march1.first_at).toISOString()).toBe('2025-03-01T09:00:00.000Z');
      expect(new Date(march1.last_at).toISOString()).toBe('2025-03-01T12:00:00.000Z');
    });

    it('assigns an agent to another user with its history', async () => {
      const [from, to] = [await newUser(), await newUser()];
      const agentId = await newAgent(
        from,
        new Date('2025-03-01T09:00:00Z'),
        new Date('2025-03-01T10:00:00Z'),
      );
      await apply([{ op: 'assignAgent', agentId, fromUserId: from, toUser: to }]);
      expect((await user(from)).agents).toEqual([]);
      const [agent] = (await user(to)).agents;
      expect(agent).toMatchObject({ id: agentId, userId: to, hasData: true });
      expect(await activityOf(agentId)).toHaveLength(1);
    });

    it('assigns an agent to a user created in the same list', async () => {
      const from = await newUser();
      const agentId = await newAgent(from);
      const result = await apply([
        { op: 'createUser', ref: 'new:target', tracking: 'tracked' },
        { op: 'assignAgent', agentId, fromUserId: from, toUser: 'new:target' },
      ]);
      expect((await user(result.users.get('new:target')!)).agents.map((a) => a.id)).toEqual([agentId]);
    });

    it('merges agents: activity unified per day, first/last log widened, the merged agents deleted', async () => {
      const id = await newUser();
      const into = await newAgent(id, new Date('2025-03-01T09:00:00Z'), new Date('2025-03-01T10:00:00Z'));
      const other = await newAgent(id, new Date('2025-03-01T07:00:00Z'), new Date('2025-03-03T18:00:00Z'));
      const idle = await newAgent(id);
      await apply([{ op: 'mergeAgents', userId: id, intoAgentId: into, mergedAgentIds: [other, idle] }]);
      const agents = (await user(id)).agents;
      expect(agents.map((a) => a.id)).toEqual([into]);
      expect(agents[0]!.firstLog?.toISOString()).toBe('2025-03-01T07:00:00.000Z');
      expect(agents[0]!.lastLog?.toISOString()).toBe('2025-03-03T18:00:00.000Z');
      expect(agents[0]!.hasData).toBe(true);
      const activity = await activityOf(into);
      expect(activity.map((a) => [a.day, a.reports])).toEqual([
        ['2025-03-01', 2],
        ['2025-03-03', 1],
      ]);
      expect(new Date(activity[0]!.first_at).toISOString()).toBe('2025-03-01T07:00:00.000Z');
      expect(await activityOf(other)).toEqual([]);
    });

    it('resets user data: activity deleted, agents kept without data', async () => {
      const id = await newUser();
      const agentId = await newAgent(id, new Date('2025-03-01T09:00:00Z'), new Date('2025-03-02T10:00:00Z'));
      const bystander = await newUser();
      const kept = await newAgent(
        bystander,
        new Date('2025-03-01T09:00:00Z'),
        new Date('2025-03-01T10:00:00Z'),
      );
      await apply([{ op: 'resetUserData', userId: id }]);
      const [agent] = (await user(id)).agents;
      expect(agent).toMatchObject({ id: agentId, hasData: false });
      expect(await activityOf(agentId)).toEqual([]);
      expect(await activityOf(kept)).toHaveLength(1);
      expect((await user(bystander)).agents[0]!.hasData).toBe(true);
    });
  });

  describe('deletion and the DNT list', () => {
    it('deletes a user with everything it holds while its identifiers stay on the DNT list', async () => {
      const address = freshEmail();
      const username = fresh('dl');
      const connector = fresh('hr');
      const id = await newUser([
        { op: 'addIdentifier', user: 'new:u', identifier: upn(address), source: 'manual' },
        { op: 'addIdentifier', user: 'new:u', identifier: email(address), source: 'manual' },
        { op: 'addIdentifier', user: 'new:u', identifier: deviceLogin(username, '*'), source: 'manual' },
        { op: 'addMembership', user: 'new:u', group: 'Doomed', source: 'manual' },
        { op: 'linkSource', connectorId: connector, externalId: 'x1', user: 'new:u' },
      ]);
      const agentId = await newAgent(id, new Date('2025-03-01T09:00:00Z'), new Date('2025-03-01T10:00:00Z'));
      const record = await user(id);
      await apply([
        { op: 'addDoNotTrack', identifiers: record.identifiers, reason: 'deleted', formerUserId: id },
        { op: 'deleteUser', userId: id },
      ]);
      expect(await loadUser(database.db, id)).toBeNull();
      const leftovers = await rows<{ n: number }>(
        database.db,
        sql`select (select count(*) from identifiers where user_id = ${id})
                 + (select count(*) from identifier_keys where user_id = ${id})
                 + (select count(*) from agents where user_id = ${id})
                 + (select count(*) from agent_activity where agent_id = ${agentId})
                 + (select count(*) from memberships where user_id = ${id})
                 + (select count(*) from source_links where user_id = ${id}) as n`,
      );
      expect(Number(leftovers[0]!.n)).toBe(0);
      const dnt = await rows<{ namespace: string; key: string; former_user_id: number }>(
        database.db,
        sql`select namespace, key, former_user_id from do_not_track where former_user_id = ${id} order by namespace`,
      );
      expect(dnt).toEqual([
        { namespace: 'address', key: address.toLowerCase(), former_user_id: id },
        { namespace: 'device_login', key: `${username.toLowerCase()}\\*`, former_user_id: id },
      ]);
    });

    it('hands a deleted user’s display name to another user in the same list (merge)', async () => {
      const name = fresh('Merged ');
      const secondary = await newUser([
        { op: 'setAttributes', user: 'new:u', displayName: { value: name, source: 'manual' } },
      ]);
      const primary = await newUser();
      await apply([
        { op: 'deleteUser', userId: secondary },
        { op: 'setAttributes', user: primary, displayName: { value: name, source: 'manual' } },
      ]);
      expect(await loadUser(database.db, secondary)).toBeNull();
      expect((await user(primary)).displayName.value).toBe(name);
    });
  });

  describe('source links', () => {
    async function linksOf(connectorId: string) {
      return rows<{ external_id: string; user_id: number }>(
        database.db,
        sql`select external_id, user_id from source_links where connector_id = ${connectorId} order by external_id`,
      );
    }

    it('links, relinks, moves and unlinks source records', async () => {
      const connector = fresh('aad');
      const [a, b, c] = [await newUser(), await newUser(), await newUser()];
      await apply([
        { op: 'linkSource', connectorId: connector, externalId: 'r1', user: a },
        { op: 'linkSource', connectorId: connector, externalId: 'r2', user: a },
        { op: 'linkSource', connectorId: connector, externalId: 'r3', user: c },
      ]);
      expect(await linksOf(connector)).toEqual([
        { external_id: 'r1', user_id: a },
        { external_id: 'r2', user_id: a },
        { external_id: 'r3', user_id: c },
      ]);
      await apply([{ op: 'moveLinks', fromUserId: a, toUser: b }]);
      expect((await linksOf(connector)).map((l) => l.user_id)).toEqual([b, b, c]);
      await apply([
        { op: 'unlinkSource', connectorId: connector, externalId: 'r2' },
        { op: 'linkSource', connectorId: connector, externalId: 'r3', user: a },
      ]);
      expect(await linksOf(connector)).toEqual([
        { external_id: 'r1', user_id: b },
        { external_id: 'r3', user_id: a },
      ]);
    });
  });

  describe('audit', () => {
    it('writes audit rows with the actor, run id, user, before and after', async () => {
      const action = fresh('test_action_');
      const result = await apply(
        [
          { op: 'createUser', ref: 'new:audited', tracking: 'tracked' },
          { op: 'audit', user: 'new:audited', action, before: null, after: { tracking: 'tracked' } },
          { op: 'audit', user: null, action, before: { n: 1 }, after: { n: 2 } },
        ],
        { kind: 'run', runId: 42 },
      );
      const id = result.users.get('new:audited')!;
      const audit = await rows<{
        actor: string;
        run_id: number | null;
        user_id: number | null;
        before: unknown;
        after: unknown;
        at: string | Date;
      }>(
        database.db,
        sql`select actor, run_id, user_id, before, after, at from audit_log where action = ${action} order by id`,
      );
      expect(audit.map(({ at: _at, ...row }) => row)).toEqual([
        { actor: 'run', run_id: 42, user_id: id, before: null, after: { tracking: 'tracked' } },
        { actor: 'run', run_id: 42, user_id: null, before: { n: 1 }, after: { n: 2 } },
      ]);
      expect(new Date(audit[0]!.at).toISOString()).toBe(NOW.toISOString());

      await apply([{ op: 'audit', user: id, action }], { kind: 'admin' });
      const [adminRow] = await rows<{ actor: string; run_id: number | null }>(
        database.db,
        sql`select actor, run_id from audit_log where action = ${action} and actor = 'admin'`,
      );
      expect(adminRow).toEqual({ actor: 'admin', run_id: null });
    });
  });

  describe('atomicity', () => {
    it('writes nothing of a change list that fails half-way (an identifier another user owns)', async () => {
      const taken = freshEmail();
      const owner = await newUser([
        { op: 'addIdentifier', user: 'new:u', identifier: email(taken), source: 'manual' },
      ]);
      const victim = await newUser();
      const agentId = await newAgent(
        victim,
        new Date('2025-03-01T09:00:00Z'),
        new Date('2025-03-01T10:00:00Z'),
      );
      const name = fresh('Never ');
      const action = fresh('never_');
      const code = fresh('E');
      const usersBefore = await rows<{ n: number }>(database.db, sql`select count(*)::int as n from users`);

      const failing = apply([
        {
          op: 'createUser',
          ref: 'new:ghost',
          tracking: 'tracked',
          displayName: { value: name, source: 'manual' },
        },
        { op: 'addIdentifier', user: 'new:ghost', identifier: employeeId(code), source: 'manual' },
        { op: 'addIdentifier', user: 'new:ghost', identifier: email(taken), source: 'manual' },
        { op: 'setTracking', user: victim, tracking: 'untracked' },
        { op: 'resetUserData', userId: victim },
        { op: 'addMembership', user: victim, group: 'Never', source: 'manual' },
        { op: 'audit', user: victim, action, before: null, after: null },
      ]);
      await expect(failing).rejects.toMatchObject({ domainError: { code: 'identifier_in_use' } });

      const usersAfter = await rows<{ n: number }>(database.db, sql`select count(*)::int as n from users`);
      expect(usersAfter).toEqual(usersBefore);
      const victimAfter = await user(victim);
      expect(victimAfter.tracking).toBe('tracked');
      expect(victimAfter.groups).toEqual([]);
      expect(victimAfter.agents[0]!.hasData).toBe(true);
      expect(await activityOf(agentId)).toHaveLength(1);
      const stray = await rows<{ n: number }>(
        database.db,
        sql`select (select count(*) from identifier_keys where key = ${code})
                 + (select count(*) from users where display_name = ${name})
                 + (select count(*) from audit_log where action = ${action}) as n`,
      );
      expect(Number(stray[0]!.n)).toBe(0);
      expect(await claimsOf(owner)).toEqual([taken.toLowerCase()]);
    });
  });
});
