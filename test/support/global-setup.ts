// Vitest global setup: the store suites run on PGlite and on a real PostgreSQL. When no server
// is given (DATABASE_URL_TEST), start a throw-away one with .ci/postgres.sh, as .ci/run does.
import { startThrowawayPostgres, type ThrowawayPostgres } from './throwaway-postgres.ts';

let started: ThrowawayPostgres | null = null;

export function setup(): void {
  if (process.env.DATABASE_URL_TEST) return;
  try {
    started = startThrowawayPostgres();
    process.env.DATABASE_URL_TEST = started.url;
  } catch (error) {
    if (process.env.CI === 'true') throw new Error('PostgreSQL is required in CI', { cause: error });
    console.warn(
      'No PostgreSQL could be started: the PostgreSQL store suites will fail. Set DATABASE_URL_TEST.',
    );
  }
}

export function teardown(): void {
  started?.stop();
}
