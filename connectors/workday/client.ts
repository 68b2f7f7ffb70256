// The Workday report (RaaS) as the connector reads it: one GET of `report_url?format=json` with the
// integration system user's Basic auth (or a bearer token from an OAuth refresh token), whose
// answer `{ "Report_Entry": [ ... ] }` can be tens of megabytes. The body is parsed as it arrives
// (@streamparser/json) and handed on a chunk's worth of entries at a time: the whole text is never
// held, and each entry is dropped by the parser once handed on. Secrets only ever go into the
// Authorization header or the token request's body: never into a message, URL or log.
import { JSONParser } from '@streamparser/json';
import {
  createRetryingFetch,
  type RetryingFetchOptions,
  requestIdOf,
  UpstreamError,
} from '../shared/http.ts';
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
      yield* streamEntries(response, signal);
    },
  };
}

/** Parses `{ "Report_Entry": [...] }` as it arrives; yields the entries each chunk completed. */
async function* streamEntries(
  response: Response,
  signal: AbortSignal,
): AsyncGenerator<unknown[], void, void> {
  const requestId = requestIdOf(response);
  const malformed = (detail: string, cause?: unknown) =>
    new UpstreamError(`Workday report: the answer is not the report JSON (${detail})`, {
      code: 'malformed_response',
      status: response.status,
      requestId,
      cause,
    });
  if (response.body === null) throw malformed('empty body');
  // keepStack false: an entry handed on is removed from the array being built, so the parser never
  // holds more than the entry it is reading.
  const parser = new JSONParser({ paths: ['$.Report_Entry.*', '$.Report_Entry'], keepStack: false });
  let pending: unknown[] = [];
  let sawReportEntry = false;
  parser.onValue = ({ value, key, stack }) => {
    if (stack.length === 1 && key === 'Report_Entry') {
      if (!Array.isArray(value)) throw new Error('Report_Entry is not a list');
      sawReportEntry = true;
    } else {
      pending.push(value);
    }
  };
  const reader = response.body.getReader();
  try {
    for (;;) {
      signal.throwIfAborted();
      const { done, value } = await reader.read();
      if (done) break;
      try {
        parser.write(value);
      } catch (error) {
        throw malformed(error instanceof Error ? error.message : String(error), error);
      }
      if (pending.length > 0) {
        const batch = pending;
        pending = [];
        yield batch;
      }
    }
  } finally {
    reader.releaseLock();
  }
  if (!parser.isEnded) {
    try {
      parser.end();
    } catch (error) {
      throw malformed('the answer ended early', error);
    }
  }
  if (pending.length > 0) yield pending;
  if (!sawReportEntry) throw malformed('no Report_Entry list');
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

/** A short reason from an error body (`{ "error": ... }` JSON or a SOAP fault's text), bounded. */
async function vendorMessage(response: Response): Promise<string | null> {
  const text = (await response.text().catch(() => '')).slice(0, 2000);
  try {
    const body = JSON.parse(text) as { error?: unknown; errors?: Array<{ error?: unknown }> };
    const message = body.error ?? body.errors?.[0]?.error;
    if (typeof message === 'string') return message.slice(0, 300);
  } catch {
    // Not JSON: Workday answers some refusals as XML.
  }
  const fault = /<(?:faultstring|wd:Message)>([^<]{1,300})</.exec(text);
  return fault?.[1]?.trim() ?? null;
}
