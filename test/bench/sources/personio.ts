// The Personio source of the benchmark: a Personio account of N employees on the loopback origin,
// without its 300-requests-a-minute limit (the timed runs measure the sync, not waits for the limit).
import { createPersonioClient } from '../../../connectors/personio/client.ts';
import { PERSONIO_LIMIT } from '../../../connectors/personio/index.ts';
import { mappedAttributes } from '../../../connectors/personio/mapping.ts';
import type { PersonioConfig } from '../../../connectors/personio/schema.ts';
import { createPersonioSimulator, EMPLOYEE_NUMBER_ATTRIBUTE, employeeOf, related } from '../../../src/simulator/personio/index.ts';
import { type HrBenchSource, parseConfig, roundOf } from './source.ts';

const CREDENTIAL = { client_id: 'bench-client', client_secret: 'bench-personio-secret' } as const;

export const personioBench: HrBenchSource = {
  name: 'personio',
  records: 'employees',
  account(people) {
    const simulator = createPersonioSimulator({
      clientId: CREDENTIAL.client_id,
      clientSecret: CREDENTIAL.client_secret,
      employees: people.map((person, index) => employeeOf(person, index + 1)),
    });
    let round = 0;
    return {
      handle: async (request) => (new URL(request.url).pathname.startsWith('/v1/') ? simulator.handle(request) : undefined),
      mutate() {
        const changed = roundOf(people.length, round);
        for (const index of changed) {
          const person = people[index]!;
          simulator.update(index + 1, {
            department: related('Department', 900_000 + round, `Moved ${round}`),
            ...(index % 2 === 0 ? { email: `${person.alias}.${round}@acme.com` } : {}),
          });
        }
        round += 1;
        return changed.length;
      },
    };
  },
  connectorEntry: (origin) => ({
    id: 'personio',
    kind: 'personio',
    precedence: 1,
    ...CREDENTIAL,
    base_url: `${origin}/v1`,
    fields: { employee_id: EMPLOYEE_NUMBER_ATTRIBUTE },
    office_time_zones: { London: 'Europe/London', 'New York': 'America/New_York', Berlin: 'Europe/Berlin' },
  }),
  async measureFloor(origin) {
    const config = parseConfig({ connectors: [this.connectorEntry(origin)] }, { env: {} }).connectors[0] as unknown as PersonioConfig;
    const client = createPersonioClient({ baseUrl: config.base_url, clientId: config.client_id, clientSecret: config.client_secret });
    const attributes = mappedAttributes(config.fields);
    const signal = new AbortController().signal;
    const started = performance.now();
    let records = 0;
    let pages = 0;
    for (let offset = 0; ; ) {
      const page = await client.employees({ offset, limit: PERSONIO_LIMIT, attributes }, signal);
      pages += 1;
      records += page.data.length;
      offset += page.data.length;
      if (page.data.length < PERSONIO_LIMIT) break;
    }
    // The token request and the pages.
    return { total_ms: performance.now() - started, requests: pages + 1, records };
  },
};
