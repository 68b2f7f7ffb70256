// What went wrong with a Graph request, in words an admin can act on. The run record keeps
// `message`, `code` (Graph's error code) and `requestId` (for a Microsoft support case). A
// message never carries the client secret, whatever the identity library put in its own.
import type { AzureAdConfig } from './schema.ts';

export interface GraphFailure {
  kind: 'http' | 'network' | 'credential';
  /** HTTP status; 0 when no response came back. */
  status: number;
  code: string;
  message: string;
  requestId: string | null;
  retryAfterSeconds: number | null;
}

/** The error a failed run carries: the sync runner copies message, code and requestId. */
export interface UpstreamError extends Error {
  code: string;
  requestId: string | null;
  status: number;
}

interface GraphErrorLike {
  statusCode: number;
  code: string | null;
  message: string;
  requestId: string | null;
  headers?: Headers;
  body?: unknown;
}

function isGraphErrorLike(error: unknown): error is GraphErrorLike {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { statusCode?: unknown }).statusCode === 'number'
  );
}

export function graphFailureOf(error: unknown, credentialFailure: Error | null): GraphFailure {
  if (!isGraphErrorLike(error) || error.statusCode === -1) {
    if (credentialFailure !== null) {
      return {
        kind: 'credential',
        status: 0,
        code: credentialFailure.name || 'CredentialError',
        message: credentialFailure.message,
        requestId: null,
        retryAfterSeconds: null,
      };
    }
    const message = isGraphErrorLike(error)
      ? error.message || String(error.body ?? '')
      : error instanceof Error
        ? error.message
        : String(error);
    return {
      kind: 'network',
      status: 0,
      code: 'NetworkError',
      message,
      requestId: null,
      retryAfterSeconds: null,
    };
  }
  return {
    kind: 'http',
    status: error.statusCode,
    code: error.code ?? `HTTP${error.statusCode}`,
    message: error.message,
    requestId: error.requestId ?? null,
    retryAfterSeconds: retryAfterSeconds(error.headers?.get('retry-after') ?? null),
  };
}

/** `Retry-After` in seconds (a number of seconds or an HTTP date); null when absent or unreadable. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

/** Throttling and transient unavailability are retried; everything else fails the run at once. */
export function isRetryable(failure: GraphFailure): boolean {
  if (failure.kind === 'network') return true;
  return (
    failure.kind === 'http' && (failure.status === 429 || failure.status === 503 || failure.status === 504)
  );
}

export function describeGraphFailure(
  failure: GraphFailure,
  pathOrUrl: string,
  config: AzureAdConfig & { max_retries: number },
  attempt: number,
): string {
  const request = `GET ${pathOnly(pathOrUrl)}`;
  const permission = /\/mailboxSettings/i.test(pathOrUrl) ? 'MailboxSettings.Read' : 'User.Read.All';
  const app = config.client_id ?? 'the managed identity';
  const text = scrub(failure.message, config);
  if (failure.kind === 'credential') {
    return `could not get a Graph token for app ${app} in tenant ${config.tenant_id} from ${config.authority_host} (${failure.code}): ${text}. Check tenant_id, client_id and the credential; the app also needs the Microsoft Graph application permission ${permission} with admin consent`;
  }
  if (failure.status === 401) {
    return `Graph refused the app's token on ${request} (401 ${failure.code}: ${text}). Check tenant_id, client_id and the credential, and that app ${app} has the Microsoft Graph application permission ${permission} with admin consent`;
  }
  if (failure.status === 403) {
    return `Graph denied ${request} (403 ${failure.code}: ${text}): app ${app} needs the Microsoft Graph application permission ${permission}, granted with admin consent`;
  }
  if (isRetryable(failure)) {
    const what = failure.kind === 'network' ? 'network error' : `${failure.status} ${failure.code}`;
    return `Graph still failing on ${request} after ${attempt + 1} attempts (max_retries ${config.max_retries}): ${what}: ${text}`;
  }
  return `Graph ${request} failed: ${failure.status} ${failure.code}: ${text}`;
}

export function upstreamError(message: string, failure: GraphFailure, cause: unknown): UpstreamError {
  return Object.assign(new Error(message, { cause }), {
    code: failure.code,
    requestId: failure.requestId,
    status: failure.status,
  });
}

function scrub(text: string, config: AzureAdConfig): string {
  const secret = config.client_secret;
  return secret === undefined || secret === '' ? text : text.split(secret).join('[redacted]');
}

// The delta link's token and skip tokens are long and say nothing to an admin.
function pathOnly(pathOrUrl: string): string {
  const path = URL.canParse(pathOrUrl) ? new URL(pathOrUrl).pathname : pathOrUrl.split('?')[0]!;
  return path;
}
