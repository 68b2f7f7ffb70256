// The migrations, and the rules the database itself enforces whatever code writes to it.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/store/users.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/databases.ts';
import { fresh, freshEmail, pgFailure, rows } from './values.ts';

describe.each(DATABASE_KINDS)('migrations and database constraints on %s', (kind) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.destroy();
  });

  async function newUser(displayName: string | null = null): Promise<number> {
    const [row] = await rows<{ id: number }>(
      database.db,
      sql`insert into users (display_name) values (${displayName}) returning id`,
    );
    return row!.id;
  }

  function claim(namespace: string, key: string, userId: number) {
    return database.db.execute(
      sql`insert into identifier_keys (namespace, key, user_id) values (${namespace}, ${key}, ${userId})`,
    );
  }

  function addIdentifier(userId: number, type: string, value: string, namespace: string, key: string) {
    return database.db.execute(sql`insert into identifiers (user_id, type, value, namespace, key, source)
      values (${userId}, ${type}, ${value}, ${namespace}, ${key}, 'manual')`);
  }

  it('migrates twice without error and without applying anything again', async () => {
    const countMigrations = async () =>
      (
        await rows<{ n: number }>(
          database.db,
          sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
        )
      )[0]!.n;
    const before = await countMigrations();
    await database.migrate();
    await database.migrate();
    expect(await countMigrations()).toBe(before);
    expect(before).toBeGreaterThanOrEqual(2);
  });

  it('creates the account settings row with the documented defaults', async () => {
    const settings = await loadSettings(database.db);
    expect(settings.emailAutoDetection).toBe(true);
    expect(settings.expandedAgentUserAssociation).toBe(false);
    expect(settings.activityThresholdDays).toBeGreaterThan(0);
    const [count] = await rows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from account_settings`,
    );
    expect(count!.n).toBe(1);
  });

  it('refuses a second settings row', async () => {
    const failure = await pgFailure(database.db.execute(sql`insert into account_settings (id) values (2)`));
    expect(failure.code).toBe('23514');
  });

  it('refuses one address key claimed by two users', async () => {
    const [a, b] = [await newUser(), await newUser()];
    const address = freshEmail();
    await claim('address', address, a);
    const failure = await pgFailure(claim('address', address, b));
    expect(failure).toEqual({ code: '23505', constraint: 'identifier_keys_pkey' });
  });

  it('lets one user hold the same address as UPN and as email under one claim', async () => {
    const a = await newUser();
    const address = freshEmail();
    await claim('address', address, a);
    await addIdentifier(a, 'upn', address, 'address', address);
    await addIdentifier(a, 'email', address, 'address', address);
    const held = await rows<{ type: string }>(
      database.db,
      sql`select type from identifiers where user_id = ${a} order by type`,
    );
    expect(held.map((r) => r.type)).toEqual(['email', 'upn']);
  });

  it("refuses an identifier row whose key the user has not claimed (another user's claim)", async () => {
    const [a, b] = [await newUser(), await newUser()];
    const address = freshEmail();
    await claim('address', address, a);
    const failure = await pgFailure(addIdentifier(b, 'email', address, 'address', address));
    expect(failure).toEqual({ code: '23503', constraint: 'identifiers_claim_fkey' });
  });

  it('refuses a device login with domain * overlapping another user’s login of that username', async () => {
    const [a, b] = [await newUser(), await newUser()];
    const username = fresh('jsmith');
    await claim('device_login', `${username}\\corp`, a);
    const failure = await pgFailure(claim('device_login', `${username}\\*`, b));
    expect(failure).toEqual({ code: '23505', constraint: 'identifier_keys_device_login_overlap' });
  });

  it('refuses a device login of any domain overlapping another user’s login with domain *', async () => {
    const [a, b] = [await newUser(), await newUser()];
    const username = fresh('jsmith');
    await claim('device_login', `${username}\\*`, a);
    const failure = await pgFailure(claim('device_login', `${username}\\corp`, b));
    expect(failure).toEqual({ code: '23505', constraint: 'identifier_keys_device_login_overlap' });
    const second = await pgFailure(claim('device_login', `${username}\\*`, b));
    expect(second.code).toBe('23505');
  });

  it('allows one username in two different domains on two users, and * beside a domain on one user', async () => {
    const [a, b] = [await newUser(), await newUser()];
    const username = fresh('jsmith');
    await claim('device_login', `${username}\\corp`, a);
    await claim('device_login', `${username}\\eu`, b);
    const other = `${username}b`;
    await claim('device_login', `${other}\\*`, a);
    await claim('device_login', `${other}\\corp`, a);
    const claims = await rows<{ key: string; user_id: number }>(
      database.db,
      sql`select key, user_id from identifier_keys where key like ${`${username}%`}`,
    );
    expect(claims.sort((x, y) => x.key.localeCompare(y.key))).toEqual(
      [
        { key: `${username}\\corp`, user_id: a },
        { key: `${username}\\eu`, user_id: b },
        { key: `${other}\\*`, user_id: a },
        { key: `${other}\\corp`, user_id: a },
      ].sort((x, y) => x.key.localeCompare(y.key)),
    );
  });

  it('refuses a display name that differs from another user’s only in case', async () => {
    const name = fresh('Ann Lee ');
    await newUser(name);
    const failure = await pgFailure(newUser(name.toUpperCase()));
    expect(failure).toEqual({ code: '23505', constraint: 'users_display_name_lower_key' });
  });

  it('allows any number of users without a display name', async () => {
    const ids = [await newUser(null), await newUser(null), await newUser(null)];
    expect(new Set(ids).size).toBe(3);
  });
});
