// One error shape for every route: `{ "error": { "code", "message", "details"? } }`. Handlers throw
// ApiError (or unwrap a domain Result); the app's onError turns it into JSON. Anything else is a
// bug: logged with its stack, answered 500 `internal_error` without one.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import type { DomainError, DomainErrorCode, Result } from '../domain/errors.ts';
import type { Logger } from '../log.ts';

export type ApiErrorCode =
  | DomainErrorCode
  | 'unauthorized'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'not_ready'
  | 'internal_error';

export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string; details?: Record<string, unknown> };
}

/**
 * DomainErrorCode -> HTTP status. 409: the request is fine but the current state of other records
 * stands in the way (an owner, a name, matching identifiers, the user's status). 422: the request
 * itself cannot be carried out as asked (no confirmation, a selection the rule refuses, a group the
 * user is not in).
 */
export const DOMAIN_ERROR_STATUS: Record<DomainErrorCode, ContentfulStatusCode> = {
  validation_failed: 400,
  not_found: 404,
  identifier_in_use: 409,
  display_name_in_use: 409,
  conflicting_identifiers: 409,
  not_allowed_for_status: 409,
  confirmation_required: 422,
  invalid_selection: 422,
  not_a_member: 422,
};

export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: ApiErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    status: ContentfulStatusCode,
    code: ApiErrorCode,
    message: string,
    details?: Record<string, unknown>,
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }

  static fromDomain(error: DomainError): ApiError {
    return new ApiError(DOMAIN_ERROR_STATUS[error.code], error.code, error.message, error.details);
  }

  body(): ApiErrorBody {
    const error: ApiErrorBody['error'] = { code: this.code, message: this.message };
    if (this.details !== undefined) error.details = this.details;
    return { error };
  }
}

/** The value of an ok Result; a refusal becomes its HTTP error. */
export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw ApiError.fromDomain(result.error);
  return result.value;
}

export function notFound(what: string, details: Record<string, unknown>): ApiError {
  return new ApiError(404, 'not_found', `${what} does not exist.`, details);
}

export function errorResponse(c: Context, error: ApiError): Response {
  return c.json(error.body(), error.status);
}

/** zod issues as `details.issues`: where (path) and what, never the rejected value itself. */
export function validationError(error: ZodError, where: string): ApiError {
  const issues = error.issues.map((issue) => ({
    path: issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part)),
    code: issue.code,
    message: issue.message,
  }));
  const first = issues[0];
  const summary = first ? `${first.path.join('.') || where}: ${first.message}` : 'invalid input';
  return new ApiError(400, 'validation_failed', `Invalid ${where} (${summary})`, { issues });
}

const HTTP_EXCEPTION_CODES: Partial<Record<number, ApiErrorCode>> = {
  401: 'unauthorized',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

export function handleError(log: Logger) {
  return (error: Error, c: Context): Response => {
    if (error instanceof ApiError) return errorResponse(c, error);
    if (error instanceof HTTPException && error.status < 500) {
      // hono's own refusals, e.g. malformed JSON in a request body.
      const code = HTTP_EXCEPTION_CODES[error.status] ?? 'validation_failed';
      return errorResponse(c, new ApiError(error.status, code, error.message || 'Bad request'));
    }
    log.error({ err: error, method: c.req.method, path: c.req.path }, 'request failed');
    return errorResponse(
      c,
      new ApiError(500, 'internal_error', 'Internal error; the server log has the details.'),
    );
  };
}
