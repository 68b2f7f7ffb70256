// The users list in SQL (src/store/user-search.ts) against the domain's filters: every combination
// of DOMAIN.md's filters gives the same users as `filterUsers` over the whole account, and the text
// search and the pages walk the list once, in order, on PGlite and PostgreSQL.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminService } from '../../src/admin/service.ts';
import { filterUsers, type UserFilter } from '../../src/domain/filters.ts';
import { query } from '../../src/store/bulk.ts';
import { type UserCursor, searchUsers } from '../../src/store/user-search.ts';
import { loadSettings, loadUsers } from '../../src/store/users.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/databases.ts';

const NOW = new Date('2025-03-10T12:00:00Z');
const DAY = 86_400_000;

interface Person {
  displayName?: string;
  email?: string;
  employeeId?: string;
  tracking?: 'tracked' | 'untracked';
  groups?: string[];
  /** Days since each agent last reported; null: an agent without data. */
  agents?: Array<number | null>;
}

const PEOPLE: Person[] = [
  { displayName: 'Ana Lima', email: 'ana.lima@acme.com', groups: ['Sales'], agents: [1] },
  { displayName: 'bruno costa', email: 'bruno@acme.com', agents: [45] },
  { displayName: 'Carla 100%_Dias', employeeId: 'E-100', tracking: 'untracked', agents: [2] },
  { email: 'dora@acme.com', groups: ['sales', 'Ops'], agents: [null] },
  { employeeId: 'E-200' },
  { displayName: 'Ed Souza', email: 'ed@acme.com', groups: ['Ops'], agents: [null, 30] },
  { displayName: 'Fê Alves', email: 'fe@acme.com', tracking: 'untracked' },
  { displayName: 'Gil Rocha', email: 'gil@example.org', agents: [31, 29] },
  { email: 'hana@acme.com', tracking: 'untracked', groups: ['Ops'], agents: [100] },
  { displayName: 'Ana Paula', email: 'paula@acme.com', agents: [0] },
];

async function seed(db: TestDatabase['db']): Promise<Map<string, number>> {
  const admin = new AdminService(db, () => NOW);
  const ids = new Map<string, number>();
  for (const [index, person] of PEOPLE.entries()) {
    const identifiers = [
      ...(person.email ? [{ type: 'email' as const, value: person.email }] : []),
      ...(person.employeeId ? [{ type: 'employee_id' as const, value: person.employeeId }] : []),
    ];
    const added = await admin.addUser({
      ...(person.displayName ? { displayName: person.displayName } : {}),
      identifiers,
      tracking: person.tracking ?? 'tracked',
    });
    if (!added.ok) throw new Error(added.error.message);
    const id = added.value.id;
    ids.set(person.displayName ?? person.email ?? person.employeeId!, id);
    for (const group of person.groups ?? []) {
      await query(db, sql`insert into groups (name) values (${group}) on conflict do nothing`);
      await query(
        db,
        sql`insert into memberships (user_id, group_id, source)
            select ${id}, id, 'manual' from groups where name = ${group}`,
      );
    }
    for (const [agent, daysAgo] of (person.agents ?? []).entries()) {
      const lastLog = daysAgo === null ? null : new Date(NOW.getTime() - daysAgo * DAY).toISOString();
      await query(
        db,
        sql`insert into agents (user_id, username, logon_domain, login_key, first_log, last_log, has_data)
            values (${id}, ${`u${index}a${agent}`}, 'ACME', ${`u${index}a${agent}\\acme`},
                    ${lastLog}::timestamptz, ${lastLog}::timestamptz, ${daysAgo !== null})`,
      );
    }
  }
  return ids;
}

const STATUS = ['all', 'active', 'inactive', 'unlicensed'] as const;
const TRACKING = ['all', 'tracked', 'untracked'] as const;
const GROUP: UserFilter['group'][] = ['all', 'any', 'none', { name: 'SALES' }, { name: 'ops' }];
const DISPLAY_NAME = ['all', 'with', 'without'] as const;

describe.each(DATABASE_KINDS)('the users list in SQL on %s', (kind) => {
  let database: TestDatabase;
  let ids: Map<string, number>;
  const search = (filter: UserFilter, more: { q?: string; limit?: number; after?: UserCursor } = {}) =>
    searchUsers(database.db, { filter, ...more, activityThresholdDays: 30, now: NOW });

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ids = await seed(database.db);
  });
  afterAll(() => database?.destroy());

  it('gives the same users as the domain filters for every combination of status, tracking, group and display name', async () => {
    const users = await loadUsers(database.db);
    const settings = await loadSettings(database.db);
    let nonEmpty = 0;
    for (const status of STATUS)
      for (const tracking of TRACKING)
        for (const group of GROUP)
          for (const displayName of DISPLAY_NAME) {
            const filter: UserFilter = { status, tracking, group, displayName };
            const expected = filterUsers(users, filter, settings, NOW).map((user) => user.id);
            const page = await search(filter);
            expect(
              [...page.ids].sort((a, b) => a - b),
              JSON.stringify(filter),
            ).toEqual(expected);
            expect(page.total).toBe(expected.length);
            if (expected.length > 0) nonEmpty += 1;
          }
    // The seed makes the comparison mean something: many combinations select someone.
    expect(nonEmpty).toBeGreaterThan(40);
  });

  it('orders by display name without regard to case, users without one last by id', async () => {
    const page = await search({});
    const names = [
      'Ana Lima',
      'Ana Paula',
      'bruno costa',
      'Carla 100%_Dias',
      'Ed Souza',
      'Fê Alves',
      'Gil Rocha',
      'dora@acme.com',
      'E-200',
      'hana@acme.com',
    ];
    expect(page.ids).toEqual(names.map((name) => ids.get(name)));
    expect(page.next).toBeNull();
  });

  it('searches display names and every identifier value, case-insensitively, and a user id', async () => {
    const found = async (q: string) => (await search({}, { q })).ids;
    expect(await found('ana')).toEqual([ids.get('Ana Lima'), ids.get('Ana Paula'), ids.get('hana@acme.com')]);
    expect(await found('PAULA@ACME')).toEqual([ids.get('Ana Paula')]);
    expect(await found('e-200')).toEqual([ids.get('E-200')]);
    expect(await found(String(ids.get('Gil Rocha')))).toContain(ids.get('Gil Rocha'));
    expect(await found('nobody-has-this')).toEqual([]);
  });

  it('takes % and _ in the search literally', async () => {
    expect((await search({}, { q: '100%_' })).ids).toEqual([ids.get('Carla 100%_Dias')]);
    expect((await search({}, { q: '%' })).ids).toEqual([ids.get('Carla 100%_Dias')]);
    expect((await search({}, { q: '_' })).ids).toEqual([ids.get('Carla 100%_Dias')]);
  });

  it('combines the search with the filters', async () => {
    const page = await search({ status: 'active' }, { q: 'ana' });
    expect(page.ids).toEqual([ids.get('Ana Lima'), ids.get('Ana Paula')]);
    expect(page.total).toBe(2);
  });

  it('walks every match once, page by page, through the cursor, with the total on each page', async () => {
    const all = (await search({})).ids;
    const walked: number[] = [];
    let after: UserCursor | undefined;
    let pages = 0;
    do {
      const page = await search({}, { limit: 3, ...(after ? { after } : {}) });
      expect(page.total).toBe(all.length);
      expect(page.ids.length).toBeLessThanOrEqual(3);
      walked.push(...page.ids);
      after = page.next ?? undefined;
      pages += 1;
    } while (after);
    expect(walked).toEqual(all);
    expect(pages).toBe(Math.ceil(all.length / 3));
  });

  it('keeps offset paging for callers of old', async () => {
    const all = (await search({})).ids;
    const page = await searchUsers(database.db, {
      filter: {},
      limit: 4,
      offset: 4,
      activityThresholdDays: 30,
      now: NOW,
    });
    expect(page.ids).toEqual(all.slice(4, 8));
  });
});
