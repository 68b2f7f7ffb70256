// Helpers shared by the store suites: fresh values per test (one database per file), identifiers
// as the domain normalizes them, and reading raw rows.
import type { SQL } from 'drizzle-orm';
import { normalizeIdentifier } from '../../src/domain/identifiers.ts';
import type { IdentifierInput, NormalizedIdentifier } from '../../src/domain/types.ts';
import { query } from '../../src/store/bulk.ts';
import type { Executor } from '../../src/store/database.ts';
import { pgErrorOf } from '../../src/store/errors.ts';

let counter = 0;

/** A value no other test of this process uses (tests share one database per file). */
export function fresh(prefix: string): string {
  counter += 1;
  return `${prefix}${counter}x${Math.random().toString(36).slice(2, 8)}`;
}

export function freshEmail(prefix = 'u'): string {
  return `${fresh(prefix)}@acme.com`;
}

export function normalized(input: IdentifierInput): NormalizedIdentifier {
  const result = normalizeIdentifier(input);
  if (!result.ok) throw new Error(`test identifier is invalid: ${result.error.message}`);
  return result.value;
}

export function rows<Row>(executor: Executor, statement: SQL): Promise<Row[]> {
  return query<Row>(executor, statement);
}

/** The PostgreSQL error a rejected statement carried (code and constraint), for assertions. */
export async function pgFailure(promise: Promise<unknown>): Promise<{ code: string; constraint: string }> {
  try {
    await promise;
  } catch (error) {
    const pg = pgErrorOf(error);
    if (!pg) throw error;
    return { code: pg.code ?? '', constraint: pg.constraint ?? pg.constraint_name ?? '' };
  }
  throw new Error('expected the database to refuse the statement');
}
