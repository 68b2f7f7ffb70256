// The HiBob source of the benchmark: a Bob account of N employees on the loopback origin.
import { createHibobClient } from '../../../connectors/hibob/client.ts';
import { requestedFields } from '../../../connectors/hibob/mapping.ts';
import type { HibobConfig } from '../../../connectors/hibob/schema.ts';
import { createHibobSimulator, employeeOf, hibobListId } from '../../../src/simulator/hibob/index.ts';
import { type HrBenchSource, parseConfig, roundOf } from './source.ts';

const SERVICE_USER = { service_user_id: 'SERVICE-BENCH', token: 'bench-bob-token' } as const;

export const hibobBench: HrBenchSource = {
  name: 'hibob',
  records: 'employees',
  account(people) {
    const employees = people.map((person, index) => employeeOf(person, index));
    const simulator = createHibobSimulator({ serviceUserId: SERVICE_USER.service_user_id, token: SERVICE_USER.token, employees });
    let round = 0;
    return {
      handle: async (request) => (new URL(request.url).pathname.startsWith('/v1/') ? simulator.handle(request) : undefined),
      mutate() {
        const changed = roundOf(people.length, round);
        for (const index of changed) {
          const person = people[index]!;
          simulator.update(employees[index]!.id, (employee) => {
            employee.work.department = hibobListId(`Moved ${round}`);
            if (index % 2 === 0) employee.email = `${person.alias}.${round}@acme.com`;
          });
        }
        round += 1;
        return changed.length;
      },
    };
  },
  connectorEntry: (origin) => ({
    id: 'bob',
    kind: 'hibob',
    precedence: 1,
    ...SERVICE_USER,
    base_url: `${origin}/v1`,
    site_time_zones: { London: 'Europe/London', 'New York': 'America/New_York', Berlin: 'Europe/Berlin' },
  }),
  async measureFloor(origin) {
    const config = parseConfig({ connectors: [this.connectorEntry(origin)] }, { env: {} }).connectors[0] as unknown as HibobConfig;
    const client = createHibobClient({ baseUrl: config.base_url, serviceUserId: config.service_user_id, token: config.token });
    const started = performance.now();
    let records = 0;
    for await (const batch of client.search(requestedFields(config.fields), new AbortController().signal)) records += batch.length;
    return { total_ms: performance.now() - started, requests: 1, records };
  },
};
