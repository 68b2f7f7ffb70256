// Failures the database reports as constraint violations, turned back into domain error codes.
// The domain rules check first; these are the races the database still catches (two admins,
// or an admin and a sync, claiming one value at the same moment).
import type { DomainError } from '../domain/errors.ts';

export class StoreConflictError extends Error {
  readonly domainError: DomainError;
  constructor(domainError: DomainError, options?: { cause?: unknown }) {
    super(domainError.message, options);
    this.name = 'StoreConflictError';
    this.domainError = domainError;
  }
}

interface PgErrorLike {
  code?: string;
  message?: string;
  constraint?: string;
  constraint_name?: string;
  cause?: unknown;
}

/** Finds the PostgreSQL error under drizzle's wrapper (PGlite and postgres-js name fields differently). */
export function pgErrorOf(error: unknown): PgErrorLike | null {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth += 1) {
    const candidate = current as PgErrorLike;
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) return candidate;
    current = candidate.cause;
  }
  return null;
}

/** Maps a unique violation to `identifier_in_use` / `display_name_in_use`; other errors pass through. */
export function translateConstraintError(error: unknown): unknown {
  if (error instanceof StoreConflictError) return error;
  const pg = pgErrorOf(error);
  if (pg?.code !== '23505') return error;
  const constraint = pg.constraint ?? pg.constraint_name ?? '';
  if (constraint === DEVICE_LOGIN_OVERLAP) {
    const overlap = deviceLoginOverlapOf(pg.message ?? '');
    if (overlap) return new StoreConflictError(overlap, { cause: error });
  }
  if (constraint.startsWith('identifier_keys') || constraint.startsWith('identifiers_')) {
    return new StoreConflictError(
      { code: 'identifier_in_use', message: 'The identifier was claimed by another user at the same time' },
      { cause: error },
    );
  }
  if (constraint === 'users_display_name_lower_key') {
    return new StoreConflictError(
      { code: 'display_name_in_use', message: 'The display name was taken by another user at the same time' },
      { cause: error },
    );
  }
  return error;
}

/** Raised by the device-login trigger (drizzle/0003): `device login <key> overlaps one held by user <id>`. */
const DEVICE_LOGIN_OVERLAP = 'identifier_keys_device_login_overlap';
const OVERLAP_MESSAGE = /^device login (.+) overlaps one held by user (\d+)$/;

/** The trigger's refusal with the login and its holder, as the domain's own check would word it. */
function deviceLoginOverlapOf(message: string): DomainError | null {
  const match = OVERLAP_MESSAGE.exec(message);
  if (!match) return null;
  const login = match[1]!;
  const userId = Number(match[2]);
  return {
    code: 'identifier_in_use',
    message: `device_login ${login} overlaps one held by user ${userId} (claimed at the same time)`,
    details: { identifier: { type: 'device_login', value: login }, userId },
  };
}
