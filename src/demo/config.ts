// The demo's config.yaml: both connectors pointed at the loopback simulators, short schedules,
// the embedded database under the demo folder, and a fresh random API token.
import { randomBytes } from 'node:crypto';
import { stringify } from 'yaml';
import { DEMO_BAMBOO, DEMO_TENANT } from './directories.ts';

export interface DemoConfigInput {
  dataDir: string;
  listen: string;
  token: string;
  graphBaseUrl: string;
  bambooBaseUrl: string;
}

export function randomApiToken(): string {
  return randomBytes(24).toString('base64url');
}

export function demoConfigYaml(input: DemoConfigInput): string {
  const config = {
    database: { url: '', data_dir: input.dataDir },
    api: { listen: input.listen, token: input.token },
    log: { level: 'info' },
    connectors: [
      {
        id: 'entra',
        kind: 'azure-ad',
        // Six fields: the first is seconds. Incremental (delta) every 30 s, a full read every 5 min.
        schedule: '*/30 * * * * *',
        full_schedule: '0 */5 * * * *',
        precedence: 2,
        tenant_id: DEMO_TENANT.tenantId,
        client_id: DEMO_TENANT.clientId,
        client_secret: DEMO_TENANT.clientSecret,
        graph_base_url: input.graphBaseUrl,
        authority_host: input.graphBaseUrl,
      },
      {
        id: 'bamboo',
        kind: 'bamboohr',
        schedule: '15,45 * * * * *',
        precedence: 1,
        company_domain: DEMO_BAMBOO.companyDomain,
        api_key: DEMO_BAMBOO.apiKey,
        base_url: input.bambooBaseUrl,
      },
    ],
  };
  return `# Written by \`idsync demo\`: simulated directories on loopback, rewritten on every start.\n${stringify(config)}`;
}
