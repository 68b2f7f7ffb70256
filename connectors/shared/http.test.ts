import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoopbackHttpsServer, startLoopbackHttpsServer } from '../../src/simulator/https.ts';
import {
  backoffMs,
  createRetryingFetch,
  epochResetMs,
  MAX_WAIT_MS,
  type RetryInfo,
  retryAfterMs,
  UpstreamError,
} from './http.ts';

const NOW = new Date('2025-06-02T10:00:00Z');

function scripted(responses: Array<Response | Error>) {
  const calls: string[] = [];
  const fetch = (async (input: string | URL | Request) => {
    calls.push(String(input));
    const next = responses.shift();
    if (next === undefined) throw new Error('no more scripted responses');
    if (next instanceof Error) throw next;
    return next;
  }) as typeof globalThis.fetch;
  return { calls, fetch };
}

function signal() {
  return new AbortController().signal;
}

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  const caught = await promise.then(
    () => null,
    (error: unknown) => error,
  );
  expect(caught).toBeInstanceOf(UpstreamError);
  return caught as UpstreamError;
}

describe('retrying fetch', () => {
  it('reads Retry-After as seconds or as an HTTP date, and an epoch reset header', () => {
    expect(retryAfterMs('7', NOW)).toBe(7000);
    expect(retryAfterMs('Mon, 02 Jun 2025 10:00:30 GMT', NOW)).toBe(30_000);
    expect(retryAfterMs('Mon, 02 Jun 2025 09:00:00 GMT', NOW)).toBe(0);
    expect(retryAfterMs('86400', NOW)).toBe(86_400_000);
    expect(retryAfterMs('soon', NOW)).toBeNull();
    expect(retryAfterMs(null, NOW)).toBeNull();
    const epoch = NOW.getTime() / 1000;
    expect(epochResetMs(String(epoch + 20), NOW)).toBe(21_000);
    expect(epochResetMs(String(epoch - 5), NOW)).toBe(1000);
    expect(epochResetMs('later', NOW)).toBeNull();
  });

  it('waits as long as Retry-After says on 429 and 503, then returns the answer', async () => {
    const { calls, fetch } = scripted([
      new Response('', { status: 429, headers: { 'retry-after': '3' } }),
      new Response('', { status: 503, headers: { 'retry-after': 'Mon, 02 Jun 2025 10:00:05 GMT' } }),
      new Response('ok'),
    ]);
    const sleeps: number[] = [];
    const retries: RetryInfo[] = [];
    const send = createRetryingFetch({
      fetch,
      now: () => NOW,
      sleep: async (ms) => void sleeps.push(ms),
      onRetry: (info) => retries.push(info),
    });
    const response = await send('https://api.example/x', { signal: signal() });
    expect(await response.text()).toBe('ok');
    expect(sleeps).toEqual([3000, 5000]);
    expect(calls).toHaveLength(3);
    expect(retries).toEqual([
      { status: 429, code: 'rate_limited', attempt: 1, waitMs: 3000 },
      { status: 503, code: 'http_503', attempt: 2, waitMs: 5000 },
    ]);
  });

  it('backs off exponentially from 1 s with jitter without a wait header, and retries network failures', async () => {
    const { fetch } = scripted([
      new TypeError('fetch failed'),
      new Response('', { status: 502 }),
      new Response('ok'),
    ]);
    const sleeps: number[] = [];
    const send = createRetryingFetch({ fetch, random: () => 0.5, sleep: async (ms) => void sleeps.push(ms) });
    await send('https://api.example/x', { signal: signal() });
    expect(sleeps).toEqual([1500, 3000]);
    expect(backoffMs(1, MAX_WAIT_MS, () => 0)).toBe(1000);
    expect(backoffMs(1, MAX_WAIT_MS, () => 0.999)).toBe(1999);
    expect(backoffMs(12, MAX_WAIT_MS, () => 0.5)).toBe(MAX_WAIT_MS);
  });

  it('fails at once, without waiting, when the vendor asks for a wait longer than the maximum', async () => {
    const { calls, fetch } = scripted([
      new Response(JSON.stringify({ error: { code: 'TooManyRequests', message: 'Slow down.' } }), {
        status: 429,
        headers: { 'retry-after': '86400', 'request-id': 'r-1' },
      }),
    ]);
    const sleeps: number[] = [];
    const send = createRetryingFetch({
      fetch,
      vendor: 'Graph',
      sleep: async (ms) => void sleeps.push(ms),
      vendorError: async (response) => {
        const body = (await response.json()) as { error: { code: string; message: string } };
        return body.error;
      },
    });
    const error = await failure(
      send('https://graph.example/v1.0/users?$skiptoken=secretish', { signal: signal() }),
    );
    expect(sleeps).toEqual([]);
    expect(calls).toHaveLength(1);
    expect(error).toMatchObject({
      code: 'TooManyRequests',
      status: 429,
      requestId: 'r-1',
      detail: 'Slow down.',
    });
    expect(error.message).toBe(
      'Graph GET /v1.0/users: 429 TooManyRequests asked to wait 86400 s before a retry, longer than idsync waits (120 s); the next run tries again: Slow down. (request id r-1)',
    );
  });

  it("takes the vendor's own wait header first (Okta's X-Rate-Limit-Reset)", async () => {
    const reset = String(NOW.getTime() / 1000 + 9);
    const { fetch } = scripted([
      new Response('', { status: 429, headers: { 'x-rate-limit-reset': reset, 'retry-after': '1' } }),
      new Response('ok'),
    ]);
    const sleeps: number[] = [];
    const send = createRetryingFetch({
      fetch,
      now: () => NOW,
      sleep: async (ms) => void sleeps.push(ms),
      waitFor: (response, now) => epochResetMs(response.headers.get('x-rate-limit-reset'), now),
    });
    await send('https://acme.okta.example/api/v1/users', { signal: signal() });
    expect(sleeps).toEqual([10_000]);
  });

  it('retries an answer the kind calls throttling (a 403 rateLimitExceeded), and returns other 403s', async () => {
    const limited = () =>
      new Response(JSON.stringify({ error: { errors: [{ reason: 'rateLimitExceeded' }] } }), { status: 403 });
    const { calls, fetch } = scripted([
      limited(),
      new Response('{"error":{"errors":[{"reason":"forbidden"}]}}', { status: 403 }),
    ]);
    const retries: RetryInfo[] = [];
    const send = createRetryingFetch({
      fetch,
      random: () => 0,
      sleep: async () => {},
      onRetry: (info) => retries.push(info),
      isThrottled: async (response) => (await response.text()).includes('rateLimitExceeded'),
    });
    const response = await send('https://admin.example/x', { signal: signal() });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('forbidden');
    expect(calls).toHaveLength(2);
    expect(retries).toEqual([{ status: 403, code: 'rate_limited', attempt: 1, waitMs: 1000 }]);
  });

  it('stops after maxAttempts with the code and the request id of the last answer', async () => {
    const throttled = () =>
      new Response('', { status: 503, headers: { 'retry-after': '1', 'x-request-id': 'r-9' } });
    const { calls, fetch } = scripted([throttled(), throttled(), throttled()]);
    const send = createRetryingFetch({ fetch, maxAttempts: 2, sleep: async () => {} });
    const error = await failure(send('https://api.example/x', { signal: signal() }));
    expect(error).toMatchObject({ code: 'http_503', status: 503, requestId: 'r-9' });
    expect(error.message).toMatch(/still failing after 2 attempts/);
    expect(calls).toHaveLength(2);
  });

  it('returns a non-retryable answer (401) at once for the caller to name', async () => {
    const { calls, fetch } = scripted([new Response('', { status: 401 })]);
    const send = createRetryingFetch({ fetch, sleep: async () => {} });
    expect((await send('https://api.example/x', { signal: signal() })).status).toBe(401);
    expect(calls).toHaveLength(1);
  });

  it('stops waiting when the run is aborted', async () => {
    const { fetch } = scripted([new Response('', { status: 429, headers: { 'retry-after': '60' } })]);
    const controller = new AbortController();
    const send = createRetryingFetch({ fetch });
    const pending = send('https://api.example/x', { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('shutting down')), 10);
    await expect(pending).rejects.toThrow('shutting down');
  });

  it('runs at most `concurrency` requests at once', async () => {
    let inFlight = 0;
    let most = 0;
    const fetch = (async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      return new Response('ok');
    }) as typeof globalThis.fetch;
    const send = createRetryingFetch({ fetch, concurrency: 2 });
    await Promise.all(Array.from({ length: 6 }, () => send('https://api.example/x', { signal: signal() })));
    expect(most).toBe(2);
  });
});

describe('retrying fetch over real TLS', () => {
  let server: LoopbackHttpsServer;
  beforeAll(async () => {
    server = await startLoopbackHttpsServer([async () => new Response('ok')]);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('reports an untrusted certificate as tls_error at once, not as unreachable after retries', async () => {
    // This process does not trust the server's self-signed certificate (no NODE_EXTRA_CA_CERTS).
    const retries: RetryInfo[] = [];
    const send = createRetryingFetch({ vendor: 'Okta', onRetry: (info) => retries.push(info) });
    const error = await failure(send(`${server.origin}/api/v1/users`, { signal: signal() }));
    expect(error.code).toBe('tls_error');
    expect(error.status).toBeNull();
    expect(error.message).toMatch(/^the TLS certificate of localhost:\d+ is not trusted \([A-Z_]+\)/);
    expect(error.message).toContain('NODE_EXTRA_CA_CERTS');
    expect(retries).toEqual([]);
  });
});
