import { describe, expect, it } from 'vitest';
import { createRetryingFetch, MAX_WAIT_MS, retryAfterMs, UpstreamError } from './http.ts';

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

describe('retrying fetch', () => {
  it('reads Retry-After as seconds or as an HTTP date, capped', () => {
    expect(retryAfterMs('7', NOW)).toBe(7000);
    expect(retryAfterMs('Mon, 02 Jun 2025 10:00:30 GMT', NOW)).toBe(30_000);
    expect(retryAfterMs('Mon, 02 Jun 2025 09:00:00 GMT', NOW)).toBe(0);
    expect(retryAfterMs('86400', NOW)).toBe(MAX_WAIT_MS);
    expect(retryAfterMs('soon', NOW)).toBeNull();
    expect(retryAfterMs(null, NOW)).toBeNull();
  });

  it('waits as long as Retry-After says on 429 and 503, then returns the answer', async () => {
    const { calls, fetch } = scripted([
      new Response('', { status: 429, headers: { 'retry-after': '3' } }),
      new Response('', { status: 503, headers: { 'retry-after': 'Mon, 02 Jun 2025 10:00:05 GMT' } }),
      new Response('ok'),
    ]);
    const sleeps: number[] = [];
    const send = createRetryingFetch({ fetch, now: () => NOW, sleep: async (ms) => void sleeps.push(ms) });
    const response = await send('https://api.example/x', { signal: signal() });
    expect(await response.text()).toBe('ok');
    expect(sleeps).toEqual([3000, 5000]);
    expect(calls).toHaveLength(3);
  });

  it('backs off exponentially without Retry-After, and retries network failures', async () => {
    const { fetch } = scripted([
      new TypeError('fetch failed'),
      new Response('', { status: 502 }),
      new Response('ok'),
    ]);
    const sleeps: number[] = [];
    const send = createRetryingFetch({ fetch, sleep: async (ms) => void sleeps.push(ms) });
    await send('https://api.example/x', { signal: signal() });
    expect(sleeps).toEqual([1000, 2000]);
  });

  it('stops after maxAttempts with the code and the request id of the last answer', async () => {
    const throttled = () =>
      new Response('', { status: 503, headers: { 'retry-after': '1', 'x-request-id': 'r-9' } });
    const { calls, fetch } = scripted([throttled(), throttled(), throttled()]);
    const send = createRetryingFetch({ fetch, maxAttempts: 2, sleep: async () => {} });
    const error = await send('https://api.example/x', { signal: signal() }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ code: 'http_503', status: 503, requestId: 'r-9' });
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
