// The one error shape of a failed vendor request. The sync runner copies `message`, `code` and
// `requestId` into the run record, the API and the page, so a message names the host, the request
// (path only: query strings hold page tokens and filters) and what to check; it never holds a
// secret, a token or a whole payload.

/** A request that failed for good: what the run record shows. */
export class UpstreamError extends Error {
  /** The vendor's own error code when it gave one (`TooManyRequests`, `E0000011`), else ours. */
  readonly code: string;
  /** HTTP status of the last answer; null when none came back (network, TLS). */
  readonly status: number | null;
  /** The vendor's request id, for a support case. */
  readonly requestId: string | undefined;
  /** The vendor's own words about the failure (its error message, trimmed), when it sent some. */
  readonly detail: string | undefined;
  constructor(
    message: string,
    details: {
      code: string;
      status: number | null;
      requestId?: string | undefined;
      detail?: string | undefined;
      cause?: unknown;
    },
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'UpstreamError';
    this.code = details.code;
    this.status = details.status;
    this.requestId = details.requestId;
    this.detail = details.detail;
  }
}

/** Node's codes for a certificate that could not be verified (undici puts them on the cause). */
const TLS_CODE = /CERT|SELF_SIGNED|ERR_TLS_|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/;

/**
 * The TLS verification code inside a fetch failure (`fetch failed` -> cause -> code), or null.
 * A certificate failure is not transient: retrying it only hides it behind "could not be reached".
 */
export function tlsFailureCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && TLS_CODE.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

export function tlsError(url: string, code: string, cause: unknown): UpstreamError {
  const what = code === 'CERT_HAS_EXPIRED' ? 'has expired' : 'is not trusted';
  return new UpstreamError(
    `the TLS certificate of ${hostOf(url)} ${what} (${code}); if a proxy or a private CA signs it, ` +
      'give idsync that CA certificate with NODE_EXTRA_CA_CERTS',
    { code: 'tls_error', status: null, cause },
  );
}

/** `host[:port]` of a URL, for messages. */
export function hostOf(url: string): string {
  return URL.canParse(url) ? new URL(url).host : 'the server';
}

/** The path of a URL without its query (page tokens, filters and delta tokens say nothing to an admin). */
export function pathOnly(url: string): string {
  return URL.canParse(url) ? new URL(url).pathname : (url.split('?')[0] ?? url);
}

/** A vendor's message as a detail: one line, bounded, so a whole payload never lands in a run record. */
export function shortDetail(text: string | undefined | null, limit = 300): string | undefined {
  if (typeof text !== 'string') return undefined;
  const line = text.replace(/\s+/g, ' ').trim();
  if (line === '') return undefined;
  return line.length > limit ? `${line.slice(0, limit)}...` : line;
}
