// The simulated Entra ID tenant and the simulated BambooHR account, generated from one population
// of people and synced together through the real runner and store: one user per person with both
// links, and exactly the conflicts the BambooHR generator planted, item by item.
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAzureAdConnector } from '../connectors/azure-ad/index.ts';
import { azureAdConfigSchema } from '../connectors/azure-ad/schema.ts';
import { bamboohrConnector } from '../connectors/bamboohr/index.ts';
import { bambooConfigSchema } from '../connectors/bamboohr/schema.ts';
import { createLogger } from '../src/log.ts';
import { createBambooSimulator, generateBambooEmployees } from '../src/simulator/bamboohr/index.ts';
import { createGraphSimulator, generateGraphUsers } from '../src/simulator/graph/index.ts';
import { generatePeople } from '../src/simulator/people.ts';
import { listConflicts } from '../src/store/conflicts.ts';
import { loadLinks, loadUsers } from '../src/store/users.ts';
import { runSync, type SyncDeps } from '../src/sync/runner.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './support/databases.ts';

const N = 20;
const SEED = 7;
// No incidental conflicts: every conflict in this test is one the BambooHR generator planted.
const POPULATION = { terminatedShare: 0, duplicateNameShare: 0 } as const;
const TENANT = {
  tenantId: '11111111-2222-4333-8444-555555555555',
  clientId: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
  clientSecret: 'sim-secret',
};
const BAMBOO = { companyDomain: 'acme', apiKey: 'sim-bamboo-key' };

const people = generatePeople(N, SEED, POPULATION);
const graphUsers = generateGraphUsers(N, SEED, { ...POPULATION, guestShare: 0, missingEmployeeIdShare: 0 });
const bamboo = generateBambooEmployees(people);

// Fresh accounts for each database (the test changes them).
let graph = createGraphSimulator({ ...TENANT, users: graphUsers });
let bambooHr = createBambooSimulator({ ...BAMBOO, employees: bamboo.employees });
const server = setupServer(
  http.all('*', ({ request }) => {
    const host = new URL(request.url).host;
    if (host === 'api.bamboohr.com') return bambooHr.handle(request);
    if (host === 'graph.sim.test' || host === 'login.sim.test') return graph.handle(request);
    return HttpResponse.json({ error: `unexpected host ${host}` }, { status: 500 });
  }),
);

function syncDeps(database: TestDatabase): SyncDeps {
  const log = createLogger({ level: 'silent' });
  const common = { on_disable: 'remove_identifiers', max_retries: 6 } as const;
  const entra = createAzureAdConnector(
    {
      ...azureAdConfigSchema.parse({
        tenant_id: TENANT.tenantId,
        client_id: TENANT.clientId,
        client_secret: TENANT.clientSecret,
        graph_base_url: 'https://graph.sim.test',
        authority_host: 'https://login.sim.test',
      }),
      ...common,
      id: 'entra',
      kind: 'azure-ad',
      precedence: 2,
    },
    { log },
  );
  const hr = bamboohrConnector.create(
    {
      ...bambooConfigSchema.parse({ company_domain: BAMBOO.companyDomain, api_key: BAMBOO.apiKey }),
      ...common,
      id: 'bamboo',
      kind: 'bamboohr',
      precedence: 1,
    },
    { log },
  );
  return {
    db: database.db,
    connectors: new Map([
      ['entra', { connector: entra, onDisable: 'remove_identifiers' }],
      ['bamboo', { connector: hr, onDisable: 'remove_identifiers' }],
    ]),
    precedence: new Map([
      ['entra', 2],
      ['bamboo', 1],
    ]),
    deletionThreshold: { count: 500, percent: 20 },
    log,
    clock: () => new Date(),
  };
}

type Links = Map<number, Array<{ connector: string; externalId: string }>>;

function bambooIdOf(index: number): string {
  return bamboo.employees[index]!.id;
}

function userByLink(links: Links, connector: string, externalId: string): number {
  for (const [userId, list] of links) {
    if (list.some((link) => link.connector === connector && link.externalId === externalId)) return userId;
  }
  throw new Error(`no user linked to ${connector}:${externalId}`);
}

function linksOf(links: Links, userId: number): string[] {
  return (links.get(userId) ?? []).map((link) => `${link.connector}:${link.externalId}`).sort();
}

interface ConflictItem {
  kind: string;
  identifier: { type: string; value: string } | undefined;
  userIds: number[];
  connectors: string[];
  externalIds: string[];
}

function sortConflicts(items: ConflictItem[]): ConflictItem[] {
  return [...items].sort((x, y) => `${x.kind}|${x.externalIds}`.localeCompare(`${y.kind}|${y.externalIds}`));
}

async function openConflicts(database: TestDatabase): Promise<ConflictItem[]> {
  const conflicts = await listConflicts(database.db, { status: 'open' });
  return sortConflicts(
    conflicts.map((conflict) => ({
      kind: conflict.kind,
      identifier: conflict.identifier,
      userIds: [...conflict.userIds].sort(),
      connectors: [...conflict.connectors].sort(),
      externalIds: [...conflict.externalIds].sort(),
    })),
  );
}

describe.each(DATABASE_KINDS)('Entra ID and BambooHR synced together on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    server.listen({ onUnhandledRequest: 'error' });
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    server.close();
    await database?.destroy();
  });

  it('gives one user per person with both links, and exactly the planted conflicts', async () => {
    graph = createGraphSimulator({ ...TENANT, users: graphUsers });
    bambooHr = createBambooSimulator({ ...BAMBOO, employees: bamboo.employees });
    const deps = syncDeps(database);
    const signal = new AbortController().signal;
    const entra = await runSync(deps, { connectorId: 'entra', mode: 'full', trigger: 'cli' }, signal);
    expect(entra.status).toBe('succeeded');
    const hr = await runSync(deps, { connectorId: 'bamboo', mode: 'full', trigger: 'cli' }, signal);
    expect(hr.status).toBe('succeeded');

    const users = await loadUsers(database.db);
    const links = await loadLinks(database.db);
    expect(users).toHaveLength(N);
    const userOf = (index: number) => userByLink(links, 'entra', graphUsers[index]!.id);
    const planted = new Set(bamboo.plants.map((plant) => plant.person.employeeNumber));
    people.forEach((person, index) => {
      const expected = planted.has(person.employeeNumber)
        ? [`entra:${graphUsers[index]!.id}`]
        : [`bamboo:${bambooIdOf(index)}`, `entra:${graphUsers[index]!.id}`];
      expect(linksOf(links, userOf(index)), person.employeeNumber).toEqual(expected);
    });

    // Each plant, in the domain's words: the record matches its own person's user and the other
    // person's (ambiguous, not linked), and two records of the source claim one value (nobody gets it).
    const expected = bamboo.plants.flatMap((plant) => {
      const a = people.indexOf(plant.person);
      const b = people.indexOf(plant.other);
      const type = plant.kind === 'employee_number_typo' ? 'employee_id' : 'email';
      return [
        {
          kind: 'ambiguous_match',
          identifier: undefined,
          userIds: [userOf(a), userOf(b)].sort(),
          connectors: ['bamboo'],
          externalIds: [bambooIdOf(a)],
        },
        {
          kind: 'duplicate_in_source',
          identifier: { type, value: plant.value },
          userIds: [],
          connectors: ['bamboo'],
          externalIds: [bambooIdOf(a), bambooIdOf(b)].sort(),
        },
      ];
    });
    expect(await openConflicts(database)).toEqual(sortConflicts(expected));

    // Synced again (incrementally): the same conflicts, not doubled.
    expect(
      (await runSync(deps, { connectorId: 'entra', mode: 'incremental', trigger: 'cli' }, signal)).status,
    ).toBe('succeeded');
    expect(
      (await runSync(deps, { connectorId: 'bamboo', mode: 'incremental', trigger: 'cli' }, signal)).status,
    ).toBe('succeeded');
    expect(await openConflicts(database)).toEqual(sortConflicts(expected));

    // HR fixes the typo: after a full run (which sees both records that claimed the number) its
    // two conflicts close themselves and the person gets both links.
    const typo = bamboo.plants.find((plant) => plant.kind === 'employee_number_typo')!;
    const typoIndex = people.indexOf(typo.person);
    bambooHr.update(bambooIdOf(typoIndex), { employeeNumber: typo.person.employeeNumber });
    expect(
      (await runSync(deps, { connectorId: 'bamboo', mode: 'full', trigger: 'cli' }, signal)).status,
    ).toBe('succeeded');
    expect(await openConflicts(database)).toEqual(
      sortConflicts(expected.filter((c) => !c.externalIds.includes(bambooIdOf(typoIndex)))),
    );
    expect(linksOf(await loadLinks(database.db), userOf(typoIndex))).toEqual([
      `bamboo:${bambooIdOf(typoIndex)}`,
      `entra:${graphUsers[typoIndex]!.id}`,
    ]);
  });
});
