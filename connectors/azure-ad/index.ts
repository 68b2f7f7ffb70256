// The azure-ad kind: Entra ID users over Microsoft Graph. Full runs read `/users`; incremental
// runs follow the delta link kept as the cursor. See README.md for keys, permissions and mapping.
import { reportRetries } from '../shared/http.ts';
import type { Connector, ConnectorDeps, ConnectorKind } from '../types.ts';
import {
  type AzureAdFullConfig,
  createCredential,
  createGraphTransport,
  type GraphTransportOptions,
} from './client.ts';
import { mappingRulesFrom } from './mapping.ts';
import { pullAzureAd } from './pull.ts';
import { azureAdConfigSchema } from './schema.ts';

export { type AzureAdConfig, azureAdConfigSchema } from './schema.ts';

/** Test seams: a retry sleep that need not really wait. */
export interface AzureAdTestOptions {
  sleep?: GraphTransportOptions['sleep'];
}

export function createAzureAdConnector(
  config: AzureAdFullConfig,
  deps: ConnectorDeps,
  testOptions: AzureAdTestOptions = {},
): Connector {
  const credential = createCredential(config);
  const transport = createGraphTransport(config, credential, {
    ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
    ...(testOptions.sleep === undefined ? {} : { sleep: testOptions.sleep }),
    onRetry: reportRetries(deps, config.id, 'graph request retried'),
  });
  const context = { config, transport, rules: mappingRulesFrom(config), log: deps.log };
  return { id: config.id, pull: (options) => pullAzureAd(context, options) };
}

export const azureAdConnector: ConnectorKind<typeof azureAdConfigSchema> = {
  kind: 'azure-ad',
  configSchema: azureAdConfigSchema,
  capabilities: { full: true, incremental: true, reportsDeletions: true },
  create: (config, deps) => createAzureAdConnector(config, deps),
};
