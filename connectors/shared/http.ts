// A small retrying fetch for connectors: every request goes through one p-queue (bounded
// concurrency per connector instance), throttling (429) and unavailability (5xx) are retried with
// the vendor's Retry-After honoured, and the last failure becomes an UpstreamError whose code and
// request id the sync runner copies into the run record.
import { setTimeout as delay } from 'node:timers/promises';
import PQueue from 'p-queue';

/** Statuses worth another attempt: throttled, or the vendor is briefly unavailable. */
const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);
/** Headers vendors put their request id in, first match wins. */
const DEFAULT_REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-ms-request-id', 'x-amzn-requestid'];
/** Without Retry-After: 1 s, 2 s, 4 s, ... */
const BASE_BACKOFF_MS = 1000;
/** No single wait longer than this, whatever Retry-After says: a run must end in bounded time. */
export const MAX_WAIT_MS = 120_000;

export interface RetryingFetchOptions {
  /** Total attempts per request (the common `max_retries` key); 0 is read as 1. Default 6. */
  maxAttempts?: number;
  /** Requests in flight at once. Default 4. */
  concurrency?: number;
  fetch?: typeof fetch;
  /** Injected by tests so a Retry-After of minutes costs nothing. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Clock for Retry-After given as an HTTP date. */
  now?: () => Date;
  requestIdHeaders?: string[];
  /** Called before each wait, e.g. to log it. */
  onRetry?: (info: { url: string; status: number | null; attempt: number; waitMs: number }) => void;
}

/** A request that failed for good: what the run record shows. */
export class UpstreamError extends Error {
  readonly code: string;
  readonly status: number | null;
  readonly requestId: string | undefined;
  constructor(
    message: string,
    details: { code: string; status: number | null; requestId?: string | undefined; cause?: unknown },
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'UpstreamError';
    this.code = details.code;
    this.status = details.status;
    this.requestId = details.requestId;
  }
}

/**
 * Resolves with the response once it is not retryable (2xx, or a 4xx the caller interprets);
 * throws an UpstreamError when the attempts run out on a retryable failure.
 */
export type RetryingFetch = (url: string, init: RequestInit & { signal: AbortSignal }) => Promise<Response>;

export function createRetryingFetch(options: RetryingFetchOptions = {}): RetryingFetch {
  const queue = new PQueue({ concurrency: options.concurrency ?? 4 });
  const attempts = Math.max(1, options.maxAttempts ?? 6);
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? (() => new Date());
  const idHeaders = options.requestIdHeaders ?? DEFAULT_REQUEST_ID_HEADERS;

  async function attemptAll(url: string, init: RequestInit & { signal: AbortSignal }): Promise<Response> {
    for (let attempt = 1; ; attempt += 1) {
      init.signal.throwIfAborted();
      let response: Response;
      try {
        response = await doFetch(url, init);
      } catch (error) {
        if (init.signal.aborted) throw error;
        if (attempt >= attempts) {
          throw new UpstreamError(`${hostOf(url)} could not be reached after ${attempt} attempts`, {
            code: 'network_error',
            status: null,
            cause: error,
          });
        }
        const waitMs = backoffMs(attempt);
        options.onRetry?.({ url, status: null, attempt, waitMs });
        await sleep(waitMs, init.signal);
        continue;
      }
      if (!RETRYABLE_STATUSES.has(response.status)) return response;
      const requestId = requestIdOf(response, idHeaders);
      // The body is not needed; releasing it frees the connection for the next attempt.
      void response.body?.cancel().catch(() => undefined);
      if (attempt >= attempts) {
        throw new UpstreamError(
          `${hostOf(url)} answered ${response.status} ${describeStatus(response.status)} ${attempt} times; giving up` +
            (requestId ? ` (request id ${requestId})` : ''),
          { code: codeOf(response.status), status: response.status, requestId },
        );
      }
      const waitMs = retryAfterMs(response.headers.get('retry-after'), now()) ?? backoffMs(attempt);
      options.onRetry?.({ url, status: response.status, attempt, waitMs });
      await sleep(waitMs, init.signal);
    }
  }

  return (url, init) => queue.add(() => attemptAll(url, init), { signal: init.signal });
}

/**
 * Retry-After as seconds or as an HTTP date, capped at MAX_WAIT_MS; null when absent or unreadable
 * (the caller backs off exponentially instead).
 */
export function retryAfterMs(header: string | null, now: Date): number | null {
  if (header === null) return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Math.min(Number(value) * 1000, MAX_WAIT_MS);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return null;
  return Math.min(Math.max(0, date - now.getTime()), MAX_WAIT_MS);
}

export function requestIdOf(response: Response, headers: readonly string[] = DEFAULT_REQUEST_ID_HEADERS) {
  for (const name of headers) {
    const value = response.headers.get(name);
    if (value) return value;
  }
  return undefined;
}

function codeOf(status: number): string {
  return status === 429 ? 'rate_limited' : `http_${status}`;
}

function describeStatus(status: number): string {
  if (status === 429) return '(too many requests)';
  if (status === 503) return '(service unavailable)';
  return '(server error)';
}

function backoffMs(attempt: number): number {
  return Math.min(BASE_BACKOFF_MS * 2 ** (attempt - 1), MAX_WAIT_MS);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the server';
  }
}

async function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  await delay(ms, undefined, { signal });
}
