// Listens on api.listen (loopback by default). Without a token the API refuses every protected
// request; on a non-loopback address that would be an open door to the probes and a locked one to
// everything else, which is never what an admin meant: refuse to start instead.
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { parseListenAddress } from '../config/schema.ts';
import { type ApiAppOptions, buildApiApp } from './app.ts';
import type { ApiDeps } from './deps.ts';

export interface ApiServer {
  /** Where the API answers, e.g. `http://127.0.0.1:8080`. */
  url: string;
  close(): Promise<void>;
}

export function isLoopbackHost(host: string): boolean {
  const lower = host.toLowerCase();
  return lower === 'localhost' || lower === '::1' || /^127(\.\d{1,3}){3}$/.test(lower);
}

function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

export async function startApiServer(deps: ApiDeps, options: ApiAppOptions = {}): Promise<ApiServer> {
  const address = parseListenAddress(deps.config.api.listen);
  if (!address) throw new Error(`api.listen: "${deps.config.api.listen}" is not host:port`);
  if (deps.config.api.token === '' && !isLoopbackHost(address.host)) {
    throw new Error(
      `api.token is not set: refusing to listen on ${deps.config.api.listen}, which is not a loopback address. ` +
        'Set api.token (IDSYNC_API_TOKEN) or listen on 127.0.0.1.',
    );
  }
  const app = buildApiApp(deps, options);
  const server = createAdaptorServer({ fetch: app.fetch });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${urlHost(address.host)}:${port}`;
  deps.log.info({ url }, 'API listening');
  return {
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets would hold close() open until they time out.
        if ('closeIdleConnections' in server) server.closeIdleConnections();
      }),
  };
}
