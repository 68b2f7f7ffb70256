// The retrying transport every connector sends its requests through: one p-queue per connector
// instance (bounded concurrency), throttling (429, or what the kind's `isThrottled` says, e.g.
// Google's 403 rateLimitExceeded) and unavailability (5xx) retried, the vendor's wait honoured
// (its own header via `waitFor`, else Retry-After) but never past `maxWaitMs`, exponential
// back-off with jitter from 1 s when the vendor names no wait, and every failure that ends the
// request an UpstreamError whose code and request id the sync runner copies into the run record.
import { setTimeout as delay } from 'node:timers/promises';
import PQueue from 'p-queue';
import { hostOf, pathOnly, shortDetail, tlsError, tlsFailureCode, UpstreamError } from './errors.ts';

export { UpstreamError } from './errors.ts';

/** Statuses worth another attempt: throttled, or the vendor is briefly unavailable. */
const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);
/** Headers vendors put their request id in, first match wins. */
const DEFAULT_REQUEST_ID_HEADERS = [
  'x-request-id',
  'request-id',
  'x-okta-request-id',
  'x-ms-request-id',
  'x-amzn-requestid',
];
/** Without a wait from the vendor: 1-2 s, 2-4 s, 4-8 s, ... */
const BASE_BACKOFF_MS = 1000;
/** No single wait longer than this: a run (and the connector's lock) must end in bounded time. */
export const MAX_WAIT_MS = 120_000;

/** What a retry is about to do: logged by the connector and counted by `ConnectorDeps.onRetry`. */
export interface RetryInfo {
  /** The answer's status; null for a network failure. */
  status: number | null;
  /** `rate_limited`, `http_503`, `network_error`, ... */
  code: string;
  /** The attempt that failed (1 for the first). */
  attempt: number;
  waitMs: number;
}

/** The retry hook a connector passes to its transport: one log line, and the deps' counter. */
export function reportRetries(
  deps: { log: { warn(meta: object, msg: string): void }; onRetry?: (info: RetryInfo) => void },
  connector: string,
  message: string,
): (info: RetryInfo) => void {
  return (info) => {
    deps.log.warn({ connector, ...info }, message);
    deps.onRetry?.(info);
  };
}

/** The vendor's own error code and message, read from a failed answer's body. */
export interface VendorError {
  code?: string | undefined;
  message?: string | undefined;
  requestId?: string | undefined;
}

export interface RetryingFetchOptions {
  /** Names the vendor in messages (`Okta`, `Graph`). Default: the host. */
  vendor?: string;
  /** Total attempts per request; 0 is read as 1. Default 6. */
  maxAttempts?: number;
  /** Requests in flight at once. Default 4. */
  concurrency?: number;
  /** The longest single wait. A vendor asking for more fails the request at once. Default 120 s. */
  maxWaitMs?: number;
  fetch?: typeof fetch;
  /** Injected by tests so a wait of minutes costs nothing. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Clock for HTTP-date and epoch wait headers. */
  now?: () => Date;
  /** [0, 1) for the back-off's jitter. Default Math.random. */
  random?: () => number;
  requestIdHeaders?: string[];
  /** A vendor's own wait header, in ms from now (Okta: `X-Rate-Limit-Reset`); null to fall back to Retry-After. */
  waitFor?: (response: Response, now: Date) => number | null;
  /** Whether a non-retryable answer (a 403, say) is the vendor's throttling. Gets a clone to read. */
  isThrottled?: (response: Response) => boolean | Promise<boolean>;
  /** Reads the vendor's error code and message from a failed answer (a clone); used in the final error. */
  vendorError?: (response: Response) => Promise<VendorError | null>;
  /** Called before every wait. */
  onRetry?: (info: RetryInfo) => void;
}

/**
 * Resolves with the response once it is not retryable (2xx, or a 4xx the caller interprets);
 * throws an UpstreamError when the attempts run out, when the vendor asks for a longer wait than
 * `maxWaitMs`, on a TLS certificate failure, and on a network failure past the last attempt.
 */
export type RetryingFetch = (url: string, init: RequestInit & { signal: AbortSignal }) => Promise<Response>;

export function createRetryingFetch(options: RetryingFetchOptions = {}): RetryingFetch {
  const queue = new PQueue({ concurrency: options.concurrency ?? 4 });
  const attempts = Math.max(1, options.maxAttempts ?? 6);
  const maxWaitMs = options.maxWaitMs ?? MAX_WAIT_MS;
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const idHeaders = options.requestIdHeaders ?? DEFAULT_REQUEST_ID_HEADERS;

  async function attemptAll(url: string, init: RequestInit & { signal: AbortSignal }): Promise<Response> {
    const vendor = options.vendor ?? hostOf(url);
    const request = `${init.method ?? 'GET'} ${pathOnly(url)}`;
    for (let attempt = 1; ; attempt += 1) {
      init.signal.throwIfAborted();
      let response: Response;
      try {
        response = await doFetch(url, init);
      } catch (error) {
        if (init.signal.aborted) throw error;
        const tls = tlsFailureCode(error);
        if (tls !== null) throw tlsError(url, tls, error);
        if (attempt >= attempts) {
          throw new UpstreamError(
            `${vendor} (${hostOf(url)}) could not be reached after ${attempt} attempts`,
            {
              code: 'network_error',
              status: null,
              detail: shortDetail(error instanceof Error ? error.message : String(error)),
              cause: error,
            },
          );
        }
        const waitMs = backoffMs(attempt, maxWaitMs, random);
        options.onRetry?.({ status: null, code: 'network_error', attempt, waitMs });
        await sleep(waitMs, init.signal);
        continue;
      }
      const throttled =
        response.status === 429 ||
        (!RETRYABLE_STATUSES.has(response.status) &&
          !response.ok &&
          options.isThrottled !== undefined &&
          (await options.isThrottled(response.clone())));
      if (!throttled && !RETRYABLE_STATUSES.has(response.status)) return response;
      const code = throttled ? 'rate_limited' : `http_${response.status}`;
      const askedMs =
        options.waitFor?.(response, now()) ?? retryAfterMs(response.headers.get('retry-after'), now());
      const last = attempt >= attempts;
      const tooLong = askedMs !== null && askedMs > maxWaitMs;
      if (last || tooLong) {
        const vendorSays = await readVendorError(response, options.vendorError);
        const requestId = vendorSays?.requestId ?? requestIdOf(response, idHeaders);
        const reason = tooLong
          ? `asked to wait ${Math.ceil(askedMs / 1000)} s before a retry, longer than idsync waits (${Math.round(maxWaitMs / 1000)} s); the next run tries again`
          : `still failing after ${attempt} attempts`;
        const vendorCode = vendorSays?.code;
        throw new UpstreamError(
          `${vendor} ${request}: ${response.status}${vendorCode ? ` ${vendorCode}` : ''} ${reason}` +
            (vendorSays?.message ? `: ${vendorSays.message}` : '') +
            (requestId ? ` (request id ${requestId})` : ''),
          { code: vendorCode ?? code, status: response.status, requestId, detail: vendorSays?.message },
        );
      }
      // The body is not needed; releasing it frees the connection for the next attempt.
      void response.body?.cancel().catch(() => undefined);
      const waitMs = askedMs ?? backoffMs(attempt, maxWaitMs, random);
      options.onRetry?.({ status: response.status, code, attempt, waitMs });
      await sleep(waitMs, init.signal);
    }
  }

  return (url, init) => queue.add(() => attemptAll(url, init), { signal: init.signal });
}

async function readVendorError(
  response: Response,
  reader: RetryingFetchOptions['vendorError'],
): Promise<VendorError | null> {
  try {
    const said = reader === undefined ? null : await reader(response);
    return said === null ? null : { ...said, message: shortDetail(said.message) };
  } catch {
    // An unreadable error body leaves the status to speak.
    return null;
  } finally {
    void response.body?.cancel().catch(() => undefined);
  }
}

/**
 * Retry-After as seconds or as an HTTP date, in ms from `now` (uncapped: the caller compares it
 * with its maximum); null when absent or unreadable (the caller backs off instead).
 */
export function retryAfterMs(header: string | null, now: Date): number | null {
  if (header === null) return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now.getTime());
}

/** An epoch-seconds reset header (Okta's `X-Rate-Limit-Reset`) in ms from `now`, at least 1 s. */
export function epochResetMs(header: string | null, now: Date): number | null {
  if (header === null || !/^\d+$/.test(header.trim())) return null;
  // The reset second has begun when it is reached: wait to its end, and at least a second, so a
  // clock a little ahead of the vendor's does not retry into the same window.
  return Math.max(1000, Number(header.trim()) * 1000 - now.getTime() + 1000);
}

export function requestIdOf(response: Response, headers: readonly string[] = DEFAULT_REQUEST_ID_HEADERS) {
  for (const name of headers) {
    const value = response.headers.get(name);
    if (value) return value;
  }
  return undefined;
}

/** 1 s, 2 s, 4 s, ... each stretched by up to as much again at random, so clients do not retry in step. */
export function backoffMs(attempt: number, maxWaitMs = MAX_WAIT_MS, random: () => number = Math.random) {
  const base = BASE_BACKOFF_MS * 2 ** Math.min(attempt - 1, 20);
  return Math.min(Math.round(base * (1 + random())), maxWaitMs);
}

async function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  await delay(ms, undefined, { signal });
}
