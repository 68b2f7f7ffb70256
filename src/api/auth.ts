// Bearer token on everything that carries tenant data: /api/* (but the OpenAPI document) and
// /metrics. The page shell, its static assets and the health probes stay open: they carry none.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiError, errorResponse } from './errors.ts';

export const OPENAPI_PATH = '/api/v1/openapi.json';

/** Paths the token guards; the rest of the app (page, assets, probes) is open. */
export function isProtectedPath(path: string): boolean {
  if (path === OPENAPI_PATH) return false;
  return path === '/metrics' || path === '/api' || path.startsWith('/api/');
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Constant time whatever the lengths: both sides are hashed to 32 bytes first. */
export function tokensMatch(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

function bearerOf(header: string | undefined): string | null {
  if (header === undefined) return null;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match ? match[1]! : null;
}

function unauthorized(message: string): ApiError {
  return new ApiError(401, 'unauthorized', message);
}

export function requireBearer(token: string): MiddlewareHandler {
  return async (c, next) => {
    if (!isProtectedPath(c.req.path)) return next();
    if (token === '') {
      return errorResponse(
        c,
        unauthorized(
          'api.token is not set: the API refuses every protected request until a token is configured.',
        ),
      );
    }
    const given = bearerOf(c.req.header('authorization'));
    if (given === null || !tokensMatch(given, token)) {
      c.header('WWW-Authenticate', 'Bearer realm="idsync"');
      return errorResponse(
        c,
        unauthorized('A valid "Authorization: Bearer <api.token>" header is required.'),
      );
    }
    return next();
  };
}
