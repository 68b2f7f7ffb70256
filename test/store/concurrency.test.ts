// Races between admin transactions on a real PostgreSQL (PGlite has one connection, so nothing
// to race). Two AdminService instances on two separate connection pools act at once. To make the
// transactions truly overlap, a third session first holds the contested thing in an open
// transaction (an uncommitted claim of the value, an uncommitted user with the display name, a
// row lock): both actions run into it and wait, past the point the test is about; once both wait,
// the third session rolls back and the database alone decides between them.
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminService } from '../../src/admin/service.ts';
import type { AddUserInput } from '../../src/domain/actions/index.ts';
import type { DomainError, Result } from '../../src/domain/errors.ts';
import type { UserRecord } from '../../src/domain/types.ts';
import { type Database, openDatabase } from '../../src/store/database.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { fresh, freshEmail, rows } from './values.ts';

const ROUNDS = 20;

describe('concurrent admin transactions on postgres', () => {
  let database: TestDatabase;
  let connections: Database[];
  let first: AdminService;
  let second: AdminService;
  let locker: postgres.Sql;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    const url = database.url!;
    connections = [
      await openDatabase({ url, maxConnections: 2 }),
      await openDatabase({ url, maxConnections: 2 }),
    ];
    first = new AdminService(connections[0]!.db);
    second = new AdminService(connections[1]!.db);
    locker = postgres(url, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await locker?.end({ timeout: 5 });
    for (const connection of connections ?? []) await connection.close();
    await database?.destroy();
  });

  async function sessionsWaitingOnLocks(): Promise<number> {
    const [row] = await rows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`,
    );
    return row!.n;
  }

  type Hold = (tx: postgres.TransactionSql) => Promise<unknown>;

  /** Holds `value` as a claim of an uncommitted user, so claimants of it wait. */
  function holdClaim(namespace: string, key: string): Hold {
    return async (tx) => {
      const [held] = await tx<{ id: number }[]>`insert into users default values returning id`;
      await tx`insert into identifier_keys (namespace, key, user_id) values (${namespace}, ${key}, ${held!.id})`;
    };
  }

  /**
   * Starts both actions while `hold` keeps what they contend for, rolls it back once both wait on
   * it, and returns their results. Fails if they never both reached it.
   */
  async function overlapped<A, B>(hold: Hold, a: () => Promise<A>, b: () => Promise<B>): Promise<[A, B]> {
    let results: Promise<[A, B]> | undefined;
    let waiting = 0;
    const released = new Error('released');
    await locker
      .begin(async (tx) => {
        await hold(tx);
        results = Promise.all([a(), b()]);
        const deadline = Date.now() + 5_000;
        while (waiting < 2 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 5));
          waiting = await sessionsWaitingOnLocks();
        }
        throw released;
      })
      .catch((error: unknown) => {
        if (error !== released) throw error;
      });
    const settled = await results!;
    expect(waiting, 'both transactions reached the held value and waited').toBe(2);
    return settled;
  }

  async function count(statement: ReturnType<typeof sql>): Promise<number> {
    const [row] = await rows<{ n: number }>(database.db, statement);
    return Number(row!.n);
  }

  const userCount = () => count(sql`select count(*)::int as n from users`);
  const auditCount = (action: string) =>
    count(sql`select count(*)::int as n from audit_log where action = ${action}`);
  const orphanClaims = () =>
    count(sql`select count(*)::int as n from identifier_keys k where not exists (
      select 1 from identifiers i where i.namespace = k.namespace and i.key = k.key and i.user_id = k.user_id)`);

  /** Exactly one success; the other refused with `code`. Returns [winner, loser index]. */
  function oneWinner(
    results: Result<UserRecord>[],
    code: string,
  ): { winner: UserRecord; loser: number; refusal: DomainError } {
    const winners = results.filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    const loser = results.findIndex((r) => !r.ok);
    const refused = results[loser]!;
    expect(refused.ok ? null : refused.error.code).toBe(code);
    const refusal = (refused as { error: DomainError }).error;
    return { winner: (winners[0] as { value: UserRecord }).value, loser, refusal };
  }

  async function raceAddUsers(hold: Hold, inputs: [AddUserInput, AddUserInput], code: string) {
    const usersBefore = await userCount();
    const auditBefore = await auditCount('add_user');
    const results = await overlapped(
      hold,
      () => first.addUser(inputs[0]),
      () => second.addUser(inputs[1]),
    );
    const outcome = oneWinner(results, code);
    expect(await userCount()).toBe(usersBefore + 1);
    expect(await auditCount('add_user')).toBe(auditBefore + 1);
    return outcome;
  }

  it('gives one address to one of two users added at once; the other is refused and leaves nothing', async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const address = freshEmail('race');
      const codes = [fresh('E'), fresh('E')];
      const inputs = codes.map((code) => ({
        identifiers: [
          { type: 'email' as const, value: address },
          { type: 'employee_id' as const, value: code },
        ],
      })) as [AddUserInput, AddUserInput];
      const { winner, loser } = await raceAddUsers(
        holdClaim('address', address),
        inputs,
        'identifier_in_use',
      );
      expect(winner.identifiers.map((i) => i.value).sort()).toEqual([address, codes[1 - loser]!].sort());
      expect(
        await count(sql`select count(*)::int as n from identifier_keys where key = ${codes[loser]!}`),
      ).toBe(0);
      expect(await count(sql`select count(*)::int as n from identifiers where key = ${codes[loser]!}`)).toBe(
        0,
      );
    }
    expect(await orphanClaims()).toBe(0);
  });

  it('gives a device login with domain * or a named domain to only one of two users added at once', async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const username = fresh('x');
      const codes = [fresh('E'), fresh('E')];
      const domains = round % 2 === 0 ? ['*', 'corp'] : ['corp', '*'];
      const inputs = codes.map((code, i) => ({
        identifiers: [
          { type: 'device_login' as const, value: username, domain: domains[i]! },
          { type: 'employee_id' as const, value: code },
        ],
      })) as [AddUserInput, AddUserInput];
      const { winner, loser, refusal } = await raceAddUsers(
        holdClaim('device_login', `${username.toLowerCase()}\\held`),
        inputs,
        'identifier_in_use',
      );
      expect(winner.identifiers.find((i) => i.type === 'device_login')?.domain).toBe(domains[1 - loser]);
      // The refusal names the user who holds the overlapping login, as the domain's own check does.
      expect(refusal.details?.userId).toBe(winner.id);
      expect(refusal.message).toContain(`user ${winner.id}`);
      expect(
        await count(sql`select count(*)::int as n from identifier_keys where key = ${codes[loser]!}`),
      ).toBe(0);
      expect(
        await count(
          sql`select count(*)::int as n from identifier_keys
            where namespace = 'device_login' and split_part(key, E'\\\\', 1) = ${username.toLowerCase()}`,
        ),
      ).toBe(1);
    }
    expect(await orphanClaims()).toBe(0);
  });

  it('claims two shared addresses in either order without deadlocking: one wins both', async () => {
    for (let round = 0; round < ROUNDS / 2; round += 1) {
      const addresses = [freshEmail('pair'), freshEmail('pair')];
      const inputs: [AddUserInput, AddUserInput] = [
        { identifiers: addresses.map((value) => ({ type: 'email' as const, value })) },
        { identifiers: [...addresses].reverse().map((value) => ({ type: 'upn' as const, value })) },
      ];
      const { winner } = await raceAddUsers(holdClaim('address', addresses[0]!), inputs, 'identifier_in_use');
      expect(winner.identifiers.map((i) => i.value).sort()).toEqual([...addresses].sort());
    }
    expect(await orphanClaims()).toBe(0);
  });

  it('gives one display name to only one of two users renamed at once', async () => {
    for (let round = 0; round < ROUNDS / 2; round += 1) {
      const [a, b] = [
        (await first.addUser({ displayName: fresh('Before A ') })) as { ok: true; value: UserRecord },
        (await first.addUser({ displayName: fresh('Before B ') })) as { ok: true; value: UserRecord },
      ];
      const name = fresh('Wanted ');
      const auditBefore = await auditCount('edit_display_name');
      const results = await overlapped(
        (tx) => tx`insert into users (display_name) values (${name})`,
        () => first.editDisplayName(a.value.id, name),
        () => second.editDisplayName(b.value.id, name.toUpperCase()),
      );
      const { loser } = oneWinner(results, 'display_name_in_use');
      const holders = await rows<{ id: number }>(
        database.db,
        sql`select id from users where lower(display_name) = ${name.toLowerCase()}`,
      );
      expect(holders).toHaveLength(1);
      const loserUser = [a, b][loser]!.value;
      const [kept] = await rows<{ display_name: string }>(
        database.db,
        sql`select display_name from users where id = ${loserUser.id}`,
      );
      expect(kept!.display_name).toBe(loserUser.displayName.value);
      expect(await auditCount('edit_display_name')).toBe(auditBefore + 1);
    }
  });

  it('lets only one of two merges take the same secondary record; the other finds it gone', async () => {
    for (let round = 0; round < ROUNDS / 4; round += 1) {
      const added = async (input: AddUserInput) => {
        const result = await first.addUser(input);
        if (!result.ok) throw new Error(result.error.message);
        return result.value;
      };
      const [primaryA, primaryB] = [await added({}), await added({})];
      const address = freshEmail('merged');
      const secondary = await added({ identifiers: [{ type: 'email', value: address }] });
      const auditBefore = await auditCount('merge_users');
      const results = await overlapped(
        (tx) => tx`select id from users where id = ${secondary.id} for update`,
        () => first.mergeUsers({ primaryUserId: primaryA.id, userIds: [secondary.id], confirm: true }),
        () => second.mergeUsers({ primaryUserId: primaryB.id, userIds: [secondary.id], confirm: true }),
      );
      const { winner } = oneWinner(results, 'not_found');
      expect(winner.identifiers.map((i) => i.value)).toEqual([address]);
      const holders = await rows<{ user_id: number }>(
        database.db,
        sql`select user_id from identifiers where key = ${address.toLowerCase()}`,
      );
      expect(holders).toEqual([{ user_id: winner.id }]);
      // One merge: an audit row for the primary and one for the merged-away record.
      expect(await auditCount('merge_users')).toBe(auditBefore + 2);
    }
  });
});
