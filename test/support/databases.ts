// Store suites run once per database kind: `describe.each(DATABASE_KINDS)`. Each call of
// createTestDatabase gets a fresh, migrated database (in-memory PGlite, or a new database on
// the PostgreSQL server of DATABASE_URL_TEST), dropped again by `destroy`.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { type Database, openDatabase } from '../../src/store/database.ts';

export type DatabaseKind = 'pglite' | 'postgres';
export const DATABASE_KINDS: DatabaseKind[] = ['pglite', 'postgres'];

export interface TestDatabase extends Database {
  /** The PostgreSQL URL of this database (postgres kind only). */
  url: string | undefined;
  destroy(): Promise<void>;
}

function serverUrl(): string {
  const url = process.env.DATABASE_URL_TEST;
  if (!url)
    throw new Error('DATABASE_URL_TEST is not set: no PostgreSQL for the store suites (see .ci/postgres.sh)');
  return url;
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const database = await openDatabase({});
    await database.migrate();
    return { ...database, url: undefined, destroy: () => database.close() };
  }
  const admin = postgres(serverUrl(), { max: 1, onnotice: () => {} });
  const name = `idsync_t_${randomBytes(6).toString('hex')}`;
  await admin.unsafe(`create database ${name}`);
  const url = withDatabase(serverUrl(), name);
  const database = await openDatabase({ url });
  await database.migrate();
  return {
    ...database,
    url,
    async destroy() {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}
