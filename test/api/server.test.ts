// The listening server: loopback by default, refuses a non-loopback address without a token, and
// the same routes over a real socket on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLoopbackHost, startApiServer } from '../../src/api/server.ts';
import { createLogger } from '../../src/log.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { FakeDaemonControl, NOW, TOKEN } from './harness.ts';

const log = createLogger({ level: 'silent' });

describe('startApiServer on PostgreSQL', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
  });
  afterAll(() => database.destroy());

  function deps(listen: string, token: string) {
    return {
      config: { api: { listen, token, max_body_bytes: 1024 * 1024 } },
      db: database.db,
      control: new FakeDaemonControl(database.db),
      log,
      clock: () => NOW,
    };
  }

  it('serves the API on a loopback port, token required, probes open', async () => {
    const server = await startApiServer(deps('127.0.0.1:0', TOKEN));
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      expect((await fetch(`${server.url}/api/v1/users`)).status).toBe(401);
      const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
      const created = await fetch(`${server.url}/api/v1/users`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          displayName: 'Grace',
          identifiers: [{ type: 'upn', value: 'grace@acme.com' }],
        }),
      });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: number };
      const conflict = await fetch(`${server.url}/api/v1/users`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ identifiers: [{ type: 'email', value: 'GRACE@acme.com' }] }),
      });
      expect(conflict.status).toBe(409);
      const listed = (await (await fetch(`${server.url}/api/v1/users`, { headers })).json()) as {
        users: Array<{ id: number }>;
      };
      expect(listed.users.map((u) => u.id)).toEqual([id]);
      const activity = await fetch(`${server.url}/api/v1/agents/activity`, {
        method: 'POST',
        headers,
        body: JSON.stringify([{ username: 'grace@acme.com', logonDomain: 'ACME', at: NOW.toISOString() }]),
      });
      expect(((await activity.json()) as { counts: { associated: number } }).counts.associated).toBe(1);
      expect((await fetch(`${server.url}/metrics`, { headers })).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('refuses to start on a non-loopback address without a token, naming api.token', async () => {
    await expect(startApiServer(deps('0.0.0.0:0', ''))).rejects.toThrow(/api\.token is not set/);
  });

  it('starts without a token on loopback, refusing every protected request', async () => {
    const server = await startApiServer(deps('127.0.0.1:0', ''));
    try {
      const response = await fetch(`${server.url}/api/v1/status`);
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/api\.token/);
    } finally {
      await server.close();
    }
  });
});

describe('isLoopbackHost', () => {
  it('knows loopback addresses from others', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', 'localhost'].map(isLoopbackHost)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['0.0.0.0', '::', '10.0.0.1', 'example.com'].map(isLoopbackHost)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});
