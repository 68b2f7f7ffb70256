// The floor a Graph full sync is compared with: the requests of a full read (the
// `$deltatoken=latest` round, then every page of `/users` with the same `$select` and `$top=999`,
// following `@odata.nextLink`) made by the connector's own transport (the same Graph client,
// middleware, queue and credential, built by the same functions from the same parsed config),
// each page's JSON parsed and its envelope checked as the connector does, and nothing mapped or
// stored. The least any full read of this tenant through this client has to do.
import type { AzureAdFullConfig } from '../../connectors/azure-ad/client.ts';
import { createCredential, createGraphTransport } from '../../connectors/azure-ad/client.ts';
import { fullReadPaths } from '../../connectors/azure-ad/pull.ts';
import { parseConfig } from '../../src/config/index.ts';
import { graphConnectorEntry } from './graph-tenant.ts';

export interface GraphFloorRun {
  total_ms: number;
  /** Graph requests made (the latest-delta round and the pages). */
  requests: number;
  pages: number;
  /** User objects received (members and guests; the sync maps the members). */
  users: number;
}

/** One floor measurement with a new credential and client, as a full sync's new connector has. */
export async function measureGraphFloor(graphOrigin: string): Promise<GraphFloorRun> {
  const parsed = parseConfig({ connectors: [graphConnectorEntry(graphOrigin)] }, { env: {} });
  const config = parsed.connectors[0] as unknown as AzureAdFullConfig;
  const signal = new AbortController().signal;
  // Built before the clock starts, as openApp builds the sync's connector before its run.
  const transport = createGraphTransport(config, createCredential(config));
  const paths = fullReadPaths(config);
  const started = performance.now();
  let requests = 0;
  if (paths.latestDelta !== null) {
    await transport.get(paths.latestDelta, signal);
    requests += 1;
  }
  let pages = 0;
  let users = 0;
  for await (const page of transport.pages(paths.firstPage, signal)) {
    pages += 1;
    users += page.value.length;
  }
  return { total_ms: performance.now() - started, requests: requests + pages, pages, users };
}
