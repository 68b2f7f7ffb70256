// Cross-cutting rules of the API: the token on every protected route, the error shape, the body
// limit, and an OpenAPI document that lists every route of CONTRACT.md.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiApp } from '../../src/api/app.ts';
import { tokensMatch } from '../../src/api/auth.ts';
import { createLogger } from '../../src/log.ts';
import {
  type ApiHarness,
  createApiHarness,
  type ErrorJson,
  FakeDaemonControl,
  issuesOf,
  jsonOf,
  NOW,
  TOKEN,
} from './harness.ts';

/** CONTRACT.md's "HTTP API" table, route by route (OpenAPI path syntax). */
const CONTRACT_ROUTES = [
  'get /healthz',
  'get /readyz',
  'get /api/v1/status',
  'post /api/v1/connectors/{id}/sync',
  'get /api/v1/runs',
  'get /api/v1/runs/{id}',
  'post /api/v1/runs/{id}/approve',
  'get /api/v1/conflicts',
  'get /api/v1/conflicts/{id}',
  'post /api/v1/conflicts/{id}/resolve',
  'get /api/v1/users',
  'get /api/v1/users/{id}',
  'post /api/v1/users',
  'patch /api/v1/users/{id}',
  'post /api/v1/users/{id}/identifiers',
  'put /api/v1/users/{id}/identifiers/{identifierId}',
  'delete /api/v1/users/{id}/identifiers/{identifierId}',
  'post /api/v1/users/{id}/track',
  'post /api/v1/users/{id}/untrack',
  'post /api/v1/users/{id}/reset',
  'delete /api/v1/users/{id}',
  'post /api/v1/users/merge',
  'post /api/v1/agents/{id}/assign',
  'post /api/v1/users/{id}/agents/merge',
  'get /api/v1/users/{id}/audit',
  'get /api/v1/runs/{id}/audit',
  'get /api/v1/users/{id}/explain',
  'post /api/v1/agents/activity',
  'get /api/v1/users/export.csv',
  'get /api/v1/do-not-track',
  'get /api/v1/settings',
  'put /api/v1/settings',
  'get /metrics',
  'get /',
];
const PUBLIC_ROUTES = new Set(['get /healthz', 'get /readyz', 'get /']);

interface OpenApiDocument {
  paths: Record<string, Record<string, { security?: unknown[] }>>;
  components: { securitySchemes: Record<string, unknown> };
}

function concretePath(path: string): string {
  return path.replaceAll(/\{[^}]+\}/g, '1');
}

class FailingDaemon extends FakeDaemonControl {
  override async connectors(): Promise<never> {
    throw new Error('daemon exploded at /secret/path.ts:12');
  }
}

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(() => h.close());

describe('the OpenAPI document', () => {
  it('lists every route of the contract, generated from the validating schemas, without a token', async () => {
    const response = await h.raw('GET', '/api/v1/openapi.json');
    expect(response.status).toBe(200);
    const doc = await jsonOf<OpenApiDocument>(response);
    const listed = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method} ${path}`),
    );
    expect(listed.sort()).toEqual([...CONTRACT_ROUTES].sort());
    expect(doc.components.securitySchemes).toHaveProperty('bearerAuth');
    expect(doc.paths['/healthz']!.get!.security).toEqual([]);
  });
});

describe('the bearer token', () => {
  it.each(CONTRACT_ROUTES.filter((route) => !PUBLIC_ROUTES.has(route)))(
    'refuses %s without a token (401 unauthorized)',
    async (route) => {
      const [method, path] = route.split(' ') as [string, string];
      const response = await h.raw(method.toUpperCase(), concretePath(path));
      expect(response.status).toBe(401);
      expect((await jsonOf<ErrorJson>(response)).error.code).toBe('unauthorized');
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    },
  );

  it('refuses a wrong token and a non-bearer scheme', async () => {
    const wrong = await h.raw('GET', '/api/v1/status', { headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.status).toBe(401);
    const basic = await h.raw('GET', '/api/v1/status', { headers: { authorization: `Basic ${TOKEN}` } });
    expect(basic.status).toBe(401);
  });

  it('leaves the probes, the page and the OpenAPI document open', async () => {
    for (const path of ['/healthz', '/readyz', '/', '/api/v1/openapi.json']) {
      expect((await h.raw('GET', path)).status, path).toBe(200);
    }
  });

  it('compares tokens in constant time whatever their lengths', () => {
    expect(tokensMatch(TOKEN, TOKEN)).toBe(true);
    expect(tokensMatch('short', TOKEN)).toBe(false);
    expect(tokensMatch('', TOKEN)).toBe(false);
  });

  it('refuses every protected request with a message naming api.token when no token is configured', async () => {
    const app = buildApiApp({
      config: { api: { listen: '127.0.0.1:0', token: '', max_body_bytes: 1024 } },
      db: h.db,
      control: h.control,
      log: createLogger({ level: 'silent' }),
      clock: () => NOW,
    });
    const response = await app.request('/api/v1/status', { headers: { authorization: 'Bearer ' } });
    expect(response.status).toBe(401);
    expect((await jsonOf<ErrorJson>(response)).error.message).toMatch(/api\.token is not set/);
    expect((await app.request('/healthz')).status).toBe(200);
  });
});

describe('errors', () => {
  it('answers an unknown route with 404 not_found in the error shape', async () => {
    const response = await h.call('GET', '/api/v1/nothing-here');
    expect(response.status).toBe(404);
    expect((await jsonOf<ErrorJson>(response)).error.code).toBe('not_found');
  });

  it('refuses malformed JSON with 400 validation_failed', async () => {
    const response = await h.raw('POST', '/api/v1/users', {
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: '{"displayName": ',
    });
    expect(response.status).toBe(400);
    expect((await jsonOf<ErrorJson>(response)).error.code).toBe('validation_failed');
  });

  it('refuses a body without a JSON content type (415) instead of skipping validation', async () => {
    const response = await h.raw('POST', '/api/v1/users', {
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(response.status).toBe(415);
    expect((await jsonOf<ErrorJson>(response)).error.code).toBe('unsupported_media_type');
  });

  it('lists zod issues with their paths in details for a body of the wrong shape', async () => {
    const response = await h.call('POST', '/api/v1/users', { identifiers: [{ type: 'fax', value: '1' }] });
    expect(response.status).toBe(400);
    const body = await jsonOf<ErrorJson>(response);
    expect(body.error.code).toBe('validation_failed');
    const issues = issuesOf(body);
    expect(issues[0]!.path).toEqual(['identifiers', 0, 'type']);
  });

  it('refuses a body larger than api.max_body_bytes with 413 payload_too_large', async () => {
    const big = [{ username: 'x'.repeat(200), logonDomain: 'ACME', at: NOW.toISOString() }];
    const body = JSON.stringify(Array.from({ length: 400 }, () => big[0]));
    expect(body.length).toBeGreaterThan(64 * 1024);
    const response = await h.raw('POST', '/api/v1/agents/activity', {
      headers: {
        authorization: `Bearer ${TOKEN}`,
        'content-type': 'application/json',
        'content-length': String(body.length),
      },
      body,
    });
    expect(response.status).toBe(413);
    expect((await jsonOf<ErrorJson>(response)).error.code).toBe('payload_too_large');
  });

  it('refuses an oversized body sent without a length (streamed) with 413 too', async () => {
    const body = JSON.stringify({ displayName: 'y'.repeat(70 * 1024) });
    const response = await h.raw('POST', '/api/v1/users', {
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBe(413);
  });

  it('answers an unexpected failure with 500 internal_error and no stack trace', async () => {
    const control = new FailingDaemon(h.db);
    const app = buildApiApp({
      config: { api: { listen: '127.0.0.1:0', token: TOKEN, max_body_bytes: 1024 } },
      db: h.db,
      control,
      log: createLogger({ level: 'silent' }),
      clock: () => NOW,
    });
    const response = await app.request('/api/v1/status', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text).error.code).toBe('internal_error');
    expect(text).not.toMatch(/exploded|\.ts:\d+/);
  });
});
