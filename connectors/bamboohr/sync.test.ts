// The bamboohr kind through the real config parser, runner, planner and store, against the
// simulated account, on PGlite and on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConnectors } from '../../src/app.ts';
import { parseConfig } from '../../src/config/index.ts';
import { createLogger } from '../../src/log.ts';
import { createBambooSimulator } from '../../src/simulator/bamboohr/index.ts';
import { listConflicts } from '../../src/store/conflicts.ts';
import { loadLinks, loadUsers } from '../../src/store/users.ts';
import { runSync, type SyncDeps, type SyncRequest } from '../../src/sync/runner.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/support/databases.ts';
import { ADA, ALAN, API_KEY, COMPANY, GRACE } from './__fixtures__/account.ts';
import { mountSimulator } from './__fixtures__/harness.ts';

const mounted = mountSimulator();
const full: SyncRequest = { connectorId: 'bamboo', mode: 'full', trigger: 'cli' };
const incremental: SyncRequest = { connectorId: 'bamboo', mode: 'incremental', trigger: 'cli' };
const signal = () => new AbortController().signal;

function syncDeps(database: TestDatabase, id = 'bamboo'): SyncDeps {
  const config = parseConfig({
    // Three people: one termination is a third of the identifiers; the safeguard has its own tests.
    sync: { deletion_threshold: { count: 500, percent: 100 } },
    connectors: [
      {
        id,
        kind: 'bamboohr',
        precedence: 1,
        on_disable: 'remove_identifiers',
        company_domain: COMPANY,
        api_key: API_KEY,
        location_time_zones: { London: 'Europe/London' },
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

async function identifiersOf(database: TestDatabase, externalId: string) {
  const links = await loadLinks(database.db);
  const userId = [...links].find(([, list]) => list.some((link) => link.externalId === externalId))?.[0];
  if (userId === undefined) return null;
  const [user] = await loadUsers(database.db, [userId]);
  return {
    userId,
    identifiers: user!.identifiers.map((identifier) => `${identifier.type}:${identifier.value}`).sort(),
  };
}

describe.each(DATABASE_KINDS)('bamboohr sync on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it('full, then changed-since: inserts, updates and deletions (as removals), terminations and a rehire', async () => {
    const simulator = createBambooSimulator({
      companyDomain: COMPANY,
      apiKey: API_KEY,
      employees: [ADA, GRACE, ALAN],
    });
    mounted.use(simulator);
    const deps = syncDeps(database);

    const first = await runSync(deps, full, signal());
    expect(first.status).toBe('succeeded');
    expect(first.run).toMatchObject({ mode: 'full', complete: true, warnings: [] });
    expect(await identifiersOf(database, '101')).toMatchObject({
      identifiers: ['email:ada.lovelace@acme.example', 'employee_id:E1001'],
    });
    const [ada] = await loadUsers(database.db, [(await identifiersOf(database, '101'))!.userId]);
    expect(ada).toMatchObject({
      displayName: { value: 'Ada Lovelace' },
      timeZone: { value: 'Europe/London' },
      primaryGroup: { value: 'Engineering' },
    });
    expect(ada!.groups.map((group) => group.group).sort()).toEqual(['Engineering', 'Product']);
    // Alan left in 2024 and was never known here: a terminated record creates no user.
    expect(await identifiersOf(database, '103')).toBeNull();

    simulator.update('102', { workEmail: 'g.hopper@acme.example' });
    const hired = simulator.add({
      ...GRACE,
      employeeNumber: 'E1004',
      workEmail: 'kj@acme.example',
      displayName: 'KJ',
    });
    simulator.terminate('101', '2020-01-01');
    const second = await runSync(deps, incremental, signal());
    expect(second.status).toBe('succeeded');
    expect(second.run).toMatchObject({ mode: 'incremental' });
    expect(await identifiersOf(database, '102')).toMatchObject({
      identifiers: ['email:g.hopper@acme.example', 'employee_id:E1002'],
    });
    expect(await identifiersOf(database, hired)).toMatchObject({
      identifiers: ['email:kj@acme.example', 'employee_id:E1004'],
    });
    const adaTerminated = await identifiersOf(database, '101');
    expect(adaTerminated).toMatchObject({ identifiers: [] });

    simulator.rehire('101');
    simulator.delete(hired);
    const third = await runSync(deps, incremental, signal());
    expect(third.status).toBe('succeeded');
    // The same record, the same user: its employee number and email come back.
    expect(await identifiersOf(database, '101')).toEqual({
      userId: adaTerminated!.userId,
      identifiers: ['email:ada.lovelace@acme.example', 'employee_id:E1001'],
    });
    // Deleted in BambooHR: the link and this connector's identifiers go, the user stays.
    expect(await identifiersOf(database, hired)).toBeNull();
    // Ada, Grace and the deleted hire (a sync never deletes a user); Alan never got one.
    expect(await loadUsers(database.db)).toHaveLength(3);
    expect(await listConflicts(database.db, { status: 'open' })).toEqual([]);
  });

  it('records a dropped field as a run warning', async () => {
    mounted.use(
      createBambooSimulator({
        companyDomain: COMPANY,
        apiKey: API_KEY,
        employees: [ADA],
        hiddenFields: ['workEmail'],
      }),
    );
    // Its own connector id: the first test's links are not this connector's absences.
    const result = await runSync(
      syncDeps(database, 'bamboo-2'),
      { ...full, connectorId: 'bamboo-2' },
      signal(),
    );
    expect(result.status).toBe('succeeded');
    expect(result.run?.warnings).toEqual([
      expect.stringMatching(/^fields\.email: BambooHR field "workEmail" was not returned/),
    ]);
  });

  it('fails a run refused with 401, naming the cause in the run record without the key', async () => {
    mounted.use(createBambooSimulator({ companyDomain: COMPANY, apiKey: 'another-key', employees: [ADA] }));
    const result = await runSync(
      syncDeps(database, 'bamboo-3'),
      { ...full, connectorId: 'bamboo-3' },
      signal(),
    );
    expect(result.status).toBe('failed');
    expect(result.run?.error).toMatchObject({ code: 'unauthorized', requestId: 'sim-1' });
    expect(result.run?.error?.message).toMatch(/refused the API key/);
    expect(JSON.stringify(result.run)).not.toContain(API_KEY);
  });
});
