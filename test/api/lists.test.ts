// The list routes the review page pages through: conflicts and users with search, filters and
// cursors, run history a page at a time; and `assign` limited to the users a conflict names, over
// HTTP on PGlite and PostgreSQL.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConflictReport } from '../../src/domain/changes.ts';
import { conflictFingerprint } from '../../src/domain/reconcile/conflicts.ts';
import { query } from '../../src/store/bulk.ts';
import { upsertConflicts } from '../../src/store/conflicts.ts';
import { createRun } from '../../src/store/runs.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { type ApiHarness, createApiHarness, type ErrorJson, jsonOf, NOW } from './harness.ts';

interface ConflictJson {
  id: number;
  kind: string;
  status: string;
  externalIds: string[];
  users: Array<{ id: number; name: string | null }>;
  records: Array<{ connector: string | null; externalId: string; userId: number | null }>;
}
interface ConflictPage {
  conflicts: ConflictJson[];
  total: number;
  nextCursor: string | null;
}
interface UserPage {
  users: Array<{ id: number; user: string }>;
  total: number;
  nextCursor: string | null;
}

describe.each(DATABASE_KINDS)('list routes and named-user resolution on %s', (kind) => {
  let h: ApiHarness;
  const users: Record<string, number> = {};

  async function addUser(displayName: string | null, email: string): Promise<number> {
    const response = await h.call('POST', '/api/v1/users', {
      ...(displayName ? { displayName } : {}),
      identifiers: [{ type: 'email', value: email }],
    });
    return (await jsonOf<{ id: number }>(response)).id;
  }

  async function raise(report: ConflictReport, minutes: number): Promise<void> {
    await upsertConflicts(h.db, [{ ...report, fingerprint: conflictFingerprint(report) }], {
      connectorId: report.connectors[0]!,
      now: new Date(NOW.getTime() + minutes * 60_000),
    });
  }

  beforeAll(async () => {
    h = await createApiHarness(kind);
    users.ana = await addUser('Ana Lima', 'ana@acme.com');
    users.bruno = await addUser(null, 'bruno@acme.com');
    users.carla = await addUser('Carla Dias', 'carla@acme.com');
    users.outsider = await addUser('Outsider', 'out@acme.com');
    await query(
      h.db,
      sql`insert into source_links (connector_id, external_id, user_id) values ('entra', 'aad-1', ${users.carla})`,
    );
    for (let index = 0; index < 5; index += 1) {
      await raise(
        {
          kind: 'identifier_in_use',
          identifier: { type: 'email', value: `taken-${index}@acme.com` },
          userIds: [users.ana!, users.carla!],
          connectors: ['entra'],
          externalIds: ['aad-1'],
          message: `taken-${index}@acme.com belongs to another user`,
        },
        index,
      );
    }
    await raise(
      {
        kind: 'ambiguous_match',
        userIds: [users.ana!, users.bruno!],
        connectors: ['bamboo'],
        externalIds: ['emp-7'],
        message: 'bamboo record emp-7 matches several users',
      },
      10,
    );
  });
  afterAll(() => h.close());

  it('pages the conflict report through nextCursor, filters and searches it, and names its users', async () => {
    const first = await jsonOf<ConflictPage>(await h.call('GET', '/api/v1/conflicts?status=open&limit=4'));
    expect(first.total).toBe(6);
    expect(first.conflicts).toHaveLength(4);
    expect(first.conflicts[0]).toMatchObject({
      kind: 'ambiguous_match',
      users: [
        { id: users.ana, name: 'Ana Lima' },
        { id: users.bruno, name: 'bruno@acme.com' },
      ],
      records: [{ connector: 'bamboo', externalId: 'emp-7', userId: null }],
    });
    expect(first.conflicts[1]?.records).toEqual([
      { connector: 'entra', externalId: 'aad-1', userId: users.carla },
    ]);
    const second = await jsonOf<ConflictPage>(
      await h.call('GET', `/api/v1/conflicts?status=open&limit=4&cursor=${first.nextCursor}`),
    );
    expect(second.conflicts).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    const seen = [...first.conflicts, ...second.conflicts].map((c) => c.id);
    expect(new Set(seen).size).toBe(6);

    const searched = await jsonOf<ConflictPage>(
      await h.call('GET', '/api/v1/conflicts?q=taken-3&kind=identifier_in_use'),
    );
    expect(searched.conflicts.map((c) => c.id)).toHaveLength(1);
    const byUser = await jsonOf<ConflictPage>(
      await h.call('GET', '/api/v1/conflicts?q=bruno&connector=bamboo'),
    );
    expect(byUser.conflicts.map((c) => c.kind)).toEqual(['ambiguous_match']);
    // Without limit: every match on one page, as before paging existed.
    const all = await jsonOf<ConflictPage>(await h.call('GET', '/api/v1/conflicts'));
    expect({ count: all.conflicts.length, nextCursor: all.nextCursor }).toEqual({
      count: 6,
      nextCursor: null,
    });
  });

  it('refuses a cursor it did not give out (400 naming the parameter), never a 500', async () => {
    const forged = Buffer.from(JSON.stringify({ lastSeen: '2025-02-30T00:00:00.000000Z', id: 1 })).toString(
      'base64url',
    );
    for (const path of [
      '/api/v1/conflicts?limit=2&cursor=not-a-cursor',
      `/api/v1/conflicts?limit=2&cursor=${forged}`,
      '/api/v1/users?limit=2&cursor=e30',
      '/api/v1/runs?before=99999999999',
      '/api/v1/runs/99999999999',
      '/api/v1/users/99999999999',
      '/api/v1/users/99999999999/audit',
      '/api/v1/conflicts/99999999999',
    ]) {
      const response = await h.call('GET', path);
      const body = await jsonOf<ErrorJson>(response);
      expect({ path, status: response.status, code: body.error.code }).toEqual({
        path,
        status: 400,
        code: 'validation_failed',
      });
    }
  });

  it('pages and searches users by name and identifier, keeping the filters', async () => {
    const first = await jsonOf<UserPage>(await h.call('GET', '/api/v1/users?limit=2'));
    expect(first.users.map((u) => u.user)).toEqual(['Ana Lima', 'Carla Dias']);
    expect(first.total).toBe(4);
    const second = await jsonOf<UserPage>(
      await h.call('GET', `/api/v1/users?limit=2&cursor=${first.nextCursor}`),
    );
    expect(second.users.map((u) => u.user)).toEqual(['Outsider', 'bruno@acme.com']);
    expect(second.nextCursor).toBeNull();
    const searched = await jsonOf<UserPage>(
      await h.call('GET', '/api/v1/users?q=ACME.COM&displayName=without'),
    );
    expect(searched.users.map((u) => u.id)).toEqual([users.bruno]);
  });

  it('pages run history per connector with before', async () => {
    const runIds: number[] = [];
    for (let index = 0; index < 3; index += 1) {
      const run = await createRun(h.db, {
        connectorId: 'bamboo',
        requestedMode: 'full',
        trigger: 'schedule',
        status: 'queued',
        now: NOW,
      });
      runIds.push(run.id);
    }
    const page = await jsonOf<{ runs: Array<{ id: number }> }>(
      await h.call('GET', `/api/v1/runs?connector=bamboo&limit=2&before=${runIds[2]}`),
    );
    expect(page.runs.map((run) => run.id)).toEqual([runIds[1], runIds[0]]);
  });

  it('refuses to assign a conflict to a user it does not name (422) and gives it to a named one', async () => {
    const { conflicts } = await jsonOf<ConflictPage>(await h.call('GET', '/api/v1/conflicts?q=taken-0'));
    const conflict = conflicts[0]!;
    const refused = await h.call('POST', `/api/v1/conflicts/${conflict.id}/resolve`, {
      action: 'assign',
      userId: users.outsider,
    });
    const body = await jsonOf<ErrorJson>(refused);
    expect({ status: refused.status, code: body.error.code }).toEqual({
      status: 422,
      code: 'invalid_selection',
    });
    expect(body.error.message).toContain(
      `User ${users.outsider} is not one of the users conflict ${conflict.id} names`,
    );
    const outsider = await jsonOf<{ identifiers: unknown[] }>(
      await h.call('GET', `/api/v1/users/${users.outsider}`),
    );
    expect(outsider.identifiers).toHaveLength(1);

    const given = await h.call('POST', `/api/v1/conflicts/${conflict.id}/resolve`, {
      action: 'assign',
      userId: users.carla,
    });
    expect(given.status).toBe(200);
    expect(await jsonOf<ConflictJson>(given)).toMatchObject({
      status: 'resolved',
      users: [{ name: 'Ana Lima' }, { name: 'Carla Dias' }],
    });
  });
});
