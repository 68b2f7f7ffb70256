// The conflict report a page at a time (src/store/conflict-search.ts) and the source records each
// conflict names with their users (src/store/conflict-records.ts), on PGlite and PostgreSQL.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminService } from '../../src/admin/service.ts';
import type { ConflictReport } from '../../src/domain/changes.ts';
import { conflictFingerprint } from '../../src/domain/reconcile/conflicts.ts';
import { query } from '../../src/store/bulk.ts';
import { conflictRecordLinks, namedUserIds } from '../../src/store/conflict-records.ts';
import {
  type ConflictCursor,
  type ConflictSearch,
  searchConflicts,
} from '../../src/store/conflict-search.ts';
import { closeConflicts, listConflicts, upsertConflicts } from '../../src/store/conflicts.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/databases.ts';

const NOW = new Date('2025-03-10T12:00:00Z');

function report(
  kind: ConflictReport['kind'],
  connector: string,
  externalIds: string[],
  more: Partial<ConflictReport> = {},
): ConflictReport {
  return {
    kind,
    userIds: [],
    connectors: [connector],
    externalIds,
    message: `${kind} in ${connector}`,
    ...more,
  };
}

describe.each(DATABASE_KINDS)('the conflict report, searched and paged, on %s', (kind) => {
  let database: TestDatabase;
  let ana: number;
  let bruno: number;
  const search = (filter: ConflictSearch) => searchConflicts(database.db, filter);
  const ids = async (filter: ConflictSearch) => (await search(filter)).conflicts.map((c) => c.externalIds[0]);

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const { db } = database;
    const admin = new AdminService(db, () => NOW);
    const a = await admin.addUser({
      displayName: 'Ana Lima',
      identifiers: [{ type: 'upn', value: 'ana@acme.com' }],
    });
    const b = await admin.addUser({ identifiers: [{ type: 'email', value: 'bruno.costa@acme.com' }] });
    if (!a.ok || !b.ok) throw new Error('seed users refused');
    ana = a.value.id;
    bruno = b.value.id;
    await query(
      db,
      sql`insert into source_links (connector_id, external_id, user_id) values
          ('bamboo', 'emp-1', ${ana}), ('bamboo', 'emp-2', ${bruno})`,
    );
    const reports: Array<[string, ConflictReport]> = [
      [
        'entra',
        report('identifier_in_use', 'entra', ['aad-1'], {
          identifier: { type: 'email', value: 'shared@acme.com' },
          userIds: [ana, bruno],
        }),
      ],
      [
        'entra',
        report('ambiguous_match', 'entra', ['aad-2'], {
          userIds: [ana, bruno],
          details: { record: { connector: 'entra', externalId: 'aad-2', displayName: 'Zed Incoming' } },
        }),
      ],
      [
        'bamboo',
        report('duplicate_in_source', 'bamboo', ['emp-1', 'emp-2'], {
          identifier: { type: 'employee_id', value: 'E-77' },
        }),
      ],
      ['bamboo', report('invalid_record', 'bamboo', ['emp-9'], { message: 'bamboo record emp-9: 50%_off' })],
      ['entra', report('do_not_track', 'entra', ['aad-3'])],
    ];
    // One a minute, so "newest activity first" has an order to show.
    for (const [index, [connector, conflict]] of reports.entries()) {
      await upsertConflicts(db, [{ ...conflict, fingerprint: conflictFingerprint(conflict) }], {
        connectorId: connector,
        now: new Date(NOW.getTime() + index * 60_000),
      });
    }
    const dnt = (await listConflicts(db, { kind: 'do_not_track' }))[0]!;
    await closeConflicts(db, [dnt.id], { by: 'admin', action: 'dismiss' }, 'dismissed', NOW);
  });
  afterAll(() => database?.destroy());

  it('lists newest activity first, filtered by status, kind and connector, with the total', async () => {
    expect(await ids({})).toEqual(['aad-3', 'emp-9', 'emp-1', 'aad-2', 'aad-1']);
    expect(await ids({ status: 'open' })).toEqual(['emp-9', 'emp-1', 'aad-2', 'aad-1']);
    expect(await ids({ status: 'dismissed' })).toEqual(['aad-3']);
    expect(await ids({ kind: 'ambiguous_match' })).toEqual(['aad-2']);
    expect(await ids({ connector: 'bamboo', status: 'open' })).toEqual(['emp-9', 'emp-1']);
    expect((await search({ status: 'open' })).total).toBe(4);
  });

  it('searches the value, the record ids, the message, the incoming record and the named users', async () => {
    expect(await ids({ q: 'SHARED@' })).toEqual(['aad-1']);
    expect(await ids({ q: 'emp-2' })).toEqual(['emp-1']);
    expect(await ids({ q: 'zed inc' })).toEqual(['aad-2']);
    expect(await ids({ q: 'ana lima' })).toEqual(['aad-2', 'aad-1']);
    expect(await ids({ q: 'bruno.costa' })).toEqual(['aad-2', 'aad-1']);
    expect(await ids({ q: '50%_' })).toEqual(['emp-9']);
    expect(await ids({ q: '%' })).toEqual(['emp-9']);
    expect(await ids({ q: 'ana lima', kind: 'identifier_in_use' })).toEqual(['aad-1']);
  });

  it('walks the pages through the cursor once each, in order', async () => {
    const walked: string[] = [];
    let after: ConflictCursor | undefined;
    do {
      const page = await search({ limit: 2, ...(after ? { after } : {}) });
      expect(page.total).toBe(5);
      walked.push(...page.conflicts.map((c) => c.externalIds[0]!));
      after = page.next ?? undefined;
    } while (after);
    expect(walked).toEqual(['aad-3', 'emp-9', 'emp-1', 'aad-2', 'aad-1']);
  });

  it('names the records of each conflict with the user each is linked to, and those users as named', async () => {
    const conflicts = (await search({ kind: 'duplicate_in_source' })).conflicts;
    const records = await conflictRecordLinks(database.db, conflicts);
    const duplicate = conflicts[0]!;
    expect(records.get(duplicate.id)).toEqual([
      { connector: 'bamboo', externalId: 'emp-1', userId: ana },
      { connector: 'bamboo', externalId: 'emp-2', userId: bruno },
    ]);
    expect(namedUserIds(duplicate, records.get(duplicate.id)!)).toEqual([ana, bruno]);
    const [unlinked] = (await search({ kind: 'invalid_record' })).conflicts;
    expect((await conflictRecordLinks(database.db, [unlinked!])).get(unlinked!.id)).toEqual([
      { connector: 'bamboo', externalId: 'emp-9', userId: null },
    ]);
  });
});
