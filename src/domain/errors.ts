// Errors are values with stable codes: the API maps them to 4xx responses, the CLI to messages.

export type DomainErrorCode =
  /** Input is malformed (bad address, empty value, unknown time zone, ...). */
  | 'validation_failed'
  /** The identifier belongs to another user; details name that user. */
  | 'identifier_in_use'
  /** The display name belongs to another user (case-insensitive). */
  | 'display_name_in_use'
  /** The action is not available for the user's current status. */
  | 'not_allowed_for_status'
  | 'not_found'
  /** An irreversible action was asked for without `confirm: true`. */
  | 'confirmation_required'
  /** Agent reassignment refused: the current owner still holds matching identifiers (listed). */
  | 'conflicting_identifiers'
  /** The primary group must be one of the user's groups. */
  | 'not_a_member'
  /** Merge takes 2 to 10 users; agent merge needs 2+ agents of one user; ... */
  | 'invalid_selection';

export interface DomainError {
  code: DomainErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: DomainError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(
  code: DomainErrorCode,
  message: string,
  details?: Record<string, unknown>,
): Result<T> {
  return details === undefined
    ? { ok: false, error: { code, message } }
    : { ok: false, error: { code, message, details } };
}
