// The Graph client does not trust the server further than graph_base_url (issue 14, item 8): a
// Retry-After longer than the kit waits fails the run at once with Graph's code, and a next or
// delta link on another origin is never followed nor kept as the cursor.
import { describe, expect, it } from 'vitest';
import { generateGraphUsers } from '../../src/simulator/graph/index.ts';
import {
  connector,
  connectorConfig,
  drain,
  silentLog,
  startTenant,
  useGraphMsw,
} from './__fixtures__/harness.ts';
import { createAzureAdConnector } from './index.ts';

useGraphMsw();

async function failureOf(promise: Promise<unknown>): Promise<Error & { code?: string; requestId?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string; requestId?: string };
  }
  throw new Error('expected the pull to fail');
}

describe('azure-ad: waits are capped', () => {
  it('a Retry-After of a day fails the run at once with the Graph code, without waiting', async () => {
    const tenant = startTenant(generateGraphUsers(5, 1));
    tenant.throttleNext(1, 86_400);
    const waits: number[] = [];
    const started = performance.now();
    const error = await failureOf(drain(connector({}, { sleep: async (ms) => void waits.push(ms) })));
    expect(performance.now() - started).toBeLessThan(5000);
    expect(waits).toEqual([]);
    expect(tenant.graphRequests).toBe(1);
    expect(error.code).toBe('TooManyRequests');
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.message).toMatch(/asked to wait 86400 s before a retry, longer than idsync waits \(120 s\)/);
  });
});

describe('azure-ad: links stay on graph_base_url', () => {
  it('refuses an @odata.nextLink on another origin and never requests it', async () => {
    const tenant = startTenant(generateGraphUsers(30, 2, { guestShare: 0 }), { pageSize: 10 });
    // The first request (the latest delta round) answers; from the first /users page on, links go elsewhere.
    tenant.sendLinksTo('https://evil.example');
    const error = await failureOf(drain(connector()));
    expect(error.code).toBe('foreign_link');
    expect(error.message).toMatch(
      /Graph returned a @odata\.(next|delta)Link on https:\/\/evil\.example, not on graph_base_url \(https:\/\/graph\.sim\.test\)/,
    );
    expect(tenant.requestLog.every((request) => !request.path.includes('evil'))).toBe(true);
  });

  it('refuses a @odata.deltaLink on another origin at the end of a delta round: no cursor is kept', async () => {
    const tenant = startTenant(generateGraphUsers(5, 3));
    const full = await drain(connector());
    expect(full.outcome.cursor).toMatch(/^https:\/\/graph\.sim\.test\//);
    tenant.updateUser(full.records[0]!.externalId, { department: 'Moved' });
    tenant.sendLinksTo('https://evil.example');
    const error = await failureOf(drain(connector(), { mode: 'incremental', cursor: full.outcome.cursor }));
    expect(error.code).toBe('foreign_link');
    expect(error.message).toContain('@odata.deltaLink');
  });

  it('refuses the delta link of a full run on another origin, so it is never saved', async () => {
    const tenant = startTenant(generateGraphUsers(5, 4));
    tenant.sendLinksTo('https://evil.example');
    const error = await failureOf(drain(connector()));
    expect(error.code).toBe('foreign_link');
    expect(tenant.graphRequests).toBe(1);
  });

  it('reads fully when the saved delta link is for another host (graph_base_url changed)', async () => {
    startTenant(generateGraphUsers(5, 5));
    const result = await drain(connector(), {
      mode: 'incremental',
      cursor: 'https://graph.microsoft.com/v1.0/users/delta?$deltatoken=abc',
    });
    expect(result.outcome.mode).toBe('full');
    expect(result.outcome.fallbackReason).toMatch(/not on graph_base_url/);
    expect(result.outcome.cursor).toMatch(/^https:\/\/graph\.sim\.test\//);
  });
});

describe('azure-ad: retries are reported', () => {
  it('calls the deps onRetry hook before every retry wait, with status, code, attempt and wait', async () => {
    const tenant = startTenant(generateGraphUsers(5, 6));
    tenant.throttleNext(2, 3);
    const retries: unknown[] = [];
    const source = createAzureAdConnector(
      connectorConfig(),
      { log: silentLog, onRetry: (info) => retries.push(info) },
      { sleep: async () => {} },
    );
    const result = await drain(source);
    expect(result.records).toHaveLength(5);
    expect(retries).toEqual([
      { status: 429, code: 'rate_limited', attempt: 1, waitMs: 3000 },
      { status: 429, code: 'rate_limited', attempt: 2, waitMs: 3000 },
    ]);
  });
});
