// User routes: list, read, add, edit, delete, identifiers, tracking, reset, merges, agents,
// activity, export, audit, explain and the DNT list; each authorized and with bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, type ErrorJson, issuesOf, jsonOf, NOW } from './harness.ts';

interface UserJson {
  id: number;
  displayName: string | null;
  user: string;
  status: string;
  tracking: string;
  timeZone: string | null;
  identifiers: Array<{ id: number; type: string; value: string; source: string; updatedAt: string }>;
  agents: Array<{ id: number; username: string; lastLog: string | null }>;
  links: unknown[];
}

let h: ApiHarness;
let sequence = 0;

beforeAll(async () => {
  // Room for a batch of thousands of activity reports.
  h = await createApiHarness('pglite', { maxBodyBytes: 1024 * 1024 });
});
afterAll(() => h.close());

async function newUser(extra: Record<string, unknown> = {}): Promise<UserJson> {
  sequence += 1;
  const response = await h.call('POST', '/api/v1/users', {
    identifiers: [{ type: 'upn', value: `person${sequence}@acme.com` }],
    ...extra,
  });
  expect(response.status).toBe(201);
  return jsonOf<UserJson>(response);
}

/** A user whose agent reported activity now: Active. */
async function activeUser(): Promise<UserJson> {
  const user = await newUser();
  const upn = user.identifiers[0]!.value;
  const report = await h.call('POST', '/api/v1/agents/activity', [
    { username: upn, logonDomain: 'ACME', at: NOW.toISOString() },
  ]);
  expect(report.status).toBe(200);
  return jsonOf<UserJson>(await h.call('GET', `/api/v1/users/${user.id}`));
}

async function expectError(response: Response, status: number, code: string): Promise<ErrorJson> {
  const body = await jsonOf<ErrorJson>(response);
  expect({ status: response.status, code: body.error.code }).toEqual({ status, code });
  return body;
}

describe('POST /api/v1/users and GET /api/v1/users/{id}', () => {
  it('adds a user, Unlicensed, in the contract shape', async () => {
    const user = await newUser({ displayName: 'Ada Lovelace', timeZone: 'Europe/London' });
    expect(user).toMatchObject({
      displayName: 'Ada Lovelace',
      user: 'Ada Lovelace',
      status: 'unlicensed',
      tracking: 'tracked',
    });
    expect(user.identifiers[0]).toMatchObject({ type: 'upn', source: 'manual' });
    const read = await jsonOf<UserJson>(await h.call('GET', `/api/v1/users/${user.id}`));
    expect(read).toEqual(user);
  });

  it('refuses an identifier owned by another user with 409, naming that user', async () => {
    const owner = await newUser();
    const response = await h.call('POST', '/api/v1/users', {
      identifiers: [{ type: 'email', value: owner.identifiers[0]!.value }],
    });
    const body = await expectError(response, 409, 'identifier_in_use');
    expect(JSON.stringify(body.error.details)).toContain(String(owner.id));
  });

  it('refuses an invalid address with 400 validation_failed from the domain rule', async () => {
    await expectError(
      await h.call('POST', '/api/v1/users', { identifiers: [{ type: 'email', value: 'not-an-address' }] }),
      400,
      'validation_failed',
    );
  });

  it('refuses unknown body keys', async () => {
    await expectError(await h.call('POST', '/api/v1/users', { nickname: 'x' }), 400, 'validation_failed');
  });

  it('answers an unknown user with 404 and a non-numeric id with 400', async () => {
    await expectError(await h.call('GET', '/api/v1/users/999999'), 404, 'not_found');
    await expectError(await h.call('GET', '/api/v1/users/abc'), 400, 'validation_failed');
  });
});

describe('GET /api/v1/users', () => {
  it('lists users filtered by tracking and display name, with the total', async () => {
    const named = await newUser({ displayName: `Named ${sequence}` });
    const response = await h.call('GET', '/api/v1/users?displayName=with&tracking=tracked');
    expect(response.status).toBe(200);
    const body = await jsonOf<{ users: UserJson[]; total: number }>(response);
    expect(body.users.map((u) => u.id)).toContain(named.id);
    expect(body.users.every((u) => u.displayName !== null)).toBe(true);
    expect(body.total).toBe(body.users.length);
  });

  it('pages with limit and offset', async () => {
    await newUser();
    await newUser();
    const all = await jsonOf<{ users: UserJson[]; total: number }>(await h.call('GET', '/api/v1/users'));
    const page = await jsonOf<{ users: UserJson[]; total: number }>(
      await h.call('GET', '/api/v1/users?limit=1&offset=1'),
    );
    expect(page.total).toBe(all.total);
    expect(page.users.map((u) => u.id)).toEqual([all.users[1]!.id]);
  });

  it('refuses an unknown status filter with 400', async () => {
    await expectError(await h.call('GET', '/api/v1/users?status=sleeping'), 400, 'validation_failed');
    await expectError(await h.call('GET', '/api/v1/users?limit=0'), 400, 'validation_failed');
  });
});

describe('GET /api/v1/users/export.csv', () => {
  it('sends Users.csv as an attachment, filtered like the list', async () => {
    const user = await newUser({ displayName: `Csv ${sequence}` });
    const response = await h.call('GET', '/api/v1/users/export.csv?displayName=with');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="Users.csv"');
    const text = await response.text();
    expect(text.split(/\r?\n/)[0]).toMatch(/^ID,User,Display Name,User Principal Name/);
    expect(text).toContain(user.displayName!);
  });

  it('refuses a bad filter with 400', async () => {
    await expectError(
      await h.call('GET', '/api/v1/users/export.csv?tracking=maybe'),
      400,
      'validation_failed',
    );
  });
});

describe('PATCH /api/v1/users/{id}', () => {
  it('edits display name and time zone', async () => {
    const user = await newUser();
    const response = await h.call('PATCH', `/api/v1/users/${user.id}`, {
      displayName: `Edited ${sequence}`,
      timeZone: 'America/New_York',
    });
    expect(response.status).toBe(200);
    expect(await jsonOf<UserJson>(response)).toMatchObject({
      displayName: `Edited ${sequence}`,
      timeZone: 'America/New_York',
    });
  });

  it('refuses a display name another user holds (409) and an unknown time zone (400)', async () => {
    const holder = await newUser({ displayName: `Taken ${sequence + 1}` });
    const other = await newUser();
    await expectError(
      await h.call('PATCH', `/api/v1/users/${other.id}`, { displayName: holder.displayName!.toUpperCase() }),
      409,
      'display_name_in_use',
    );
    await expectError(
      await h.call('PATCH', `/api/v1/users/${other.id}`, { timeZone: 'Mars/Olympus' }),
      400,
      'validation_failed',
    );
  });

  it('applies a patch whole or not at all: a refused field leaves the others unchanged', async () => {
    const user = await newUser({ displayName: `Before ${sequence}` });
    const before = user.displayName;
    await expectError(
      await h.call('PATCH', `/api/v1/users/${user.id}`, {
        displayName: `After ${before}`,
        timeZone: 'Mars/Olympus',
      }),
      400,
      'validation_failed',
    );
    const after = await jsonOf<UserJson>(await h.call('GET', `/api/v1/users/${user.id}`));
    expect(after.displayName).toBe(before);
  });

  it('refuses an empty patch and an unknown user', async () => {
    const user = await newUser();
    await expectError(await h.call('PATCH', `/api/v1/users/${user.id}`, {}), 400, 'validation_failed');
    await expectError(await h.call('PATCH', '/api/v1/users/999999', { displayName: 'x' }), 404, 'not_found');
  });

  it('refuses a primary group the user is not in (for an Active user: 422 not_a_member)', async () => {
    const user = await activeUser();
    await expectError(
      await h.call('PATCH', `/api/v1/users/${user.id}`, { primaryGroup: 'Sales' }),
      422,
      'not_a_member',
    );
  });
});

describe('identifiers', () => {
  it('adds, replaces and removes an identifier', async () => {
    const user = await newUser();
    const added = await h.call('POST', `/api/v1/users/${user.id}/identifiers`, {
      type: 'device_login',
      value: 'ada',
      domain: '*',
    });
    expect(added.status).toBe(200);
    const login = (await jsonOf<UserJson>(added)).identifiers.find((i) => i.type === 'device_login')!;
    const replaced = await h.call('PUT', `/api/v1/users/${user.id}/identifiers/${login.id}`, {
      type: 'employee_id',
      value: `E-${user.id}`,
    });
    expect(replaced.status).toBe(200);
    const employee = (await jsonOf<UserJson>(replaced)).identifiers.find((i) => i.type === 'employee_id')!;
    expect(employee.value).toBe(`E-${user.id}`);
    const removed = await h.call('DELETE', `/api/v1/users/${user.id}/identifiers/${employee.id}`);
    expect((await jsonOf<UserJson>(removed)).identifiers.map((i) => i.type)).toEqual(['upn']);
  });

  it('refuses a malformed identifier (400), an unknown identifier (404) and one owned by another user (409)', async () => {
    const owner = await newUser();
    const user = await newUser();
    await expectError(
      await h.call('POST', `/api/v1/users/${user.id}/identifiers`, { type: 'upn' }),
      400,
      'validation_failed',
    );
    await expectError(
      await h.call('DELETE', `/api/v1/users/${user.id}/identifiers/999999`),
      404,
      'not_found',
    );
    await expectError(
      await h.call('POST', `/api/v1/users/${user.id}/identifiers`, {
        type: 'email',
        value: owner.identifiers[0]!.value.toUpperCase(),
      }),
      409,
      'identifier_in_use',
    );
  });
});

describe('tracking, reset and delete', () => {
  it('untracks (identifiers join the DNT list) and tracks again', async () => {
    const user = await newUser();
    const untracked = await h.call('POST', `/api/v1/users/${user.id}/untrack`);
    expect((await jsonOf<UserJson>(untracked)).tracking).toBe('untracked');
    const dnt = await jsonOf<{ entries: Array<{ value: string; reason: string }> }>(
      await h.call('GET', '/api/v1/do-not-track'),
    );
    expect(dnt.entries).toContainEqual(
      expect.objectContaining({ value: user.identifiers[0]!.value, reason: 'untracked' }),
    );
    const tracked = await h.call('POST', `/api/v1/users/${user.id}/track`);
    expect((await jsonOf<UserJson>(tracked)).tracking).toBe('tracked');
    await expectError(await h.call('POST', '/api/v1/users/999999/track'), 404, 'not_found');
  });

  it('resets an Active user only with confirm: true (422 otherwise) and refuses an Unlicensed one (409)', async () => {
    const user = await activeUser();
    expect(user.status).toBe('active');
    await expectError(
      await h.call('POST', `/api/v1/users/${user.id}/reset`, { confirm: false }),
      422,
      'confirmation_required',
    );
    await expectError(await h.call('POST', `/api/v1/users/${user.id}/reset`, {}), 400, 'validation_failed');
    const reset = await h.call('POST', `/api/v1/users/${user.id}/reset`, { confirm: true });
    expect((await jsonOf<UserJson>(reset)).status).toBe('unlicensed');
    await expectError(
      await h.call('POST', `/api/v1/users/${user.id}/reset`, { confirm: true }),
      409,
      'not_allowed_for_status',
    );
  });

  it('deletes an Active user only with ?confirm=true; its identifiers stay on the DNT list', async () => {
    const user = await activeUser();
    await expectError(await h.call('DELETE', `/api/v1/users/${user.id}`), 422, 'confirmation_required');
    await expectError(
      await h.call('DELETE', `/api/v1/users/${user.id}?confirm=yes`),
      400,
      'validation_failed',
    );
    const deleted = await h.call('DELETE', `/api/v1/users/${user.id}?confirm=true`);
    expect(await jsonOf(deleted)).toEqual({ deleted: user.id });
    await expectError(await h.call('GET', `/api/v1/users/${user.id}`), 404, 'not_found');
    const dnt = await jsonOf<{ entries: Array<{ value: string; reason: string }> }>(
      await h.call('GET', '/api/v1/do-not-track'),
    );
    expect(dnt.entries).toContainEqual(
      expect.objectContaining({ value: user.identifiers[0]!.value, reason: 'deleted' }),
    );
  });
});

describe('merges and agents', () => {
  it('merges users into the primary with confirm, refusing a selection of one user (422)', async () => {
    const primary = await newUser();
    const other = await newUser();
    await expectError(
      await h.call('POST', '/api/v1/users/merge', {
        primaryUserId: primary.id,
        userIds: [primary.id],
        confirm: true,
      }),
      422,
      'invalid_selection',
    );
    await expectError(
      await h.call('POST', '/api/v1/users/merge', { primaryUserId: primary.id, userIds: [other.id] }),
      422,
      'confirmation_required',
    );
    await expectError(
      await h.call('POST', '/api/v1/users/merge', { primaryUserId: 'one', userIds: [] }),
      400,
      'validation_failed',
    );
    const merged = await h.call('POST', '/api/v1/users/merge', {
      primaryUserId: primary.id,
      userIds: [other.id],
      confirm: true,
    });
    expect(merged.status).toBe(200);
    expect((await jsonOf<UserJson>(merged)).identifiers.map((i) => i.value).sort()).toEqual(
      [primary.identifiers[0]!.value, other.identifiers[0]!.value].sort(),
    );
    await expectError(await h.call('GET', `/api/v1/users/${other.id}`), 404, 'not_found');
  });

  it('assigns an agent to a new user and refuses an unknown agent (404) or a bad body (400)', async () => {
    const owner = await activeUser();
    const agent = owner.agents[0]!;
    // The owner's UPN matches the agent's username: the rule refuses until the admin removes it.
    await expectError(
      await h.call('POST', `/api/v1/agents/${agent.id}/assign`, {
        newUser: { displayName: `Moved ${sequence}` },
      }),
      409,
      'conflicting_identifiers',
    );
    await h.call('DELETE', `/api/v1/users/${owner.id}/identifiers/${owner.identifiers[0]!.id}`);
    const moved = await h.call('POST', `/api/v1/agents/${agent.id}/assign`, {
      newUser: { displayName: `Moved ${sequence}` },
    });
    expect(moved.status).toBe(200);
    expect((await jsonOf<UserJson>(moved)).agents.map((a) => a.id)).toEqual([agent.id]);
    await expectError(
      await h.call('POST', '/api/v1/agents/999999/assign', { userId: owner.id }),
      404,
      'not_found',
    );
    await expectError(
      await h.call('POST', `/api/v1/agents/${agent.id}/assign`, { userId: owner.id, newUser: {} }),
      400,
      'validation_failed',
    );
  });

  it('merges agents of one user with confirm and refuses a single agent (422)', async () => {
    const user = await activeUser();
    const upn = user.identifiers[0]!.value;
    await h.call('POST', '/api/v1/agents/activity', [
      { username: upn, logonDomain: 'OTHER', at: NOW.toISOString() },
    ]);
    const withTwo = await jsonOf<UserJson>(await h.call('GET', `/api/v1/users/${user.id}`));
    const agentIds = withTwo.agents.map((a) => a.id);
    expect(agentIds).toHaveLength(2);
    await expectError(
      await h.call('POST', `/api/v1/users/${user.id}/agents/merge`, {
        agentIds: [agentIds[0]],
        confirm: true,
      }),
      422,
      'invalid_selection',
    );
    await expectError(
      await h.call('POST', `/api/v1/users/${user.id}/agents/merge`, { agentIds: [] }),
      400,
      'validation_failed',
    );
    const merged = await h.call('POST', `/api/v1/users/${user.id}/agents/merge`, { agentIds, confirm: true });
    expect((await jsonOf<UserJson>(merged)).agents).toHaveLength(1);
  });
});

describe('POST /api/v1/agents/activity', () => {
  it('records a batch of thousands and reports its counts', async () => {
    const batch = Array.from({ length: 2000 }, (_, i) => ({
      username: `kiosk${i}`,
      logonDomain: 'SHOP',
      at: NOW.toISOString(),
    }));
    const response = await h.call('POST', '/api/v1/agents/activity', batch);
    expect(response.status).toBe(200);
    const body = await jsonOf<{ counts: Record<string, number>; rejected: unknown[] }>(response);
    expect(body.counts).toMatchObject({ reports: 2000, agentsCreated: 2000, usersCreated: 2000 });
    expect(body.rejected).toEqual([]);
  });

  it('refuses a malformed report with 400 naming its index', async () => {
    const response = await h.call('POST', '/api/v1/agents/activity', [
      { username: 'a', logonDomain: 'X', at: NOW.toISOString() },
      { username: 'b', logonDomain: 'X', at: 'yesterday' },
    ]);
    const body = await expectError(response, 400, 'validation_failed');
    expect(issuesOf(body)[0]!.path).toEqual([1, 'at']);
    await expectError(
      await h.call('POST', '/api/v1/agents/activity', { username: 'a' }),
      400,
      'validation_failed',
    );
  });
});

describe('audit and explain', () => {
  it("reads a user's audit log, newest first, and refuses a bad limit", async () => {
    const user = await newUser();
    await h.call('PATCH', `/api/v1/users/${user.id}`, { timeZone: 'Europe/Paris' });
    const response = await h.call('GET', `/api/v1/users/${user.id}/audit?limit=10`);
    const entries = (
      await jsonOf<{ entries: Array<{ id: number; actor: string; userId: number }> }>(response)
    ).entries;
    expect(entries.length).toBeGreaterThanOrEqual(2);
    expect(entries[0]!.id).toBeGreaterThan(entries[1]!.id);
    expect(entries.every((e) => e.userId === user.id && e.actor === 'admin')).toBe(true);
    await expectError(
      await h.call('GET', `/api/v1/users/${user.id}/audit?limit=5000`),
      400,
      'validation_failed',
    );
  });

  it('explains a user: links, identifiers with source and time, open conflicts, recent audit', async () => {
    const user = await newUser();
    const response = await h.call('GET', `/api/v1/users/${user.id}/explain`);
    expect(response.status).toBe(200);
    const body = await jsonOf<{
      user: UserJson;
      links: unknown[];
      identifiers: unknown[];
      openConflicts: unknown[];
      recentAudit: unknown[];
    }>(response);
    expect(body.user.id).toBe(user.id);
    expect(body.identifiers).toEqual(user.identifiers);
    expect(body.links).toEqual([]);
    expect(body.openConflicts).toEqual([]);
    expect(body.recentAudit.length).toBeGreaterThan(0);
    await expectError(await h.call('GET', '/api/v1/users/999999/explain'), 404, 'not_found');
  });
});
