// The demo's simulated directories: one population of people, seen by a simulated Entra ID tenant
// and a simulated BambooHR account, both served by one loopback HTTPS server. The BambooHR
// account carries a few planted HR mistakes, so the first syncs leave conflicts to review.
import { createBambooSimulator, generateBambooEmployees } from '../simulator/bamboohr/index.ts';
import { createGraphSimulator, generateGraphUsers } from '../simulator/graph/index.ts';
import { type LoopbackHttpsServer, startLoopbackHttpsServer } from '../simulator/https.ts';
import { generatePeople } from '../simulator/people.ts';

/** Fixed so two demos show the same people (and the same planted conflicts). */
export const DEMO_SEED = 20_240_601;

export const DEMO_TENANT = {
  tenantId: '0d3c1e5a-7b2f-4c8e-9a61-2f5d8b7e4c10',
  clientId: 'c4f1a7d2-3e9b-4a55-8c0d-6b2e1f9a7d33',
  /** Known to the simulator only; never a real credential. */
  clientSecret: 'demo-client-secret',
} as const;

export const DEMO_BAMBOO = { companyDomain: 'acme', apiKey: 'demo-bamboohr-key' } as const;

const BAMBOO_PATH = '/api/gateway.php/';

export interface DemoDirectories {
  server: LoopbackHttpsServer;
  graphBaseUrl: string;
  bambooBaseUrl: string;
  people: number;
  plantedConflicts: number;
  close(): Promise<void>;
}

/** Planted HR mistakes grow slowly with the population: 1 + 1 up to 150 people, then one more pair per 150. */
export function plantsFor(people: number): number {
  return Math.max(1, Math.floor(people / 150));
}

export async function startDemoDirectories(people: number): Promise<DemoDirectories> {
  const population = generatePeople(people, DEMO_SEED);
  const graph = createGraphSimulator({
    ...DEMO_TENANT,
    users: generateGraphUsers(people, DEMO_SEED, { sharedAddressShare: 0.004 }),
    // Now and then a 429 with Retry-After, as a busy tenant answers: the runs wait and carry on.
    throttle: { everyNth: 40, retryAfterSeconds: 1 },
  });
  const plants = plantsFor(people);
  const bamboo = createBambooSimulator({
    ...DEMO_BAMBOO,
    employees: generateBambooEmployees(population, { employeeNumberTypos: plants, workEmailMixUps: plants })
      .employees,
  });
  // BambooHR's handler answers every path, so it takes only its gateway prefix; the tenant's
  // handler leaves what it does not serve to the server's 404.
  const server = await startLoopbackHttpsServer([
    async (request) =>
      new URL(request.url).pathname.startsWith(BAMBOO_PATH) ? bamboo.handle(request) : undefined,
    graph.handler,
  ]);
  return {
    server,
    graphBaseUrl: server.origin,
    bambooBaseUrl: `${server.origin}${BAMBOO_PATH}${DEMO_BAMBOO.companyDomain}/v1`,
    people,
    plantedConflicts: plants * 2,
    close: () => server.close(),
  };
}
