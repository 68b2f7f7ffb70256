// A loopback HTTPS server for `Request -> Response` handlers (the simulated Graph tenant, the
// simulated BambooHR account): the demo and the benchmark talk to it over real TLS, as they
// would to the vendor. Its certificate is self-signed and made at start; a process that calls it
// must trust `certificatePem` through NODE_EXTRA_CA_CERTS (read by Node at start-up, so the
// caller writes the PEM to a file and starts the client process with that variable set).
import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { generate } from 'selfsigned';

/** Answers a request, or `undefined` to let the next handler try. */
export type RequestHandler = (request: Request) => Promise<Response | undefined>;

export interface LoopbackHttpsServer {
  /** `https://localhost:<port>`. */
  origin: string;
  port: number;
  /** The server's self-signed certificate (PEM), for NODE_EXTRA_CA_CERTS. */
  certificatePem: string;
  close(): Promise<void>;
}

export interface LoopbackHttpsOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

export async function startLoopbackHttpsServer(
  handlers: readonly RequestHandler[],
  options: LoopbackHttpsOptions = {},
): Promise<LoopbackHttpsServer> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    notAfterDate: new Date(Date.now() + 365 * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  const server = createServer({ key: pems.private, cert: pems.cert, keepAlive: true }, (req, res) => {
    serve(handlers, req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(error instanceof Error ? error.message : 'simulator error');
    });
  });
  server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    origin: `https://localhost:${port}`,
    port,
    certificatePem: pems.cert,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function serve(
  handlers: readonly RequestHandler[],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const request = toRequest(req);
  for (const handler of handlers) {
    const response = await handler(request);
    if (response === undefined) continue;
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      headers[key] = value;
    });
    const body = Buffer.from(await response.arrayBuffer());
    headers['content-length'] = String(body.length);
    res.writeHead(response.status, headers);
    res.end(body);
    return;
  }
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { code: 'NotFound', message: `no simulator serves ${req.url}` } }));
}

function toRequest(req: IncomingMessage): Request {
  const url = `https://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`;
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(key, item);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(url, {
    method: req.method ?? 'GET',
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : null,
    ...(hasBody ? { duplex: 'half' } : {}),
  } as RequestInit);
}
