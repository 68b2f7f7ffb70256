// Auth and transport: the credential of the configured kind, the Graph client (pointed at
// graph_base_url, which is declared as a custom host when it is not a Microsoft Graph host), and
// every request through one p-queue with bounded, Retry-After-honouring retries. Paging is an
// async iterator over `@odata.nextLink`, followed exactly as given.
import {
  ClientCertificateCredential,
  ClientSecretCredential,
  DefaultAzureCredential,
  type TokenCredential,
} from '@azure/identity';
import {
  AuthenticationHandler,
  Client,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import PQueue from 'p-queue';
import type { CommonConnectorConfig } from '../types.ts';
import {
  describeGraphFailure,
  type GraphFailure,
  graphFailureOf,
  isRetryable,
  upstreamError,
} from './errors.ts';
import { type AzureAdConfig, type GraphPage, graphPageSchema, PUBLIC_AUTHORITY_HOST } from './schema.ts';

/** Hosts the Graph client already sends its token to (national clouds included). */
const MICROSOFT_GRAPH_HOSTS = new Set([
  'graph.microsoft.com',
  'graph.microsoft.us',
  'dod-graph.microsoft.us',
  'graph.microsoft.de',
  'microsoftgraph.chinacloudapi.cn',
  'canary.graph.microsoft.com',
]);

export interface GraphTransportOptions {
  fetch?: typeof fetch;
  /** Injected by tests; resolves after `ms` (or rejects when the signal aborts). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Called before each retry (logging). */
  onRetry?: (failure: GraphFailure, attempt: number, waitMs: number) => void;
}

export interface GraphTransport {
  /** GET a Graph path or absolute URL, returning its JSON body. */
  get(pathOrUrl: string, signal: AbortSignal): Promise<unknown>;
  /** Pages of a collection, from `first` through every `@odata.nextLink`. */
  pages(first: string, signal: AbortSignal): AsyncGenerator<GraphPage, void, void>;
}

export type AzureAdFullConfig = AzureAdConfig & CommonConnectorConfig;

/** `${origin}/.default` of the Graph host: the token's audience must be the host it is sent to. */
export function graphScope(graphBaseUrl: string): string {
  return `${new URL(graphBaseUrl).origin}/.default`;
}

export function createCredential(config: AzureAdConfig): TokenCredential {
  const common = {
    authorityHost: config.authority_host,
    // Instance discovery asks the public cloud's host about the authority first; any other
    // authority (national cloud, simulator) must not be sent there.
    disableInstanceDiscovery: new URL(config.authority_host).origin !== PUBLIC_AUTHORITY_HOST,
  };
  switch (config.auth) {
    case 'client_secret':
      return new ClientSecretCredential(config.tenant_id, config.client_id!, config.client_secret!, common);
    case 'client_certificate':
      return new ClientCertificateCredential(
        config.tenant_id,
        config.client_id!,
        { certificatePath: config.certificate_path! },
        common,
      );
    case 'managed_identity':
      return new DefaultAzureCredential({
        ...common,
        tenantId: config.tenant_id,
        ...(config.client_id === undefined ? {} : { managedIdentityClientId: config.client_id }),
      });
  }
}

export function createGraphTransport(
  config: AzureAdFullConfig,
  credential: TokenCredential,
  options: GraphTransportOptions = {},
): GraphTransport {
  const scope = graphScope(config.graph_base_url);
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const sleep = options.sleep ?? abortableSleep;
  const queue = new PQueue({ concurrency: config.concurrency });
  let credentialFailure: Error | null = null;

  const authProvider = {
    async getAccessToken(): Promise<string> {
      try {
        const token = await credential.getToken(scope);
        if (token === null) throw new Error('the credential returned no token');
        credentialFailure = null;
        return token.token;
      } catch (error) {
        credentialFailure = error instanceof Error ? error : new Error(String(error));
        throw credentialFailure;
      }
    },
  };
  // The last link of the chain: the fetch (global, or the injected one).
  const fetchHandler: Middleware = {
    async execute(context: Context) {
      context.response = await fetchImpl(context.request, context.options);
    },
    setNext() {},
  };
  const host = new URL(config.graph_base_url).hostname;
  const client = Client.initWithMiddleware({
    baseUrl: new URL(config.graph_base_url).origin,
    defaultVersion: 'v1.0',
    customHosts: MICROSOFT_GRAPH_HOSTS.has(host) ? undefined : new Set([host]),
    middleware: [new AuthenticationHandler(authProvider), fetchHandler],
  });

  async function get(pathOrUrl: string, signal: AbortSignal): Promise<unknown> {
    for (let attempt = 0; ; attempt += 1) {
      signal.throwIfAborted();
      try {
        return await queue.add(() => client.api(pathOrUrl).get(), { signal });
      } catch (error) {
        signal.throwIfAborted();
        const failure = graphFailureOf(error, credentialFailure);
        if (!isRetryable(failure) || attempt >= config.max_retries) {
          throw upstreamError(describeGraphFailure(failure, pathOrUrl, config, attempt), failure, error);
        }
        const waitMs = retryDelayMs(failure, attempt);
        options.onRetry?.(failure, attempt + 1, waitMs);
        await sleep(waitMs, signal);
      }
    }
  }

  async function* pages(first: string, signal: AbortSignal): AsyncGenerator<GraphPage, void, void> {
    let next: string | undefined = first;
    while (next !== undefined) {
      const body = await get(next, signal);
      const parsed = graphPageSchema.safeParse(body);
      if (!parsed.success) {
        throw new Error(
          `Graph returned a page that is not a collection (GET ${pathOf(next)}): ${parsed.error.message}`,
        );
      }
      yield parsed.data;
      next = parsed.data['@odata.nextLink'];
    }
  }

  return { get, pages };
}

// Retry-After (seconds) when Graph gives it; otherwise exponential back-off from 1 s, capped.
function retryDelayMs(failure: GraphFailure, attempt: number): number {
  if (failure.retryAfterSeconds !== null) return failure.retryAfterSeconds * 1000;
  return Math.min(1000 * 2 ** attempt, 60_000);
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    function onAbort(): void {
      clearTimeout(timer);
      reject(signal.reason);
    }
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** The path and query of a URL (no origin), for messages. */
export function pathOf(pathOrUrl: string): string {
  if (!URL.canParse(pathOrUrl)) return pathOrUrl;
  const url = new URL(pathOrUrl);
  return `${url.pathname}${url.search}`;
}
