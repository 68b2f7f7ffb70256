import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { recordActivity } from '../../src/admin/activity-service.ts';
import { AdminService } from '../../src/admin/service.ts';
import type { ActivityReport } from '../../src/domain/activity/index.ts';
import type { Change } from '../../src/domain/changes.ts';
import { normalizeIdentifier } from '../../src/domain/identifiers.ts';
import type { NormalizedIdentifier } from '../../src/domain/types.ts';
import { applyChanges } from '../../src/store/apply.ts';
import { query } from '../../src/store/bulk.ts';
import { listConflicts } from '../../src/store/conflicts.ts';
import type { Db } from '../../src/store/database.ts';
import { loadUser, loadUsers } from '../../src/store/users.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { addUser, countRows, NOW, updateStoredSettings, useDatabase } from './fixtures.ts';

const AT = new Date('2025-03-10T09:00:00Z');

function report(username: string, logonDomain = 'ACME', extra: Partial<ActivityReport> = {}): ActivityReport {
  return { username, logonDomain, at: AT, ...extra };
}

function identifier(
  type: NormalizedIdentifier['type'],
  value: string,
  domain?: string,
): NormalizedIdentifier {
  const result = normalizeIdentifier({ type, value, domain: domain ?? null });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** Many users in one apply, each with the address `user<i>@acme.com`. */
async function seedAddressUsers(db: Db, count: number): Promise<void> {
  const changes: Change[] = [];
  for (let i = 0; i < count; i++) {
    const ref = `new:seed-${i}` as const;
    changes.push(
      { op: 'createUser', ref, tracking: 'tracked' },
      {
        op: 'addIdentifier',
        user: ref,
        identifier: identifier('email', `user${i}@acme.com`),
        source: 'manual',
      },
    );
  }
  await applyChanges(db, changes, { actor: { kind: 'system' }, now: NOW });
}

/** Counts the statements a service sends, through the transaction it opens. */
function countingDb(db: Db): { db: Db; statements: () => number } {
  let statements = 0;
  const countExecute = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(object, property, receiver) {
        const value = Reflect.get(object, property, receiver);
        if (property === 'execute' && typeof value === 'function') {
          return (...args: unknown[]) => {
            statements++;
            return value.apply(object, args);
          };
        }
        return typeof value === 'function' ? value.bind(object) : value;
      },
    });
  const wrapped = new Proxy(db, {
    get(object, property, receiver) {
      if (property !== 'transaction') return Reflect.get(object, property, receiver);
      return (run: (tx: unknown) => Promise<unknown>) =>
        object.transaction((tx) => run(countExecute(tx)) as Promise<never>);
    },
  });
  return { db: wrapped, statements: () => statements };
}

describe.each(DATABASE_KINDS)('recordActivity on %s', (kind) => {
  const database = useDatabase(kind);

  it('records a batch of 5,000 reports in one call: known logins associate, unknown ones create users', async () => {
    const { db } = database();
    await seedAddressUsers(db, 1_000);
    const reports: ActivityReport[] = [];
    for (let i = 0; i < 2_500; i++) {
      // Logins user0..user999 match a seeded address by local part; the rest are unknown.
      const login = i < 1_000 ? `user${i}` : `stranger${i}`;
      reports.push(report(login, 'ACME'), report(login, 'ACME', { at: new Date(AT.getTime() + 60_000) }));
    }
    expect(reports).toHaveLength(5_000);

    const result = await recordActivity(db, reports, NOW);

    expect(result.counts).toMatchObject({
      reports: 5_000,
      agentsCreated: 2_500,
      associated: 1_000,
      usersCreated: 1_500,
      agentsRecorded: 2_500,
      invalid: 0,
    });
    expect(await countRows(db, 'agents')).toBe(2_500);
    expect(await countRows(db, 'users')).toBe(2_500);
    expect(await countRows(db, 'agents', 'has_data')).toBe(2_500);
  });

  it('sends a number of statements that does not grow with the batch', async () => {
    const { db } = database();
    await seedAddressUsers(db, 50);
    const batch = (size: number, prefix: string) =>
      Array.from({ length: size }, (_, i) =>
        report(i % 2 === 0 ? `user${i % 50}` : `${prefix}${i}`, `D${i}`, {
          emails: [`${prefix}${i}@corp.com`],
        }),
      );
    const small = countingDb(db);
    await recordActivity(small.db, batch(20, 'small'), NOW);
    const large = countingDb(db);
    await recordActivity(large.db, batch(3_000, 'large'), NOW);
    expect(small.statements()).toBeGreaterThan(0);
    // Only chunking (5,000 rows per statement) may add statements.
    expect(large.statements()).toBeLessThanOrEqual(small.statements() + 4);
  });

  it('associates a new agent whose username is an address with the user holding that UPN, and records it as a UPN of source agent', async () => {
    const { db } = database();
    const owner = await addUser(db, { identifiers: [{ type: 'upn', value: 'Jane.Doe@acme.com' }] });
    const result = await recordActivity(db, [report('jane.doe@ACME.com', 'AzureAD')], NOW);
    expect(result.counts).toMatchObject({ associated: 1, usersCreated: 0 });
    const user = await loadUser(db, owner.id);
    expect(user?.agents.map((a) => a.username)).toEqual(['jane.doe@ACME.com']);
    expect(user?.agents[0]?.lastLog).toEqual(AT);
  });

  it("associates a plain username with the user whose address's local part equals it", async () => {
    const { db } = database();
    const owner = await addUser(db, { identifiers: [{ type: 'email', value: 'jsmith@acme.com' }] });
    await addUser(db, { identifiers: [{ type: 'email', value: 'jsmith.other@acme.com' }] });
    await recordActivity(db, [report('JSmith', 'ACME')], NOW);
    const user = await loadUser(db, owner.id);
    expect(user?.agents.map((a) => `${a.logonDomain}\\${a.username}`)).toEqual(['ACME\\JSmith']);
  });

  it('associates a login with the user holding that device login, "*" matching any domain', async () => {
    const { db } = database();
    const exact = await addUser(db, { identifiers: [{ type: 'device_login', value: 'kim', domain: 'LAB' }] });
    const any = await addUser(db, { identifiers: [{ type: 'device_login', value: 'lee', domain: '*' }] });
    await recordActivity(db, [report('kim', 'lab'), report('lee', 'WHEREVER')], NOW);
    const [kimOwner, leeOwner] = await loadUsers(db, [exact.id, any.id]);
    expect(kimOwner?.agents.map((a) => a.username)).toEqual(['kim']);
    expect(leeOwner?.agents.map((a) => a.username)).toEqual(['lee']);
  });

  it('creates a user with the device login as its identifier when nothing matches', async () => {
    const { db } = database();
    const result = await recordActivity(db, [report('nobody', 'ACME')], NOW);
    expect(result.counts.usersCreated).toBe(1);
    const [user] = await loadUsers(db);
    expect(user?.identifiers.map((i) => [i.type, i.value, i.domain, i.source])).toEqual([
      ['device_login', 'nobody', 'ACME', 'agent'],
    ]);
  });

  it('holds back an agent matching several users as one ambiguous_match conflict, seen again by the next batch', async () => {
    const { db } = database();
    const a = await addUser(db, { identifiers: [{ type: 'email', value: 'pat@acme.com' }] });
    const b = await addUser(db, { identifiers: [{ type: 'email', value: 'pat@other.org' }] });
    const first = await recordActivity(db, [report('pat', 'ACME')], NOW);
    expect(first.counts).toMatchObject({ ambiguous: 1, agentsCreated: 0 });
    expect(first.conflicts).toMatchObject({ opened: 1, seen: 0 });
    const later = new Date(NOW.getTime() + 3_600_000);
    const second = await recordActivity(db, [report('pat', 'ACME', { at: later })], later);
    expect(second.conflicts).toMatchObject({ opened: 0, seen: 1 });

    const conflicts = await listConflicts(db);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({
      kind: 'ambiguous_match',
      status: 'open',
      connectorId: null,
      userIds: [a.id, b.id],
      identifier: { type: 'device_login', value: 'pat', domain: 'ACME' },
      firstSeen: NOW.toISOString(),
      lastSeen: later.toISOString(),
    });
    expect(await countRows(db, 'agents')).toBe(0);
  });

  it('closes the ambiguous_match conflict itself once the login matches a single user and gets its agent', async () => {
    const { db } = database();
    const a = await addUser(db, { identifiers: [{ type: 'email', value: 'rio@acme.com' }] });
    const b = await addUser(db, { identifiers: [{ type: 'email', value: 'rio@other.org' }] });
    await recordActivity(db, [report('rio', 'ACME')], NOW);
    const removed = await new AdminService(db, () => NOW).removeIdentifier(b.id, b.identifiers[0]!.id);
    expect(removed.ok).toBe(true);
    const result = await recordActivity(db, [report('rio', 'ACME')], NOW);
    expect(result.counts.associated).toBe(1);
    expect((await loadUser(db, a.id))?.agents.map((agent) => agent.username)).toEqual(['rio']);
    const [conflict] = await listConflicts(db);
    expect(conflict).toMatchObject({ status: 'resolved', resolution: { by: 'agent', action: 'associated' } });
  });

  it("does not track a login matching an untracked user's identifier", async () => {
    const { db } = database();
    await addUser(db, { identifiers: [{ type: 'email', value: 'quiet@acme.com' }], tracking: 'untracked' });
    const result = await recordActivity(db, [report('quiet', 'ACME')], NOW);
    expect(result.counts).toMatchObject({ notTracked: 1, agentsCreated: 0, usersCreated: 0 });
    expect(await countRows(db, 'agents')).toBe(0);
  });

  it("does not track a login matching a deleted user's identifier kept on the DNT list", async () => {
    const { db } = database();
    await applyChanges(
      db,
      [
        {
          op: 'addDoNotTrack',
          identifiers: [identifier('employee_id', 'E-77'), identifier('upn', 'gone@acme.com')],
          reason: 'deleted',
          formerUserId: 99,
        },
      ],
      { actor: { kind: 'admin' }, now: NOW },
    );
    const result = await recordActivity(db, [report('gone', 'ACME'), report('e-77', 'ACME')], NOW);
    expect(result.counts).toMatchObject({ notTracked: 2, agentsCreated: 0, usersCreated: 0 });
  });

  it('stops collecting activity of an existing agent once its user is untracked', async () => {
    const { db } = database();
    await recordActivity(db, [report('sam', 'ACME')], NOW);
    const [user] = await loadUsers(db);
    await query(db, sql`update users set tracking = 'untracked' where id = ${user!.id}`);
    const later = new Date(AT.getTime() + 3_600_000);
    const result = await recordActivity(db, [report('sam', 'ACME', { at: later })], NOW);
    expect(result.counts).toMatchObject({ notTracked: 1, agentsRecorded: 0 });
    expect((await loadUser(db, user!.id))?.agents[0]?.lastLog).toEqual(AT);
  });

  it('adds a business email seen in activity with source auto_detected, never a personal one', async () => {
    const { db } = database();
    await updateStoredSettings(db, { emailAutoDetection: true, personalEmailDomains: ['gmail.com'] });
    const owner = await addUser(db, {
      identifiers: [{ type: 'device_login', value: 'ana', domain: 'ACME' }],
    });
    const result = await recordActivity(
      db,
      [report('ana', 'ACME', { emails: ['Ana.Lopez@acme.com', 'ana1990@gmail.com'] })],
      NOW,
    );
    expect(result.counts.emailsDetected).toBe(1);
    const user = await loadUser(db, owner.id);
    expect(user?.identifiers.filter((i) => i.type === 'email').map((i) => [i.value, i.source])).toEqual([
      ['Ana.Lopez@acme.com', 'auto_detected'],
    ]);
  });

  it('opens an identifier_in_use conflict instead of auto-detecting an address another user holds', async () => {
    const { db } = database();
    const holder = await addUser(db, { identifiers: [{ type: 'email', value: 'shared@acme.com' }] });
    const agentUser = await addUser(db, {
      identifiers: [{ type: 'device_login', value: 'bo', domain: 'ACME' }],
    });
    await recordActivity(db, [report('bo', 'ACME', { emails: ['shared@acme.com'] })], NOW);
    const [conflict] = await listConflicts(db, { kind: 'identifier_in_use' });
    expect(conflict?.userIds).toEqual([agentUser.id, holder.id]);
    expect(conflict?.identifier).toEqual({ type: 'email', value: 'shared@acme.com' });
  });

  it('matches display names only with expanded agent-user association on', async () => {
    const { db } = database();
    const named = await addUser(db, { displayName: 'rkumar' });
    await recordActivity(db, [report('rkumar', 'ONE')], NOW);
    expect((await loadUser(db, named.id))?.agents).toHaveLength(0);
    await updateStoredSettings(db, { expandedAgentUserAssociation: true });
    await recordActivity(db, [report('rkumar', 'TWO')], NOW);
    expect((await loadUser(db, named.id))?.agents.map((a) => a.logonDomain)).toEqual(['TWO']);
  });

  it('writes the association to the audit log as actor agent', async () => {
    const { db } = database();
    await recordActivity(db, [report('newbie', 'ACME')], NOW);
    const rows = await query<{ actor: string; action: string }>(
      db,
      sql`select actor, action from audit_log where actor = 'agent' order by id`,
    );
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['create_user', 'create_agent']));
  });
});
