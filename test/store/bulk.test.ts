// The chunked statement runner on a real store: chunks are pipelined on the transaction's
// connection, so results must still come back in order and a failing chunk must surface its own
// error (not the "transaction aborted" of the chunks queued behind it).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHUNK_SIZE, eachChunk, query, recordset } from '../../src/store/bulk.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/databases.ts';

describe.each(DATABASE_KINDS)('eachChunk on %s', (kind) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await database.db.execute(sql`create table bulk_probe (n int primary key)`);
  });
  afterAll(async () => {
    await database?.destroy();
  });

  const numbers = (count: number, from = 1) => Array.from({ length: count }, (_, i) => ({ n: from + i }));

  it('returns every chunk’s rows in the order of the input', async () => {
    const rows = numbers(CHUNK_SIZE * 2 + 17);
    const out = await eachChunk<{ n: number }, { n: number }>(
      database.db,
      rows,
      (chunk) => sql`select r.n from ${recordset(chunk, 'r', 'n int')}`,
    );
    expect(out.map((row) => row.n)).toEqual(rows.map((row) => row.n));
  });

  it('throws the failing chunk’s own error and leaves nothing of the transaction', async () => {
    // The second of three chunks repeats a key of the first.
    const rows = [...numbers(CHUNK_SIZE), ...numbers(CHUNK_SIZE, CHUNK_SIZE), ...numbers(CHUNK_SIZE, 50_000)];
    const attempt = database.db.transaction((tx) =>
      eachChunk(
        tx,
        rows,
        (chunk) => sql`insert into bulk_probe (n) select r.n from ${recordset(chunk, 'r', 'n int')}`,
      ),
    );
    // 23505 unique_violation, not 25P02 in_failed_sql_transaction from the chunk queued behind it.
    await expect(attempt).rejects.toMatchObject({ cause: { code: '23505' } });
    const [count] = await query<{ n: number }>(database.db, sql`select count(*)::int as n from bulk_probe`);
    expect(count?.n).toBe(0);
  });
});
