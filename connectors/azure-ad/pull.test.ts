// Full and delta pulls against the simulated tenant, with the real Graph client and credential.
import { describe, expect, it } from 'vitest';
import { type GraphUserObject, generateGraphUsers } from '../../src/simulator/graph/index.ts';
import { valuesOf } from '../types.ts';
import { connector, drain, startTenant, useGraphMsw } from './__fixtures__/harness.ts';

useGraphMsw();

function newUser(id: string, alias: string, overrides: Record<string, unknown> = {}): GraphUserObject {
  return {
    id,
    userPrincipalName: `${alias}@acme.com`,
    mail: `${alias}@acme.com`,
    proxyAddresses: [`SMTP:${alias}@acme.com`],
    displayName: alias,
    accountEnabled: true,
    userType: 'Member',
    department: 'Sales',
    ...overrides,
  };
}

describe('azure-ad full pull', () => {
  it('reads every page of /users by following @odata.nextLink as given, with $select and $top=999', async () => {
    const users = generateGraphUsers(2100, 11, { guestShare: 0 });
    const tenant = startTenant(users);
    const result = await drain(connector());

    expect(result.records.map((record) => record.externalId)).toEqual(users.map((user) => user.id));
    expect(result.pages).toHaveLength(3);
    expect(result.outcome).toMatchObject({ mode: 'full', complete: true });
    const listRequests = tenant.requestLog.filter((request) => request.path.startsWith('/v1.0/users?'));
    expect(listRequests).toHaveLength(3);
    expect(listRequests[0]!.path).toContain('$top=999');
    expect(listRequests[0]!.path).toContain('$select=id,userPrincipalName,mail,otherMails,proxyAddresses');
    expect(listRequests.slice(1).every((request) => request.path.includes('$skiptoken='))).toBe(true);
  });

  it('keeps a delta link taken before the pages as the cursor', async () => {
    const tenant = startTenant(generateGraphUsers(5, 1));
    const result = await drain(connector());
    expect(result.outcome.cursor).toMatch(/\/v1\.0\/users\/delta\?\$deltatoken=/);
    expect(tenant.requestLog[0]!.path).toContain('$deltatoken=latest');
  });

  it('gives an empty tenant an empty, complete snapshot', async () => {
    startTenant([]);
    const result = await drain(connector());
    expect(result.records).toEqual([]);
    expect(result.outcome).toMatchObject({ mode: 'full', complete: true });
  });

  it('quarantines malformed user objects as invalid records and maps the rest of the page', async () => {
    const good = newUser('good-1', 'good');
    startTenant([good, { id: 'bad-1', accountEnabled: 'yes' }, { id: 'bad-2', otherMails: 'x@y.z' }]);
    const result = await drain(connector());
    expect(result.records.map((record) => record.externalId)).toEqual(['good-1']);
    expect(result.invalid.map((invalid) => invalid.externalId)).toEqual(['bad-1', 'bad-2']);
    expect(result.invalid[0]!.reason).toMatch(/accountEnabled/);
  });

  it('leaves guests out of the snapshot unless include_guests is true', async () => {
    const users = generateGraphUsers(100, 5, { guestShare: 0.1 });
    const guests = users.filter((user) => user.userType === 'Guest').map((user) => user.id);
    expect(guests.length).toBe(10);
    startTenant(users);
    const without = await drain(connector());
    expect(without.records.some((record) => guests.includes(record.externalId))).toBe(false);
    const withGuests = await drain(connector({ include_guests: true }));
    expect(withGuests.records.filter((record) => guests.includes(record.externalId))).toHaveLength(10);
  });

  it('passes filter to Graph as $filter, and then runs fully every time (no delta cursor)', async () => {
    const tenant = startTenant(generateGraphUsers(3, 2));
    const result = await drain(connector({ filter: "accountEnabled eq true and department eq 'R&D'" }));
    const sent = new URL(`https://graph.sim.test${tenant.requestLog.at(-1)!.path}`);
    expect(sent.searchParams.get('$filter')).toBe("accountEnabled eq true and department eq 'R&D'");
    expect(result.outcome.cursor).toBeNull();
    const again = await drain(connector({ filter: 'accountEnabled eq true' }), {
      mode: 'incremental',
      cursor: 'x',
    });
    expect(again.outcome).toMatchObject({ mode: 'full', fallbackReason: expect.stringContaining('filter') });
  });

  it('reads mailbox time zones only when read_mailbox_settings is on, converting Windows names', async () => {
    const users = [
      newUser('tz-1', 'pacific', { mailboxSettings: { timeZone: 'Pacific Standard Time' } }),
      newUser('tz-2', 'iana', { mailboxSettings: { timeZone: 'Europe/Paris' } }),
      newUser('tz-3', 'mars', { mailboxSettings: { timeZone: 'Mars Standard Time' } }),
      newUser('tz-4', 'nomailbox', { mail: null }),
    ];
    const tenant = startTenant(users);
    const off = await drain(connector());
    expect(off.records.every((record) => record.timeZone === null)).toBe(true);
    expect(tenant.requestLog.some((request) => request.path.includes('mailboxSettings'))).toBe(false);

    const on = await drain(connector({ read_mailbox_settings: true }));
    expect(on.records.map((record) => record.timeZone)).toEqual([
      'America/Los_Angeles',
      'Europe/Paris',
      null,
      null,
    ]);
    expect(on.outcome.warnings).toEqual([expect.stringContaining('Mars Standard Time')]);
  });
});

describe('azure-ad delta pull', () => {
  async function fullThenTenant(users: GraphUserObject[]) {
    const tenant = startTenant(users);
    const full = await drain(connector());
    return { tenant, cursor: full.outcome.cursor! };
  }

  it('reports nothing for an unchanged tenant and hands back a new delta link', async () => {
    const { cursor } = await fullThenTenant(generateGraphUsers(50, 3));
    const delta = await drain(connector(), { mode: 'incremental', cursor });
    expect(delta.records).toEqual([]);
    expect(delta.removals).toEqual([]);
    expect(delta.outcome).toMatchObject({ mode: 'incremental', complete: true });
    expect(delta.outcome.cursor).toMatch(/deltatoken=/);
  });

  it('brings a created user whole, and an updated user re-read whole', async () => {
    const { tenant, cursor } = await fullThenTenant([newUser('u-1', 'ada'), newUser('u-2', 'bob')]);
    tenant.addUser(newUser('u-3', 'cleo'));
    tenant.updateUser('u-1', { department: 'Finance' });
    const delta = await drain(connector(), { mode: 'incremental', cursor });
    const byId = new Map(delta.records.map((record) => [record.externalId, record]));
    expect([...byId.keys()].sort()).toEqual(['u-1', 'u-3']);
    expect(byId.get('u-1')).toMatchObject({ groups: ['Finance'], displayName: 'ada' });
    expect(valuesOf(byId.get('u-1')!, 'upn')).toEqual(['ada@acme.com']);
    expect(valuesOf(byId.get('u-3')!, 'upn')).toEqual(['cleo@acme.com']);
    expect(tenant.requestLog.some((request) => request.path.startsWith('/v1.0/users/u-1?'))).toBe(true);
    expect(tenant.requestLog.some((request) => request.path.startsWith('/v1.0/users/u-3?'))).toBe(false);
  });

  it('turns a soft delete and a hard delete into removals, and a restore into a whole record again', async () => {
    const { tenant, cursor } = await fullThenTenant([newUser('u-1', 'ada'), newUser('u-2', 'bob')]);
    tenant.softDelete('u-1');
    tenant.hardDelete('u-2');
    const first = await drain(connector(), { mode: 'incremental', cursor });
    expect(first.removals.sort()).toEqual(['u-1', 'u-2']);
    expect(first.records).toEqual([]);

    tenant.restore('u-1');
    const second = await drain(connector(), { mode: 'incremental', cursor: first.outcome.cursor });
    expect(second.records.map((record) => record.externalId)).toEqual(['u-1']);
    expect(second.removals).toEqual([]);
  });

  it('reports a member who became a guest as removed', async () => {
    const { tenant, cursor } = await fullThenTenant([newUser('u-1', 'ada')]);
    tenant.updateUser('u-1', { userType: 'Guest' });
    const delta = await drain(connector(), { mode: 'incremental', cursor });
    expect(delta.removals).toEqual(['u-1']);
  });

  it('falls back to a full read when the delta link is gone (410), saying so', async () => {
    const { tenant, cursor } = await fullThenTenant(generateGraphUsers(10, 4));
    tenant.expireDeltaTokens();
    const result = await drain(connector(), { mode: 'incremental', cursor });
    expect(result.outcome).toMatchObject({ mode: 'full', complete: true });
    expect(result.outcome.fallbackReason).toMatch(/410 resyncRequired/);
    expect(result.records).toHaveLength(10);
  });

  it('falls back to a full read on 400 syncStateNotFound, saying so', async () => {
    startTenant(generateGraphUsers(10, 4), { expiredDeltaTokenStatus: 400 });
    const full = await drain(connector());
    startTenant(generateGraphUsers(10, 4), { expiredDeltaTokenStatus: 400 });
    // A new tenant never issued that token's state: it is expired there.
    const result = await drain(connector(), {
      mode: 'incremental',
      cursor: full.outcome.cursor!.replace(/deltatoken=.*/, 'deltatoken=garbage'),
    });
    expect(result.outcome.mode).toBe('full');
    expect(result.outcome.fallbackReason).toMatch(/400 syncStateNotFound/);
  });
});
