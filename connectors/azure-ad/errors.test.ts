// Throttling, retries and refusals, against the simulated tenant with the real Graph client and
// credential. Retry-After is proven once with a real (1 s) wait; longer storms use a recording sleep.
import { describe, expect, it } from 'vitest';
import { generateGraphUsers } from '../../src/simulator/graph/index.ts';
import { CLIENT_SECRET, connector, drain, startTenant, useGraphMsw } from './__fixtures__/harness.ts';

useGraphMsw();

function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

async function failureOf(
  promise: Promise<unknown>,
): Promise<Error & { code?: string; requestId?: string | null }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string; requestId?: string | null };
  }
  throw new Error('expected the pull to fail');
}

describe('azure-ad throttling', () => {
  it('waits the Retry-After of a 429 before retrying, then carries on', async () => {
    const tenant = startTenant(generateGraphUsers(5, 1));
    tenant.throttleNext(1, 1);
    const started = performance.now();
    const result = await drain(connector());
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    expect(result.records).toHaveLength(5);
    expect(tenant.requestLog.map((request) => request.status)).toEqual([429, 200, 200]);
  });

  it('gives up after max_retries retries of a 429 storm, failing with the Graph error code and request id', async () => {
    const tenant = startTenant(generateGraphUsers(5, 1));
    tenant.throttleNext(50, 7);
    const { waits, sleep } = recordingSleep();
    const error = await failureOf(drain(connector({ max_retries: 3 }, { sleep })));
    expect(waits).toEqual([7000, 7000, 7000]);
    expect(tenant.graphRequests).toBe(4);
    expect(error.code).toBe('TooManyRequests');
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.message).toMatch(/after 4 attempts \(max_retries 3\): 429 TooManyRequests/);
  });

  it('retries 503 and 504 with exponential back-off when Graph gives no Retry-After', async () => {
    const tenant = startTenant(generateGraphUsers(5, 1));
    tenant.failNext(1, { status: 503, code: 'serviceNotAvailable', message: 'Service unavailable.' });
    tenant.failNext(1, { status: 504, code: 'gatewayTimeout', message: 'Gateway timeout.' });
    const { waits, sleep } = recordingSleep();
    const result = await drain(connector({}, { sleep }));
    // 1 s then 2 s, each stretched at random by up to as much again (jitter).
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(1000);
    expect(waits[0]).toBeLessThanOrEqual(2000);
    expect(waits[1]).toBeGreaterThanOrEqual(2000);
    expect(waits[1]).toBeLessThanOrEqual(4000);
    expect(result.records).toHaveLength(5);
  });

  it('stops waiting out a Retry-After as soon as the run is aborted', async () => {
    const tenant = startTenant(generateGraphUsers(5, 1));
    tenant.throttleNext(1, 30);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('shutting down')), 100);
    const started = performance.now();
    const error = await failureOf(drain(connector(), { signal: controller.signal }));
    expect(error.message).toBe('shutting down');
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('azure-ad refusals', () => {
  it('fails at once on 403, naming the missing permission User.Read.All and never the secret', async () => {
    const tenant = startTenant(generateGraphUsers(5, 1));
    tenant.failNext(1, {
      status: 403,
      code: 'Authorization_RequestDenied',
      message: 'Insufficient privileges to complete the operation.',
    });
    const error = await failureOf(drain(connector()));
    expect(tenant.graphRequests).toBe(1);
    expect(error.message).toMatch(/403 Authorization_RequestDenied/);
    expect(error.message).toContain('User.Read.All');
    expect(error.message).not.toContain(CLIENT_SECRET);
    expect(error.code).toBe('Authorization_RequestDenied');
  });

  it('fails at once on 401, naming User.Read.All and never the secret', async () => {
    const tenant = startTenant(generateGraphUsers(5, 1));
    tenant.failNext(1, {
      status: 401,
      code: 'InvalidAuthenticationToken',
      message: 'Access token is empty.',
    });
    const error = await failureOf(drain(connector()));
    expect(tenant.graphRequests).toBe(1);
    expect(error.message).toContain('User.Read.All');
    expect(error.message).not.toContain(CLIENT_SECRET);
  });

  it('names MailboxSettings.Read when the mailbox read is the one refused', async () => {
    const tenant = startTenant(generateGraphUsers(1, 1));
    tenant.failNext(1, {
      status: 403,
      code: 'ErrorAccessDenied',
      message: 'Access is denied. Check credentials and try again.',
      pathPattern: /mailboxSettings/,
    });
    const error = await failureOf(drain(connector({ read_mailbox_settings: true })));
    expect(error.message).toContain('MailboxSettings.Read');
    expect(error.code).toBe('ErrorAccessDenied');
  });

  it('fails at once when the token endpoint refuses the secret, without quoting it', async () => {
    const tenant = startTenant(generateGraphUsers(5, 1));
    const wrongSecret = 'wrong-secret-Qx7~zz';
    const error = await failureOf(drain(connector({ client_secret: wrongSecret })));
    expect(tenant.graphRequests).toBe(0);
    expect(error.message).toMatch(/could not get a Graph token/);
    expect(error.message).toContain('7000215');
    expect(error.message).not.toContain(wrongSecret);
    expect(error.message).not.toContain(CLIENT_SECRET);
  });
});

describe('azure-ad tokens', () => {
  it('fetches a new token once the cached one is about to expire', async () => {
    // MSAL renews a token 5 minutes before it expires (whole seconds, rounded): a 301 s token is
    // stale within 2 s. The old token is then revoked so only a new one can succeed.
    const tenant = startTenant(generateGraphUsers(5, 1), { tokenLifetimeSeconds: 301 });
    const source = connector();
    await drain(source);
    await drain(source);
    expect(tenant.tokensIssued).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    tenant.revokeTokens();
    const result = await drain(source);
    expect(tenant.tokensIssued).toBe(2);
    expect(result.records).toHaveLength(5);
  });

  it('asks for a token whose audience is the Graph host (scope <graph origin>/.default)', async () => {
    const tenant = startTenant(generateGraphUsers(2, 1));
    await drain(connector());
    expect(tenant.requestLog.every((request) => request.status === 200)).toBe(true);
    expect(tenant.tokensIssued).toBe(1);
  });
});
