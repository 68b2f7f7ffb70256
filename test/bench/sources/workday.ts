// The Workday source of the benchmark: a RaaS report of N workers on the loopback origin.
import { createWorkdayClient } from '../../../connectors/workday/client.ts';
import type { WorkdayConfig } from '../../../connectors/workday/schema.ts';
import { createWorkdaySimulator, workerOf } from '../../../src/simulator/workday/index.ts';
import { type HrBenchSource, parseConfig, roundOf } from './source.ts';

const TENANT = { tenant: 'acme', owner: 'ISU_idsync', report: 'idsync_workers' } as const;
const ISU = { username: 'ISU_idsync', password: 'bench-isu-password' } as const;

export const workdayBench: HrBenchSource = {
  name: 'workday',
  records: 'workers',
  account(people) {
    const simulator = createWorkdaySimulator({ ...TENANT, ...ISU, workers: people.map(workerOf), origin: 'https://localhost' });
    let round = 0;
    return {
      handle: async (request) => (new URL(request.url).pathname.startsWith('/ccx/') ? simulator.handle(request) : undefined),
      mutate() {
        const changed = roundOf(people.length, round);
        for (const index of changed) {
          const person = people[index]!;
          simulator.update(person.employeeNumber, {
            Supervisory_Organization: `Moved ${round}`,
            Work_Email: index % 2 === 0 ? `${person.alias}.${round}@acme.com` : person.workEmail,
          });
        }
        round += 1;
        return changed.length;
      },
    };
  },
  connectorEntry: (origin) => ({
    id: 'wd',
    kind: 'workday',
    precedence: 1,
    report_url: `${origin}/ccx/service/customreport2/${TENANT.tenant}/${TENANT.owner}/${TENANT.report}`,
    ...ISU,
    fields: { groups: ['Supervisory_Organization', 'Cost_Center'], primary_group: 'Supervisory_Organization', location: 'Location' },
    location_time_zones: { London: 'Europe/London', 'New York': 'America/New_York', Berlin: 'Europe/Berlin' },
  }),
  async measureFloor(origin) {
    const config = parseConfig({ connectors: [this.connectorEntry(origin)] }, { env: {} }).connectors[0] as unknown as WorkdayConfig;
    const client = createWorkdayClient(config, {});
    const started = performance.now();
    let records = 0;
    for await (const batch of client.entries(new AbortController().signal)) records += batch.length;
    return { total_ms: performance.now() - started, requests: 1, records };
  },
};
