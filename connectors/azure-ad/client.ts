// Auth and transport: the credential of the configured kind, the Graph client (pointed at
// graph_base_url, which is declared as a custom host when it is not a Microsoft Graph host), and
// under it the connector kit's retrying fetch (one p-queue, bounded retries, Retry-After capped).
// Paging is the kit's page iterator over `@odata.nextLink`, followed as given but only on
// graph_base_url's origin.
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
  type MiddlewareOptions,
} from '@microsoft/microsoft-graph-client';
import type { UpstreamError } from '../shared/errors.ts';
import { createRetryingFetch, type RetryingFetchOptions } from '../shared/http.ts';
import { linkOnOrigin } from '../shared/links.ts';
import { drainPages } from '../shared/pages.ts';
import type { CommonConnectorConfig } from '../types.ts';
import { describeGraphFailure, graphFailureOf, graphUpstreamError, readGraphError } from './errors.ts';
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
  sleep?: RetryingFetchOptions['sleep'];
  /** Called before each retry wait (logging, metrics). */
  onRetry?: RetryingFetchOptions['onRetry'];
}

export interface GraphTransport {
  /** GET a Graph path or absolute URL, returning its JSON body. */
  get(pathOrUrl: string, signal: AbortSignal): Promise<unknown>;
  /** Pages of a collection, from `first` through every `@odata.nextLink`. */
  pages(first: string, signal: AbortSignal): AsyncGenerator<GraphPage, void, void>;
  /** `link` as an absolute URL when it is on graph_base_url's origin; else an UpstreamError `foreign_link`. */
  ownLink(link: string, what: string): string;
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

/**
 * Carried by each request through the Graph client's middleware chain: where the kit's failure
 * lands, since the Graph client turns any error of its chain into a GraphError without code.
 */
class TransportFailureBox implements MiddlewareOptions {
  failure: UpstreamError | undefined;
}

export function createGraphTransport(
  config: AzureAdFullConfig,
  credential: TokenCredential,
  options: GraphTransportOptions = {},
): GraphTransport {
  const scope = graphScope(config.graph_base_url);
  const send = createRetryingFetch({
    vendor: 'Graph',
    // max_retries counts the retries after the first attempt here (see README).
    maxAttempts: config.max_retries + 1,
    concurrency: config.concurrency,
    vendorError: readGraphError,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
    ...(options.onRetry === undefined ? {} : { onRetry: options.onRetry }),
  });
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
  // The last link of the chain: the kit's retrying fetch.
  const fetchHandler: Middleware = {
    async execute(context: Context) {
      const init = context.options ?? {};
      const signal = init.signal ?? new AbortController().signal;
      try {
        context.response = await send(String(context.request), { ...init, signal });
      } catch (error) {
        const box = context.middlewareControl?.getMiddlewareOptions(TransportFailureBox) as
          TransportFailureBox | undefined;
        if (box !== undefined && isUpstreamError(error)) box.failure = error;
        throw error;
      }
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
    signal.throwIfAborted();
    const box = new TransportFailureBox();
    try {
      return await client.api(pathOrUrl).option('signal', signal).middlewareOptions([box]).get();
    } catch (error) {
      signal.throwIfAborted();
      const failure = graphFailureOf(error, box.failure, credentialFailure);
      throw graphUpstreamError(describeGraphFailure(failure, box.failure, pathOrUrl, config), failure, error);
    }
  }

  /** A link Graph handed back, if it is on graph_base_url's origin (else the run fails). */
  function ownLink(link: string, what: string): string {
    return linkOnOrigin(link, config.graph_base_url, { vendor: 'Graph', what, key: 'graph_base_url' });
  }

  function pages(first: string, signal: AbortSignal): AsyncGenerator<GraphPage, void, void> {
    return drainPages(
      first,
      async (next) => {
        const body = await get(next, signal);
        const parsed = graphPageSchema.safeParse(body);
        if (!parsed.success) {
          throw new Error(
            `Graph returned a page that is not a collection (GET ${pathOf(next)}): ${parsed.error.message}`,
          );
        }
        const nextLink = parsed.data['@odata.nextLink'];
        const deltaLink = parsed.data['@odata.deltaLink'];
        if (deltaLink !== undefined) ownLink(deltaLink, '@odata.deltaLink');
        return {
          page: parsed.data,
          next: nextLink === undefined ? null : ownLink(nextLink, '@odata.nextLink'),
        };
      },
      'Graph',
    );
  }

  return { get, pages, ownLink };
}

function isUpstreamError(error: unknown): error is UpstreamError {
  return error instanceof Error && error.name === 'UpstreamError';
}

/** The path and query of a URL (no origin), for messages. */
export function pathOf(pathOrUrl: string): string {
  if (!URL.canParse(pathOrUrl)) return pathOrUrl;
  const url = new URL(pathOrUrl);
  return `${url.pathname}${url.search}`;
}
