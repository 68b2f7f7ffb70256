// The azure-ad connector through the real runner, planner and store, on PGlite and PostgreSQL,
// against the simulated tenant (msw) with the real Graph client and credential.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildConnectors } from '../../src/app.ts';
import { parseConfig } from '../../src/config/index.ts';
import { createLogger } from '../../src/log.ts';
import { generateGraphUsers } from '../../src/simulator/graph/index.ts';
import { loadUsers } from '../../src/store/users.ts';
import { runSync, type SyncRequest } from '../../src/sync/runner.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/support/databases.ts';
import {
  AUTHORITY_HOST,
  CLIENT_ID,
  CLIENT_SECRET,
  GRAPH_BASE_URL,
  startTenant,
  TENANT_ID,
  useGraphMsw,
} from './__fixtures__/harness.ts';

useGraphMsw();

// Each test has its own connector id: the tests share one database per kind.
const full = (connectorId: string): SyncRequest => ({ connectorId, mode: 'full', trigger: 'cli' });
const incremental = (connectorId: string): SyncRequest => ({
  connectorId,
  mode: 'incremental',
  trigger: 'cli',
});
const signal = () => new AbortController().signal;

function graphApp(database: TestDatabase, connectorId: string): App['sync'] {
  const config = parseConfig({
    connectors: [
      {
        id: connectorId,
        kind: 'azure-ad',
        precedence: 2,
        max_retries: 2,
        tenant_id: TENANT_ID,
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        graph_base_url: GRAPH_BASE_URL,
        authority_host: AUTHORITY_HOST,
        netbios_domains: { 'corp.acme.com': 'ACME' },
      },
    ],
  });
  const log = createLogger({ level: 'silent' });
  return {
    db: database.db,
    connectors: buildConnectors(config, log),
    precedence: new Map(config.connectors.map((c) => [c.id, c.precedence])),
    deletionThreshold: config.sync.deletion_threshold,
    log,
    clock: () => new Date(),
  };
}

describe.each(DATABASE_KINDS)('sync of an Entra ID tenant on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it('a full run creates the members, and a delta run on the unchanged tenant changes nothing', async () => {
    const users = generateGraphUsers(300, 21, { guestShare: 0.05 });
    const members = users.filter((user) => user.userType === 'Member');
    const tenant = startTenant(users);
    const sync = graphApp(database, 'entra');

    const first = await runSync(sync, full('entra'), signal());
    expect(first.status).toBe('succeeded');
    expect(first.run?.counts).toMatchObject({ fetched: members.length });
    expect((await loadUsers(database.db)).length).toBeGreaterThan(members.length * 0.9);

    const delta = await runSync(sync, incremental('entra'), signal());
    expect(delta.status).toBe('succeeded');
    expect(delta.run?.mode).toBe('incremental');
    expect(delta.run?.counts).toMatchObject({
      fetched: 0,
      created: 0,
      updated: 0,
      linked: 0,
      identifiersAdded: 0,
      identifiersRemoved: 0,
      invalid: 0,
    });
    expect(tenant.requestLog.at(-1)!.path).toMatch(/^\/v1\.0\/users\/delta\?\$deltatoken=/);

    const again = await runSync(sync, full('entra'), signal());
    expect(again.run?.counts).toMatchObject({
      created: 0,
      updated: 0,
      identifiersAdded: 0,
      identifiersRemoved: 0,
    });
  });

  it('a delta run applies an update and a soft delete; a failed run keeps the cursor; an expired link runs fully', async () => {
    const users = generateGraphUsers(40, 22, {
      // Nothing in common with the first test's tenant (same database): other domain, no
      // employee ids, no on-premises logons.
      emailDomain: 'beta.example',
      guestShare: 0,
      missingEmployeeIdShare: 1,
      onPremisesShare: 0,
    });
    const tenant = startTenant(users);
    const sync = graphApp(database, 'entra-beta');
    await runSync(sync, full('entra-beta'), signal());

    const [renamed, deleted] = [users[0]!, users[1]!];
    tenant.updateUser(renamed.id, { userPrincipalName: 'renamed@beta.example' });
    tenant.softDelete(deleted.id);
    // The first attempt of the delta run is throttled past max_retries: the run fails, nothing applies.
    tenant.throttleNext(3, 0);
    const failed = await runSync(sync, incremental('entra-beta'), signal());
    expect(failed.status).toBe('failed');
    expect(failed.run?.error).toMatchObject({ code: 'TooManyRequests', requestId: expect.any(String) });

    const applied = await runSync(sync, incremental('entra-beta'), signal());
    expect(applied.status).toBe('succeeded');
    expect(applied.run?.counts).toMatchObject({ updated: 1, identifiersAdded: 1 });
    const all = await loadUsers(database.db);
    const upns = all.flatMap((user) => user.identifiers.filter((i) => i.type === 'upn').map((i) => i.value));
    expect(upns).toContain('renamed@beta.example');
    expect(upns).not.toContain(renamed.userPrincipalName);
    expect(upns).not.toContain(deleted.userPrincipalName);

    tenant.expireDeltaTokens();
    const fallback = await runSync(sync, incremental('entra-beta'), signal());
    expect(fallback.status).toBe('succeeded');
    expect(fallback.run?.mode).toBe('full');
    expect(fallback.run?.notes.join(' ')).toMatch(/delta link was refused \(410 resyncRequired\)/);
    expect(fallback.run?.counts).toMatchObject({ created: 0, identifiersAdded: 0, identifiersRemoved: 0 });
  });
});
