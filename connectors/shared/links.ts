// Links a vendor hands back (a next page, a delta link) are followed only on the origin the admin
// configured: a link to another host would send the token there, or take its answer as directory
// data (and, stored as a cursor, keep doing so).
import { UpstreamError } from './errors.ts';

/**
 * The absolute URL of `link` (resolved against `base`), or an UpstreamError with code
 * `foreign_link` when its origin is not `base`'s. `what` names the link (`@odata.nextLink`),
 * `key` the config key that sets the origin (`graph_base_url`).
 */
export function linkOnOrigin(
  link: string,
  base: string,
  names: { vendor: string; what: string; key: string },
) {
  const origin = new URL(base).origin;
  const url = URL.canParse(link, base) ? new URL(link, base) : null;
  if (url !== null && url.origin === origin) return url.href;
  const where = url === null ? 'an unreadable URL' : url.origin;
  throw new UpstreamError(
    `${names.vendor} returned a ${names.what} on ${where}, not on ${names.key} (${origin}); idsync does not follow it`,
    { code: 'foreign_link', status: null },
  );
}

/**
 * The `rel="next"` target of an RFC 8288 Link header (`<https://...>; rel="next"`), or null.
 * Okta sends `self` and `next` as one header or as two (joined with ", " by fetch).
 */
export function nextLinkOf(header: string | null): string | null {
  if (header === null) return null;
  for (const match of header.matchAll(/<([^>]*)>\s*((?:;\s*[^;,]*)*)/g)) {
    const params = match[2] ?? '';
    if (/;\s*rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?\s*(?:;|$)/i.test(params)) return match[1] ?? null;
  }
  return null;
}
