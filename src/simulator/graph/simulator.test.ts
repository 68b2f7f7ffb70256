import { describe, expect, it } from 'vitest';
import { generatePeople } from '../people.ts';
import {
  createGraphSimulator,
  type GraphSimulator,
  type GraphUserObject,
  generateGraphUsers,
} from './index.ts';

const origin = 'https://graph.sim.test';
const tenantId = 'tenant-1';

function simulator(users: GraphUserObject[], options: { pageSize?: number; now?: () => number } = {}) {
  return createGraphSimulator({ tenantId, clientId: 'app-1', clientSecret: 's3cret', users, ...options });
}

async function token(sim: GraphSimulator, scope = `${origin}/.default`): Promise<string> {
  const response = await sim.handle(
    new Request(`https://login.sim.test/${tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'app-1',
        client_secret: 's3cret',
        scope,
      }),
    }),
  );
  return ((await response.json()) as { access_token: string }).access_token;
}

async function get(
  sim: GraphSimulator,
  pathOrUrl: string,
  bearer: string,
): Promise<{ status: number; body: GraphBody }> {
  const url = pathOrUrl.startsWith('https://') ? pathOrUrl : `${origin}${pathOrUrl}`;
  const response = await sim.handle(new Request(url, { headers: { authorization: `Bearer ${bearer}` } }));
  return { status: response.status, body: await response.json() };
}

// Test reads of arbitrary Graph JSON.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type GraphBody = any;

const user = (id: string, extra: Record<string, unknown> = {}): GraphUserObject => ({
  id,
  displayName: `User ${id}`,
  userPrincipalName: `${id}@acme.com`,
  department: 'Sales',
  ...extra,
});

describe('simulated Graph tenant', () => {
  it('serves the OpenID configuration document of the tenant with its token endpoint', async () => {
    const sim = simulator([]);
    const response = await sim.handle(
      new Request(`https://login.sim.test/${tenantId}/v2.0/.well-known/openid-configuration`),
    );
    const body = (await response.json()) as Record<string, string>;
    expect(body.token_endpoint).toBe(`https://login.sim.test/${tenantId}/oauth2/v2.0/token`);
    expect(body.issuer).toBe(`https://login.sim.test/${tenantId}/v2.0`);
  });

  it('leaves routes it does not own to other handlers (handler), and answers them 404 through handle', async () => {
    const sim = simulator([]);
    const foreign = new Request('https://api.bamboohr.sim/api/gateway.php/acme/v1/employees/directory');
    expect(await sim.handler(foreign)).toBeUndefined();
    expect((await sim.handle(foreign)).status).toBe(404);
  });

  it('refuses a wrong client secret with the identity platform error AADSTS7000215', async () => {
    const sim = simulator([]);
    const response = await sim.handle(
      new Request(`https://login.sim.test/${tenantId}/oauth2/v2.0/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: 'app-1',
          client_secret: 'no',
          scope: `${origin}/.default`,
        }),
      }),
    );
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
  });

  it('answers 401 with a Graph error body without a token, with a token for another host, and with an expired token', async () => {
    let now = 1_000_000;
    const sim = simulator([user('a')], { now: () => now });
    const missing = await sim.handle(new Request(`${origin}/v1.0/users`));
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({
      error: {
        code: 'InvalidAuthenticationToken',
        innerError: { 'request-id': expect.any(String), date: expect.any(String) },
      },
    });
    const otherAudience = await token(sim, 'https://graph.microsoft.com/.default');
    expect((await get(sim, '/v1.0/users', otherAudience)).body.error.message).toMatch(/Invalid audience/);
    const good = await token(sim);
    expect((await get(sim, '/v1.0/users', good)).status).toBe(200);
    now += 3_601_000;
    expect((await get(sim, '/v1.0/users', good)).body.error.message).toMatch(/expired/);
  });

  it('pages /users with $top (capped at 999) and $select, the next link carrying both', async () => {
    const sim = simulator(
      Array.from({ length: 1200 }, (_, i) => user(`u${i}`)),
      { pageSize: 100 },
    );
    const bearer = await token(sim);
    const first = await get(sim, '/v1.0/users?$select=id,displayName&$top=5000', bearer);
    expect(first.body.value).toHaveLength(999);
    expect(Object.keys(first.body.value[0]).sort()).toEqual(['displayName', 'id']);
    expect(first.body['@odata.nextLink']).toMatch(/\$select=id,displayName&\$top=999&\$skiptoken=/);
    const second = await get(sim, first.body['@odata.nextLink'], bearer);
    expect(second.body.value).toHaveLength(201);
    expect(second.body['@odata.nextLink']).toBeUndefined();
    const byDefault = await get(sim, '/v1.0/users', bearer);
    expect(byDefault.body.value).toHaveLength(100);
  });

  it('runs delta rounds: initial whole users, then changed properties only, @removed for deletes, whole again on restore', async () => {
    const sim = simulator([user('a'), user('b'), user('c')]);
    const bearer = await token(sim);
    const initial = await get(sim, '/v1.0/users/delta?$select=id,displayName,department', bearer);
    expect(initial.body.value).toHaveLength(3);
    let link: string = initial.body['@odata.deltaLink'];

    sim.updateUser('a', { department: 'Finance' });
    sim.softDelete('b');
    sim.hardDelete('c');
    sim.addUser(user('d'));
    const changes = await get(sim, link, bearer);
    expect(changes.body.value).toEqual([
      { id: 'a', department: 'Finance' },
      { id: 'b', '@removed': { reason: 'changed' } },
      { id: 'd', displayName: 'User d', department: 'Sales' },
      { id: 'c', '@removed': { reason: 'deleted' } },
    ]);
    link = changes.body['@odata.deltaLink'];

    sim.restore('b');
    const restored = await get(sim, link, bearer);
    expect(restored.body.value).toEqual([{ id: 'b', displayName: 'User b', department: 'Sales' }]);
    expect((await get(sim, restored.body['@odata.deltaLink'], bearer)).body.value).toEqual([]);
  });

  it('gives a delta link without data for $deltatoken=latest, and refuses expired delta links with 410', async () => {
    const sim = simulator([user('a')]);
    const bearer = await token(sim);
    const latest = await get(sim, '/v1.0/users/delta?$select=id&$deltatoken=latest', bearer);
    expect(latest.body).toMatchObject({
      value: [],
      '@odata.deltaLink': expect.stringContaining('$deltatoken='),
    });
    sim.expireDeltaTokens();
    const expired = await get(sim, latest.body['@odata.deltaLink'], bearer);
    expect(expired.status).toBe(410);
    expect(expired.body.error.code).toBe('resyncRequired');
  });

  it('injects 429 with Retry-After for the next requests only', async () => {
    const sim = simulator([user('a')]);
    const bearer = await token(sim);
    sim.throttleNext(1, 3);
    const throttled = await sim.handle(
      new Request(`${origin}/v1.0/users`, { headers: { authorization: `Bearer ${bearer}` } }),
    );
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('3');
    expect((await get(sim, '/v1.0/users', bearer)).status).toBe(200);
  });

  it('throttles every Nth Graph request when configured with standing throttling', async () => {
    const sim = createGraphSimulator({
      tenantId,
      clientId: 'app-1',
      clientSecret: 's3cret',
      users: [user('a')],
      throttle: { everyNth: 3, retryAfterSeconds: 2 },
    });
    const bearer = await token(sim);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await get(sim, '/v1.0/users', bearer)).status);
    expect(statuses).toEqual([200, 200, 429, 200, 200, 429]);
  });

  it('pages 100,000 users quickly (no per-page scan of the whole tenant)', async () => {
    const users = Array.from({ length: 100_000 }, (_, i) => user(`u${i}`));
    const sim = simulator(users);
    const bearer = await token(sim);
    const started = performance.now();
    let next: string | undefined = '/v1.0/users?$top=999&$select=id';
    let seen = 0;
    while (next !== undefined) {
      const page = await get(sim, next, bearer);
      seen += page.body.value.length;
      next = page.body['@odata.nextLink'];
    }
    expect(seen).toBe(100_000);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});

describe('generateGraphUsers', () => {
  it('is deterministic from its seed and builds members from the shared people in order', () => {
    expect(generateGraphUsers(30, 9)).toEqual(generateGraphUsers(30, 9));
    const users = generateGraphUsers(200, 9, { guestShare: 0.05 });
    expect(users.filter((u) => u.userType === 'Member')).toHaveLength(200);
    expect(users.filter((u) => u.userType === 'Guest')).toHaveLength(10);
    const people = generatePeople(200, 9);
    expect(users.slice(0, 200).map((u) => u.userPrincipalName)).toEqual(people.map((p) => p.upn));
    const withIds = users.filter((u) => u.employeeId !== null);
    expect(withIds.length).toBeGreaterThan(150);
    for (const u of withIds)
      expect(people.some((p) => p.employeeNumber === u.employeeId && p.upn === u.userPrincipalName)).toBe(
        true,
      );
  });

  it('gives realistic variety: SMTP/smtp/sip/x500 proxies, disabled accounts, on-premises logons, #EXT# guests', () => {
    const users = generateGraphUsers(500, 3, { terminatedShare: 0.1 });
    const proxies = users.flatMap((u) => u.proxyAddresses);
    for (const prefix of ['SMTP:', 'smtp:', 'sip:', 'x500:'])
      expect(proxies.some((p) => p.startsWith(prefix))).toBe(true);
    expect(users.some((u) => !u.accountEnabled)).toBe(true);
    expect(users.some((u) => u.onPremisesSamAccountName !== null)).toBe(true);
    expect(users.some((u) => u.onPremisesSamAccountName === null)).toBe(true);
    expect(
      users.filter((u) => u.userType === 'Guest').every((u) => u.userPrincipalName.includes('#EXT#')),
    ).toBe(true);
  });

  it('makes address conflicts only when asked (sharedAddressShare)', () => {
    const claims = (users: ReturnType<typeof generateGraphUsers>) => {
      const owners = new Map<string, Set<string>>();
      for (const u of users) {
        for (const p of u.proxyAddresses.filter((x) => x.toLowerCase().startsWith('smtp:'))) {
          const key = p.slice(5).toLowerCase();
          owners.set(key, (owners.get(key) ?? new Set()).add(u.id));
        }
      }
      return [...owners.values()].filter((ids) => ids.size > 1).length;
    };
    expect(claims(generateGraphUsers(300, 4))).toBe(0);
    expect(claims(generateGraphUsers(300, 4, { sharedAddressShare: 0.1 }))).toBeGreaterThan(0);
  });
});
