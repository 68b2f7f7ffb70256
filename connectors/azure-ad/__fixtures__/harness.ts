// Test harness: a simulated tenant mounted in msw (every unhandled request is an error), and the
// real connector (real Graph client, real @azure/identity credential) pointed at it.
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import {
  createGraphSimulator,
  type GraphSimulator,
  type GraphSimulatorOptions,
  type GraphUserObject,
} from '../../../src/simulator/graph/index.ts';
import type { CommonConnectorConfig, Connector, PullOptions, PullOutcome, SourcePage } from '../../types.ts';
import type { AzureAdFullConfig } from '../client.ts';
import { type AzureAdTestOptions, createAzureAdConnector } from '../index.ts';
import { type AzureAdConfig, azureAdConfigSchema } from '../schema.ts';

export const TENANT_ID = '11111111-2222-4333-8444-555555555555';
export const CLIENT_ID = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
export const CLIENT_SECRET = 'sim-secret-Zq8~do-not-print';
export const GRAPH_BASE_URL = 'https://graph.sim.test';
export const AUTHORITY_HOST = 'https://login.sim.test';

let current: GraphSimulator | null = null;
const server = setupServer(
  http.all('*', async ({ request }) => {
    if (current === null) return HttpResponse.json({ error: 'no simulator' }, { status: 500 });
    return current.handle(request);
  }),
);

/** Starts msw for the calling test file. */
export function useGraphMsw(): void {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    current = null;
  });
  afterAll(() => server.close());
}

export function startTenant(
  users: readonly GraphUserObject[],
  options: Partial<GraphSimulatorOptions> = {},
): GraphSimulator {
  current = createGraphSimulator({
    tenantId: TENANT_ID,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    users,
    ...options,
  });
  return current;
}

export function connectorConfig(
  overrides: Partial<AzureAdConfig & CommonConnectorConfig> = {},
): AzureAdFullConfig {
  const own = azureAdConfigSchema.parse({
    tenant_id: TENANT_ID,
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    graph_base_url: GRAPH_BASE_URL,
    authority_host: AUTHORITY_HOST,
  });
  return {
    ...own,
    id: 'entra',
    kind: 'azure-ad',
    precedence: 100,
    on_disable: 'remove_identifiers',
    max_retries: 6,
    ...overrides,
  };
}

export const silentLog = { info() {}, warn() {} };

export function connector(
  overrides: Partial<AzureAdConfig & CommonConnectorConfig> = {},
  testOptions: AzureAdTestOptions = {},
): Connector {
  return createAzureAdConnector(connectorConfig(overrides), { log: silentLog }, testOptions);
}

export interface Drained {
  pages: SourcePage[];
  records: SourcePage['records'];
  invalid: SourcePage['invalid'];
  removals: string[];
  outcome: PullOutcome;
}

export async function drain(
  source: Connector,
  options: Partial<Omit<PullOptions, 'signal'>> & { signal?: AbortSignal } = {},
): Promise<Drained> {
  const generator = source.pull({
    mode: options.mode ?? 'full',
    cursor: options.cursor ?? null,
    signal: options.signal ?? new AbortController().signal,
  });
  const pages: SourcePage[] = [];
  for (;;) {
    const step = await generator.next();
    if (step.done) {
      return {
        pages,
        records: pages.flatMap((page) => page.records),
        invalid: pages.flatMap((page) => page.invalid),
        removals: pages.flatMap((page) => page.removals),
        outcome: step.value,
      };
    }
    pages.push(step.value);
  }
}
