// What went wrong with a Graph request, in words an admin can act on. The run record keeps
// `message`, `code` (Graph's error code) and `requestId` (for a Microsoft support case). A
// message never carries the client secret, whatever the identity library put in its own.
// Retries, waits and network/TLS failures are the connector kit's (../shared/http.ts); this file
// names what the kit handed back, and what the Graph client raised for a final answer.
import { UpstreamError } from '../shared/errors.ts';
import type { VendorError } from '../shared/http.ts';
import type { AzureAdConfig } from './schema.ts';

export interface GraphFailure {
  kind: 'http' | 'credential' | 'transport';
  /** HTTP status; null when no response came back. */
  status: number | null;
  code: string;
  /** The vendor's (or the identity library's) own words. */
  message: string;
  requestId: string | undefined;
}

interface GraphErrorLike {
  statusCode: number;
  code: string | null;
  message: string;
  requestId: string | null;
}

function isGraphErrorLike(error: unknown): error is GraphErrorLike {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { statusCode?: unknown }).statusCode === 'number'
  );
}

/** Graph's error body, `{ error: { code, message, innerError: { 'request-id' } } }`, for the kit. */
export async function readGraphError(response: Response): Promise<VendorError | null> {
  const body = (await response.json().catch(() => null)) as {
    error?: { code?: unknown; message?: unknown; innerError?: Record<string, unknown> };
  } | null;
  const error = body?.error;
  if (typeof error !== 'object' || error === null) return null;
  const requestId = error.innerError?.['request-id'];
  return {
    code: typeof error.code === 'string' ? error.code : undefined,
    message: typeof error.message === 'string' ? error.message : undefined,
    requestId: typeof requestId === 'string' ? requestId : undefined,
  };
}

/**
 * The failure behind an error of the Graph client: the kit's own (retries spent, a wait too long,
 * TLS, a foreign link), the credential's, or Graph's final answer.
 */
export function graphFailureOf(
  error: unknown,
  transportFailure: UpstreamError | undefined,
  credentialFailure: Error | null,
): GraphFailure {
  if (transportFailure !== undefined) {
    return {
      kind: 'transport',
      status: transportFailure.status,
      code: transportFailure.code,
      message: transportFailure.detail ?? transportFailure.message,
      requestId: transportFailure.requestId,
    };
  }
  if (isGraphErrorLike(error) && error.statusCode !== -1) {
    return {
      kind: 'http',
      status: error.statusCode,
      code: error.code ?? `HTTP${error.statusCode}`,
      message: error.message,
      requestId: error.requestId ?? undefined,
    };
  }
  return {
    kind: 'credential',
    status: null,
    code: credentialFailure?.name || 'CredentialError',
    message: credentialFailure?.message ?? (error instanceof Error ? error.message : String(error)),
    requestId: undefined,
  };
}

export function describeGraphFailure(
  failure: GraphFailure,
  transportFailure: UpstreamError | undefined,
  pathOrUrl: string,
  config: AzureAdConfig & { max_retries: number },
): string {
  const request = `GET ${pathOnly(pathOrUrl)}`;
  const permission = /\/mailboxSettings/i.test(pathOrUrl) ? 'MailboxSettings.Read' : 'User.Read.All';
  const app = config.client_id ?? 'the managed identity';
  const text = scrub(failure.message, config);
  if (transportFailure !== undefined) {
    // The kit's message already says what happened; retries spent also name the key that sets them.
    const spent = / still failing after \d+ attempts/.test(transportFailure.message);
    return spent
      ? `Graph still failing on ${request} after ${config.max_retries + 1} attempts (max_retries ${config.max_retries}): ${failure.status} ${failure.code}: ${text}`
      : scrub(transportFailure.message, config);
  }
  if (failure.kind === 'credential') {
    return `could not get a Graph token for app ${app} in tenant ${config.tenant_id} from ${config.authority_host} (${failure.code}): ${text}. Check tenant_id, client_id and the credential; the app also needs the Microsoft Graph application permission ${permission} with admin consent`;
  }
  if (failure.status === 401) {
    return `Graph refused the app's token on ${request} (401 ${failure.code}: ${text}). Check tenant_id, client_id and the credential, and that app ${app} has the Microsoft Graph application permission ${permission} with admin consent`;
  }
  if (failure.status === 403) {
    return `Graph denied ${request} (403 ${failure.code}: ${text}): app ${app} needs the Microsoft Graph application permission ${permission}, granted with admin consent`;
  }
  return `Graph ${request} failed: ${failure.status} ${failure.code}: ${text}`;
}

export function graphUpstreamError(message: string, failure: GraphFailure, cause: unknown): UpstreamError {
  return new UpstreamError(message, {
    code: failure.code,
    status: failure.status,
    requestId: failure.requestId,
    cause,
  });
}

function scrub(text: string, config: AzureAdConfig): string {
  const secret = config.client_secret;
  return secret === undefined || secret === '' ? text : text.split(secret).join('[redacted]');
}

// The delta link's token and skip tokens are long and say nothing to an admin.
function pathOnly(pathOrUrl: string): string {
  return URL.canParse(pathOrUrl) ? new URL(pathOrUrl).pathname : pathOrUrl.split('?')[0]!;
}
