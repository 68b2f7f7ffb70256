// Shared set-up for the service suites: a fresh database per test, users added through the admin
// service (so they pass the same rules as in production), and small readers for assertions.
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach } from 'vitest';
import { AdminService } from '../../src/admin/service.ts';
import type { AddUserInput } from '../../src/domain/actions/index.ts';
import type { UserRecord } from '../../src/domain/types.ts';
import { query } from '../../src/store/bulk.ts';
import type { Db } from '../../src/store/database.ts';
import { loadSettings, saveSettings } from '../../src/store/users.ts';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from '../support/databases.ts';

export const NOW = new Date('2025-03-10T12:00:00Z');

/** A fresh migrated database for each test of the suite; `current()` is the one of this test. */
export function useDatabase(kind: DatabaseKind): () => TestDatabase {
  let database: TestDatabase | undefined;
  beforeEach(async () => {
    database = await createTestDatabase(kind);
  });
  afterEach(async () => {
    await database?.destroy();
    database = undefined;
  });
  return () => {
    if (!database) throw new Error('no test database: call inside a test');
    return database;
  };
}

export async function addUser(db: Db, input: AddUserInput): Promise<UserRecord> {
  const result = await new AdminService(db, () => NOW).addUser(input);
  if (!result.ok) throw new Error(`fixture user refused: ${result.error.message}`);
  return result.value;
}

export async function updateStoredSettings(
  db: Db,
  patch: Partial<Awaited<ReturnType<typeof loadSettings>>>,
): Promise<void> {
  await saveSettings(db, { ...(await loadSettings(db)), ...patch });
}

export function countRows(db: Db, table: string, where = 'true'): Promise<number> {
  return query<{ n: number }>(db, sql.raw(`select count(*)::int as n from ${table} where ${where}`)).then(
    (rows) => rows[0]?.n ?? 0,
  );
}
