import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { recordActivity } from '../../src/admin/activity-service.ts';
import { parseResolution, resolveConflict } from '../../src/admin/conflict-service.ts';
import type { ConflictReport } from '../../src/domain/changes.ts';
import { conflictFingerprint } from '../../src/domain/reconcile/conflicts.ts';
import { query } from '../../src/store/bulk.ts';
import { listConflicts, upsertConflicts } from '../../src/store/conflicts.ts';
import type { Db } from '../../src/store/database.ts';
import { loadUser, loadUsers } from '../../src/store/users.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { addUser, NOW, useDatabase } from './fixtures.ts';

async function openConflict(
  db: Db,
  report: ConflictReport,
  connectorId: string | null = 'entra',
): Promise<number> {
  const numeric = report.userIds.filter((id): id is number => typeof id === 'number');
  await upsertConflicts(db, [{ ...report, userIds: numeric, fingerprint: conflictFingerprint(report) }], {
    connectorId,
    now: NOW,
  });
  const [latest] = (await listConflicts(db, { status: 'open' })).sort((a, b) => b.id - a.id);
  return latest!.id;
}

function addressInUse(value: string, userIds: number[]): ConflictReport {
  return {
    kind: 'identifier_in_use',
    identifier: { type: 'email', value },
    userIds,
    connectors: ['entra'],
    externalIds: ['rec-1'],
    message: `${value} is in use`,
  };
}

describe('parseResolution', () => {
  it('accepts assign, merge and dismiss and refuses anything else with validation_failed', () => {
    expect(parseResolution({ action: 'assign', userId: 4 })).toEqual({
      ok: true,
      value: { action: 'assign', userId: 4 },
    });
    expect(parseResolution({ action: 'dismiss' }).ok).toBe(true);
    for (const bad of [
      { action: 'assign' },
      { action: 'merge', primaryUserId: 'x' },
      { action: 'ignore' },
      null,
    ]) {
      const result = parseResolution(bad);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('validation_failed');
    }
  });
});

describe.each(DATABASE_KINDS)('resolving conflicts on %s', (kind) => {
  const database = useDatabase(kind);

  it('assign gives the value to the chosen user with source manual, taking it from the other holder', async () => {
    const { db } = database();
    const holder = await addUser(db, { identifiers: [{ type: 'upn', value: 'lee@acme.com' }] });
    const target = await addUser(db, { displayName: 'Lee Target' });
    const id = await openConflict(db, addressInUse('lee@acme.com', [holder.id, target.id]));

    const result = await resolveConflict(db, id, { action: 'assign', userId: target.id }, NOW);

    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value).toMatchObject({
        status: 'resolved',
        closedAt: NOW.toISOString(),
        resolution: { by: 'admin', action: 'assign', userId: target.id, removedFrom: [holder.id] },
      });
    }
    const [before, after] = await loadUsers(db, [holder.id, target.id]);
    expect(before?.identifiers).toEqual([]);
    expect(after?.identifiers.map((i) => [i.type, i.value, i.source])).toEqual([
      ['email', 'lee@acme.com', 'manual'],
    ]);
  });

  it('rolls the whole resolution back when a step is refused, and leaves the conflict open', async () => {
    const { db } = database();
    const holder = await addUser(db, { identifiers: [{ type: 'email', value: 'keep@acme.com' }] });
    const claimant = await addUser(db, { displayName: 'Gone Soon' });
    const id = await openConflict(db, addressInUse('keep@acme.com', [holder.id, claimant.id]));
    // Named by the conflict, but deleted since: the value leaves the holder, then the add fails.
    await query(db, sql`delete from users where id = ${claimant.id}`);
    const result = await resolveConflict(db, id, { action: 'assign', userId: claimant.id }, NOW);
    expect(result).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect((await loadUser(db, holder.id))?.identifiers.map((i) => i.value)).toEqual(['keep@acme.com']);
    expect((await listConflicts(db))[0]?.status).toBe('open');
  });

  it('assign refuses a user the conflict does not name, and moves nothing', async () => {
    const { db } = database();
    const holder = await addUser(db, { identifiers: [{ type: 'email', value: 'own@acme.com' }] });
    const claimant = await addUser(db, { displayName: 'Claimant' });
    const outsider = await addUser(db, { displayName: 'Outsider' });
    const id = await openConflict(db, addressInUse('own@acme.com', [holder.id, claimant.id]));

    const result = await resolveConflict(db, id, { action: 'assign', userId: outsider.id }, NOW);

    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_selection',
        details: { conflictId: id, userId: outsider.id, userIds: [holder.id, claimant.id] },
      },
    });
    if (!result.ok) expect(result.error.message).toContain(`User ${outsider.id} is not one of the users`);
    const [holderAfter, outsiderAfter] = await loadUsers(db, [holder.id, outsider.id]);
    expect(holderAfter?.identifiers.map((i) => i.value)).toEqual(['own@acme.com']);
    expect(outsiderAfter?.identifiers).toEqual([]);
    expect((await listConflicts(db))[0]?.status).toBe('open');
  });

  it('assign refuses to link an ambiguous record to a user that is not one of its matches', async () => {
    const { db } = database();
    const a = await addUser(db, { identifiers: [{ type: 'email', value: 'two@acme.com' }] });
    const b = await addUser(db, { identifiers: [{ type: 'employee_id', value: 'E2' }] });
    const outsider = await addUser(db, { displayName: 'Not A Match' });
    const id = await openConflict(db, {
      kind: 'ambiguous_match',
      userIds: [a.id, b.id],
      connectors: ['entra'],
      externalIds: ['rec-3'],
      message: 'matches several users',
    });
    const result = await resolveConflict(db, id, { action: 'assign', userId: outsider.id }, NOW);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_selection' } });
    expect(await query(db, sql`select * from source_links`)).toEqual([]);
  });

  it('a duplicate_in_source conflict names the users its records are linked to: assign to one, or merge them', async () => {
    const { db } = database();
    const first = await addUser(db, { identifiers: [{ type: 'employee_id', value: 'E-10' }] });
    const second = await addUser(db, { identifiers: [{ type: 'employee_id', value: 'E-11' }] });
    const outsider = await addUser(db, { displayName: 'Someone Else' });
    await query(
      db,
      sql`insert into source_links (connector_id, external_id, user_id) values
          ('bamboo', 'emp-10', ${first.id}), ('bamboo', 'emp-11', ${second.id})`,
    );
    const report: ConflictReport = {
      kind: 'duplicate_in_source',
      identifier: { type: 'email', value: 'shared@acme.com' },
      userIds: [],
      connectors: ['bamboo'],
      externalIds: ['emp-10', 'emp-11'],
      message: 'bamboo records emp-10, emp-11 all claim email shared@acme.com',
    };
    const id = await openConflict(db, report, 'bamboo');

    expect(await resolveConflict(db, id, { action: 'assign', userId: outsider.id }, NOW)).toMatchObject({
      ok: false,
      error: { code: 'invalid_selection', details: { userIds: [first.id, second.id] } },
    });
    const assigned = await resolveConflict(db, id, { action: 'assign', userId: second.id }, NOW);
    expect(assigned).toMatchObject({ ok: true, value: { status: 'resolved' } });
    expect((await loadUser(db, second.id))?.identifiers.map((i) => [i.value, i.source])).toContainEqual([
      'shared@acme.com',
      'manual',
    ]);

    const again = await openConflict(db, report, 'bamboo');
    const merged = await resolveConflict(db, again, { action: 'merge', primaryUserId: first.id }, NOW);
    expect(merged).toMatchObject({ ok: true, value: { resolution: { mergedUserIds: [second.id] } } });
    expect(await loadUser(db, second.id)).toBeNull();
  });

  it('assign on an ambiguous source record links it to the chosen user and makes the next run re-plan it', async () => {
    const { db } = database();
    const a = await addUser(db, { identifiers: [{ type: 'email', value: 'amb@acme.com' }] });
    const b = await addUser(db, { identifiers: [{ type: 'employee_id', value: 'E1' }] });
    await query(
      db,
      sql`insert into source_links (connector_id, external_id, user_id, content_hash) values ('entra', 'rec-9', ${a.id}, 'old-hash')`,
    );
    const id = await openConflict(db, {
      kind: 'ambiguous_match',
      userIds: [a.id, b.id],
      connectors: ['entra'],
      externalIds: ['rec-9'],
      message: 'matches several users',
    });
    const result = await resolveConflict(db, id, { action: 'assign', userId: b.id }, NOW);
    expect(result.ok).toBe(true);
    const links = await query<{ user_id: number; content_hash: string | null }>(
      db,
      sql`select user_id, content_hash from source_links where connector_id = 'entra' and external_id = 'rec-9'`,
    );
    expect(links).toEqual([{ user_id: b.id, content_hash: null }]);
  });

  it('assign on an ambiguous agent creates the held-back agent on the chosen user with its activity', async () => {
    const { db } = database();
    const a = await addUser(db, { identifiers: [{ type: 'email', value: 'kai@acme.com' }] });
    const b = await addUser(db, { identifiers: [{ type: 'email', value: 'kai@other.org' }] });
    const at = new Date('2025-03-09T10:00:00Z');
    await recordActivity(db, [{ username: 'kai', logonDomain: 'ACME', at }], NOW);
    const [conflict] = await listConflicts(db, { kind: 'ambiguous_match' });
    const result = await resolveConflict(db, conflict!.id, { action: 'assign', userId: b.id }, NOW);
    expect(result.ok).toBe(true);
    const [userA, userB] = await loadUsers(db, [a.id, b.id]);
    expect(userA?.agents).toEqual([]);
    expect(userB?.agents).toMatchObject([
      { username: 'kai', logonDomain: 'ACME', firstLog: at, lastLog: at, hasData: true },
    ]);
    // Its next report lands on the agent now assigned.
    await recordActivity(db, [{ username: 'kai', logonDomain: 'ACME', at: NOW }], NOW);
    expect((await loadUser(db, b.id))?.agents[0]?.lastLog).toEqual(NOW);
  });

  it("merge folds the conflict's users into the chosen primary", async () => {
    const { db } = database();
    const primary = await addUser(db, { identifiers: [{ type: 'email', value: 'p@acme.com' }] });
    const other = await addUser(db, { identifiers: [{ type: 'employee_id', value: 'E-2' }] });
    const id = await openConflict(db, addressInUse('p@acme.com', [primary.id, other.id]));
    const result = await resolveConflict(db, id, { action: 'merge', primaryUserId: primary.id }, NOW);
    expect(result).toMatchObject({
      ok: true,
      value: {
        status: 'resolved',
        resolution: { action: 'merge', primaryUserId: primary.id, mergedUserIds: [other.id] },
      },
    });
    expect(await loadUser(db, other.id)).toBeNull();
    expect((await loadUser(db, primary.id))?.identifiers.map((i) => i.value).sort()).toEqual([
      'E-2',
      'p@acme.com',
    ]);
  });

  it("refuses a merge whose primary is not one of the conflict's users", async () => {
    const { db } = database();
    const a = await addUser(db, { identifiers: [{ type: 'email', value: 'm1@acme.com' }] });
    const b = await addUser(db, { identifiers: [{ type: 'email', value: 'm2@acme.com' }] });
    const outsider = await addUser(db, { displayName: 'Outsider' });
    const id = await openConflict(db, addressInUse('m1@acme.com', [a.id, b.id]));
    const result = await resolveConflict(db, id, { action: 'merge', primaryUserId: outsider.id }, NOW);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_selection' } });
    expect(await loadUsers(db)).toHaveLength(3);
  });

  it('dismiss closes the conflict as dismissed and changes no user', async () => {
    const { db } = database();
    const a = await addUser(db, { identifiers: [{ type: 'email', value: 'z@acme.com' }] });
    const id = await openConflict(db, addressInUse('z@acme.com', [a.id]));
    const result = await resolveConflict(db, id, { action: 'dismiss' }, NOW);
    expect(result).toMatchObject({
      ok: true,
      value: { status: 'dismissed', resolution: { by: 'admin', action: 'dismiss' } },
    });
    expect((await loadUser(db, a.id))?.identifiers).toHaveLength(1);
    const audit = await query<{ action: string; actor: string }>(
      db,
      sql`select action, actor from audit_log where action = 'resolve_conflict'`,
    );
    expect(audit).toEqual([{ action: 'resolve_conflict', actor: 'admin' }]);
  });

  it('refuses to resolve a conflict that is already closed (invalid_selection) or does not exist (not_found)', async () => {
    const { db } = database();
    const a = await addUser(db, { identifiers: [{ type: 'email', value: 'y@acme.com' }] });
    const id = await openConflict(db, addressInUse('y@acme.com', [a.id]));
    await resolveConflict(db, id, { action: 'dismiss' }, NOW);
    expect(await resolveConflict(db, id, { action: 'dismiss' }, NOW)).toMatchObject({
      ok: false,
      error: { code: 'invalid_selection' },
    });
    expect(await resolveConflict(db, id + 100, { action: 'dismiss' }, NOW)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('refuses assign on a conflict that has no value to give', async () => {
    const { db } = database();
    const a = await addUser(db, { displayName: 'Anyone' });
    const id = await openConflict(db, {
      kind: 'invalid_record',
      userIds: [],
      connectors: ['entra'],
      externalIds: [],
      message: 'record without id',
      details: { field: 'record' },
    });
    expect(await resolveConflict(db, id, { action: 'assign', userId: a.id }, NOW)).toMatchObject({
      ok: false,
      error: { code: 'invalid_selection' },
    });
  });
});
