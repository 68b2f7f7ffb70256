// The Workday report (RaaS) as the connector reads it: one GET of `report_url?format=json` with the
// integration system user's Basic auth (or a bearer token from an OAuth refresh token), whose
// answer `{ "Report_Entry": [ ... ] }` can be tens of megabytes: it is parsed as it arrives
// (../shared/json-stream.ts), never held whole. Secrets only ever go into the
// Authorization header or the token request's body: never into a message, URL or log.
import {
  createRetryingFetch,
  type RetryingFetchOptions,
  requestIdOf,
  UpstreamError,
} from '../shared/http.ts';
import { streamListItems, vendorMessage } from '../shared/json-stream.ts';
import { tokenResponseSchema, type WorkdayConfig } from './schema.ts';

export interface WorkdayClient {
  /** The report's entries, in the order Workday sends them, a network chunk's worth at a time. */
  entries(signal: AbortSignal): AsyncGenerator<unknown[], void, void>;
}

/** A cached access token is replaced this long before Workday says it expires. */
const TOKEN_MARGIN_MS = 60_000;

export function createWorkdayClient(
  config: WorkdayConfig,
  options: RetryingFetchOptions & { now?: () => Date },
): WorkdayClient {
  const send = createRetryingFetch({ ...options, concurrency: 1 });
  const now = options.now ?? (() => new Date());
  let token: { value: string; expiresAt: number } | null = null;

  async function authorization(signal: AbortSignal): Promise<string> {
    if (config.client_id === undefined) {
      return `Basic ${Buffer.from(`${config.username}:${config.password}`).toString('base64')}`;
    }
    if (token !== null && token.expiresAt > now().getTime()) return `Bearer ${token.value}`;
    const response = await send(config.token_url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
        Authorization: `Basic ${Buffer.from(`${config.client_id}:${config.client_secret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: config.refresh_token ?? '' }),
      signal,
    });
    if (!response.ok)
      throw await errorFor('token request', response, 'client_id, client_secret and refresh_token');
    const parsed = tokenResponseSchema.safeParse(await response.json().catch(() => null));
    if (!parsed.success) {
      throw new UpstreamError('Workday token request: the answer has no access_token', {
        code: 'malformed_response',
        status: response.status,
        requestId: requestIdOf(response),
      });
    }
    const lifetimeMs = (parsed.data.expires_in ?? 3600) * 1000;
    token = { value: parsed.data.access_token, expiresAt: now().getTime() + lifetimeMs - TOKEN_MARGIN_MS };
    return `Bearer ${token.value}`;
  }

  return {
    async *entries(signal) {
      const response = await send(config.report_url, {
        method: 'GET',
        headers: { Authorization: await authorization(signal), Accept: 'application/json' },
        signal,
      });
      if (!response.ok) {
        if (response.status === 401) token = null;
        const keys =
          config.client_id === undefined
            ? 'username and password'
            : 'client_id, client_secret and refresh_token';
        throw await errorFor('report', response, keys);
      }
      yield* streamListItems(response, 'Report_Entry', signal, 'Workday report');
    },
  };
}

/** Names the likely cause of a refusal and the keys to check; never a secret. */
async function errorFor(what: string, response: Response, keys: string): Promise<UpstreamError> {
  const requestId = requestIdOf(response);
  const vendor = await vendorMessage(response);
  const suffix = vendor ? ` Workday says: ${vendor}` : '';
  const details = { status: response.status, requestId };
  if (response.status === 401) {
    return new UpstreamError(
      `Workday refused the credentials (401) for the ${what}: check ${keys} (mistyped, expired, or the user is not allowed to sign in with them).${suffix}`,
      { code: 'unauthorized', ...details },
    );
  }
  if (response.status === 403) {
    return new UpstreamError(
      `Workday denied the ${what} (403): share the report with the integration system user and give its security group Get access to the domains the report reads.${suffix}`,
      { code: 'forbidden', ...details },
    );
  }
  if (response.status === 404) {
    return new UpstreamError(
      `Workday ${what}: not found (404); check report_url (tenant, owner and report name).${suffix}`,
      {
        code: 'not_found',
        ...details,
      },
    );
  }
  return new UpstreamError(`Workday ${what} failed with HTTP ${response.status}.${suffix}`, {
    code: `http_${response.status}`,
    ...details,
  });
}
