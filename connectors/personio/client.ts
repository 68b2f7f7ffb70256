// The Personio API as the connector uses it, token handling as Personio documents it: a bearer
// token from `POST {base_url}/auth` (client id and secret), stable for 24 hours and reused for
// every call in that time (the auth endpoint allows only 60 calls a minute), replaced by the token
// a successful response carries in its Authorization header, and asked for again only when it
// expires or a call is refused with 401. Throttling (429 after 300 requests a minute, no wait
// header) waits 1-2 s, 2-4 s, ... (jittered), through the kit's retrying fetch. The secret only
// ever goes into the auth request's body; the token only into Authorization headers.
import type { z } from 'zod';
import {
  createRetryingFetch,
  type RetryingFetchOptions,
  requestIdOf,
  UpstreamError,
} from '../shared/http.ts';
import { vendorMessage } from '../shared/json-stream.ts';
import { authResponseSchema, type EmployeesPage, employeesPageSchema } from './schema.ts';

export interface PersonioClientOptions extends RetryingFetchOptions {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
}

export interface EmployeesQuery {
  offset: number;
  limit: number;
  attributes: readonly string[];
  updatedSince?: string;
}

export interface PersonioClient {
  employees(query: EmployeesQuery, signal: AbortSignal): Promise<EmployeesPage>;
}

/** A token is replaced this long before its 24 hours are up. */
const TOKEN_MARGIN_MS = 5 * 60_000;

export function createPersonioClient(options: PersonioClientOptions): PersonioClient {
  const now = options.now ?? (() => new Date());
  // Personio sends no wait header with its 429: every wait is the kit's exponential back-off with
  // jitter (1-2 s, 2-4 s, ...), so replicas throttled together do not come back together.
  const send = createRetryingFetch({ ...options, concurrency: 1 });
  let token: { value: string; expiresAt: number } | null = null;

  async function authenticate(signal: AbortSignal): Promise<string> {
    if (token !== null && token.expiresAt > now().getTime()) return token.value;
    const response = await send(`${options.baseUrl}/auth`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ client_id: options.clientId, client_secret: options.clientSecret }),
      signal,
    });
    if (!response.ok) throw await errorFor('auth', response);
    const body = await parse(response, authResponseSchema, 'auth');
    const lifetimeMs = (body.data.expires_in ?? 86_400) * 1000;
    token = { value: body.data.token, expiresAt: now().getTime() + lifetimeMs - TOKEN_MARGIN_MS };
    return token.value;
  }

  async function get(url: string, signal: AbortSignal, retried = false): Promise<Response> {
    const response = await send(url, {
      method: 'GET',
      headers: { Authorization: `Bearer ${await authenticate(signal)}`, Accept: 'application/json' },
      signal,
    });
    if (response.status === 401 && !retried) {
      // Revoked or expired early: one fresh token, one more try.
      void response.body?.cancel().catch(() => undefined);
      token = null;
      return get(url, signal, true);
    }
    const renewed = /^Bearer (\S+)$/i.exec(response.headers.get('authorization') ?? '')?.[1];
    if (response.ok && renewed !== undefined && token !== null) token = { ...token, value: renewed };
    return response;
  }

  return {
    async employees(query, signal) {
      const params = new URLSearchParams({ limit: String(query.limit), offset: String(query.offset) });
      for (const attribute of query.attributes) params.append('attributes[]', attribute);
      if (query.updatedSince !== undefined) params.set('updated_since', query.updatedSince);
      const response = await get(`${options.baseUrl}/company/employees?${params}`, signal);
      if (!response.ok) throw await errorFor('employees', response);
      return parse(response, employeesPageSchema, 'employees');
    },
  };
}

async function parse<S extends z.ZodType>(response: Response, schema: S, what: string): Promise<z.output<S>> {
  const json: unknown = await response.json().catch(() => undefined);
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UpstreamError(
      `Personio ${what}: unexpected response shape (${issue?.path.join('.') || 'body'}: ${issue?.message})`,
      { code: 'malformed_response', status: response.status, requestId: requestIdOf(response) },
    );
  }
  return parsed.data;
}

/** Names the likely cause of a refusal and the keys to check; never a secret or the token. */
async function errorFor(what: 'auth' | 'employees', response: Response): Promise<UpstreamError> {
  const requestId = requestIdOf(response);
  const vendor = await vendorMessage(response);
  const suffix = vendor ? ` Personio says: ${vendor}` : '';
  const details = { status: response.status, requestId };
  if (response.status === 401 || (what === 'auth' && (response.status === 400 || response.status === 403))) {
    return new UpstreamError(
      `Personio refused the API credentials (${response.status}): check client_id and client_secret (mistyped, or the credential was deleted or regenerated).${suffix}`,
      { code: 'unauthorized', ...details },
    );
  }
  if (response.status === 403) {
    return new UpstreamError(
      `Personio denied the employee list (403): give the API credential read access to employees (scope "Personnel data: read").${suffix}`,
      { code: 'forbidden', ...details },
    );
  }
  return new UpstreamError(`Personio ${what} request failed with HTTP ${response.status}.${suffix}`, {
    code: `http_${response.status}`,
    ...details,
  });
}
