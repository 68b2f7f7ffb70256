import { describe, expect, it } from 'vitest';
import { recordActivity } from '../../src/admin/activity-service.ts';
import { AdminService } from '../../src/admin/service.ts';
import { applyChanges } from '../../src/store/apply.ts';
import { auditForRun, auditForUser } from '../../src/store/audit.ts';
import { listDoNotTrack, loadDeletedDoNotTrack } from '../../src/store/dnt.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { addUser, NOW, useDatabase } from './fixtures.ts';

const LATER = new Date(NOW.getTime() + 3_600_000);

describe.each(DATABASE_KINDS)('the Do Not Track list on %s', (kind) => {
  const database = useDatabase(kind);

  it("lists an untracked user's identifiers with reason untracked, from the moment it was untracked", async () => {
    const { db } = database();
    const user = await addUser(db, {
      identifiers: [
        { type: 'email', value: 'hush@acme.com' },
        { type: 'device_login', value: 'hush', domain: '*' },
      ],
    });
    expect(await listDoNotTrack(db)).toEqual([]);
    const untracked = await new AdminService(db, () => LATER).untrackUser(user.id);
    expect(untracked.ok).toBe(true);
    expect(await listDoNotTrack(db)).toEqual([
      {
        type: 'device_login',
        value: 'hush',
        domain: '*',
        reason: 'untracked',
        userId: user.id,
        addedAt: LATER.toISOString(),
      },
      {
        type: 'email',
        value: 'hush@acme.com',
        reason: 'untracked',
        userId: user.id,
        addedAt: LATER.toISOString(),
      },
    ]);
  });

  it('takes identifiers off the list when their user is tracked again', async () => {
    const { db } = database();
    const user = await addUser(db, {
      identifiers: [{ type: 'email', value: 'back@acme.com' }],
      tracking: 'untracked',
    });
    expect(await listDoNotTrack(db)).toHaveLength(1);
    expect((await new AdminService(db, () => LATER).trackUser(user.id)).ok).toBe(true);
    expect(await listDoNotTrack(db)).toEqual([]);
  });

  it("keeps a deleted user's identifiers on the list with reason deleted and the former user id", async () => {
    const { db } = database();
    const user = await addUser(db, {
      identifiers: [
        { type: 'upn', value: 'leaver@acme.com' },
        { type: 'device_login', value: 'leaver', domain: 'ACME' },
      ],
    });
    await recordActivity(db, [{ username: 'leaver', logonDomain: 'ACME', at: NOW }], NOW);
    const deleted = await new AdminService(db, () => LATER).deleteUser(user.id, true);
    expect(deleted.ok).toBe(true);

    const list = await listDoNotTrack(db);
    expect(list.map((entry) => [entry.type, entry.value, entry.reason, entry.userId])).toEqual(
      expect.arrayContaining([
        ['upn', 'leaver@acme.com', 'deleted', user.id],
        ['device_login', 'leaver', 'deleted', user.id],
      ]),
    );
    const kept = await loadDeletedDoNotTrack(db);
    expect(kept.map((id) => `${id.namespace}:${id.key}`).sort()).toEqual([
      'address:leaver@acme.com',
      'device_login:leaver\\acme',
    ]);
    // Narrowed to a batch's logins: only what those logins can match.
    expect(await loadDeletedDoNotTrack(db, { usernames: ['someone'], addresses: [] })).toEqual([]);
    expect((await loadDeletedDoNotTrack(db, { usernames: ['leaver'], addresses: [] })).length).toBe(2);
  });
});

describe.each(DATABASE_KINDS)('the audit log on %s', (kind) => {
  const database = useDatabase(kind);

  it("lists a user's entries newest first, paged by id", async () => {
    const { db } = database();
    const user = await addUser(db, { displayName: 'First' });
    const admin = new AdminService(db, () => LATER);
    await admin.editDisplayName(user.id, 'Second');
    await admin.editDisplayName(user.id, 'Third');

    const all = await auditForUser(db, user.id);
    expect(all.map((entry) => entry.action)).toEqual(['edit_display_name', 'edit_display_name', 'add_user']);
    expect(all[0]).toMatchObject({
      actor: 'admin',
      runId: null,
      userId: user.id,
      at: LATER.toISOString(),
      before: { displayName: 'Second' },
      after: { displayName: 'Third' },
    });
    const firstPage = await auditForUser(db, user.id, { limit: 2 });
    expect(firstPage.map((entry) => entry.id)).toEqual(all.slice(0, 2).map((entry) => entry.id));
    const nextPage = await auditForUser(db, user.id, { limit: 2, before: firstPage[1]!.id });
    expect(nextPage.map((entry) => entry.id)).toEqual([all[2]!.id]);
  });

  it('lists what one sync run changed, naming the run', async () => {
    const { db } = database();
    const user = await addUser(db, { displayName: 'Synced' });
    await applyChanges(
      db,
      [
        {
          op: 'audit',
          user: user.id,
          action: 'set_attributes',
          before: { timeZone: null },
          after: { timeZone: 'Europe/Oslo' },
        },
      ],
      { actor: { kind: 'run', runId: 42 }, now: LATER },
    );
    expect(await auditForRun(db, 42)).toEqual([
      {
        id: expect.any(Number),
        at: LATER.toISOString(),
        actor: 'run',
        runId: 42,
        userId: user.id,
        action: 'set_attributes',
        before: { timeZone: null },
        after: { timeZone: 'Europe/Oslo' },
      },
    ]);
    expect(await auditForRun(db, 43)).toEqual([]);
  });
});
