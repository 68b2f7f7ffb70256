// A simulated Entra ID tenant as one `Request -> Response` handler: msw mounts it in tests
// (`http.all('*', ({ request }) => simulator.handle(request))`) and src/simulator/https.ts serves
// it on loopback for the demo and the benchmark. One handler serves both the authority (OpenID
// configuration, token endpoint) and Graph (`/v1.0/...`), so both URLs may point at one origin.
import { createSimulatedIdentity } from './identity.ts';
import { graphError, json } from './responses.ts';
import { createGraphTenant, type GraphUserObject } from './tenant.ts';
import { createUsersRoutes } from './users-routes.ts';

export { type GeneratedGraphUser, type GraphUsersOptions, generateGraphUsers } from './generate.ts';
export type { GraphUserObject } from './tenant.ts';

export interface GraphSimulatorOptions {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  users: readonly GraphUserObject[];
  /** Page size without `$top` (Graph: 100); `$top` is honoured up to 999. */
  pageSize?: number;
  tokenLifetimeSeconds?: number;
  /** How an expired delta token is refused. Default 410 (Gone). */
  expiredDeltaTokenStatus?: 400 | 410;
  /** Clock in ms for token expiry. Default Date.now. */
  now?: () => number;
  /** Standing throttling (demo, benchmark): every `everyNth` Graph request gets 429 with Retry-After. */
  throttle?: { everyNth: number; retryAfterSeconds: number };
}

export interface InjectedFailure {
  status: number;
  code: string;
  message: string;
  /** Seconds, sent as `Retry-After`. */
  retryAfterSeconds?: number;
  /** Only requests whose path and query match fail (the others pass and keep the failure waiting). */
  pathPattern?: RegExp;
}

export interface GraphRequestRecord {
  method: string;
  /** Path and query, e.g. `/v1.0/users?$select=id&$top=999`. */
  path: string;
  status: number;
}

export interface GraphSimulator {
  /** Answers every request (404 with a Graph error body for routes it does not serve). */
  handle(request: Request): Promise<Response>;
  /** Answers the tenant's own routes only, `undefined` otherwise: to share one server with other simulators. */
  handler: (request: Request) => Promise<Response | undefined>;
  addUser(user: GraphUserObject): void;
  /** Changes (or, with `undefined`, removes) the given properties. */
  updateUser(id: string, patch: Record<string, unknown>): void;
  softDelete(id: string): void;
  hardDelete(id: string): void;
  restore(id: string): void;
  /** Every delta token issued so far is refused from now on. */
  expireDeltaTokens(): void;
  /** The next `count` Graph requests get 429 with `Retry-After`. */
  throttleNext(count: number, retryAfterSeconds: number): void;
  /** The next `count` Graph requests fail as given (503, 401, 403, ...). */
  failNext(count: number, failure: InjectedFailure): void;
  /** Every issued access token stops working. */
  revokeTokens(): void;
  /**
   * From now on, `@odata.nextLink` and `@odata.deltaLink` point at `origin` (null: back to the
   * request's own): a misconfigured proxy or a hostile server, for the client's link checks.
   */
  sendLinksTo(origin: string | null): void;
  readonly tokensIssued: number;
  /** How the last token request authenticated the app (a secret, or a signed client assertion). */
  readonly lastClientAuth: 'secret' | 'assertion' | null;
  readonly lastClientAssertion: string | null;
  /** Graph requests served (not token or discovery requests). */
  readonly graphRequests: number;
  /** The last 1000 Graph requests. */
  readonly requestLog: readonly GraphRequestRecord[];
  /** Live users as stored (for assertions). */
  user(id: string): GraphUserObject | undefined;
}

const LOG_LIMIT = 1000;

export function createGraphSimulator(options: GraphSimulatorOptions): GraphSimulator {
  const tenant = createGraphTenant(options.users);
  const identity = createSimulatedIdentity(options);
  const routes = createUsersRoutes(tenant, {
    pageSize: options.pageSize ?? 100,
    expiredTokenStatus: options.expiredDeltaTokenStatus ?? 410,
  });
  const failures: InjectedFailure[] = [];
  const requestLog: GraphRequestRecord[] = [];
  let graphRequests = 0;
  let linkOrigin: string | null = null;

  function route(request: Request, url: URL): Response {
    const path = url.pathname.replace(/\/+$/, '');
    if (request.method !== 'GET') return graphError(405, 'Request_BadRequest', 'Method not allowed.');
    if (path === '/v1.0/users') return routes.list(url);
    if (path === '/v1.0/users/delta') return routes.delta(url);
    const mailbox = /^\/v1\.0\/users\/([^/]+)\/mailboxSettings$/.exec(path);
    if (mailbox !== null) return routes.mailboxSettings(decodeURIComponent(mailbox[1]!));
    const single = /^\/v1\.0\/users\/([^/]+)$/.exec(path);
    if (single !== null) return routes.getUser(url, decodeURIComponent(single[1]!));
    return graphError(404, 'Request_ResourceNotFound', `Resource not found for the segment '${path}'.`);
  }

  function graph(request: Request, url: URL): Response {
    const index = failures.findIndex(
      (item) => item.pathPattern?.test(`${url.pathname}${url.search}`) ?? true,
    );
    const failure = index === -1 ? undefined : failures.splice(index, 1)[0];
    if (failure !== undefined) {
      const headers: Record<string, string> =
        failure.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(failure.retryAfterSeconds) };
      return graphError(failure.status, failure.code, failure.message, headers);
    }
    const throttle = options.throttle;
    if (throttle !== undefined && graphRequests % throttle.everyNth === 0) {
      return graphError(
        429,
        'TooManyRequests',
        'Too many requests. Please retry after the time given in Retry-After.',
        {
          'Retry-After': String(throttle.retryAfterSeconds),
        },
      );
    }
    const check = identity.checkBearer(request.headers.get('authorization'), url.origin);
    if (!check.ok) return graphError(401, check.code, check.message);
    return route(request, url);
  }

  async function respond(request: Request): Promise<Response | undefined> {
    const url = new URL(request.url);
    const identityResponse = await identity.handle(request, url);
    if (identityResponse !== undefined) return identityResponse;
    if (!url.pathname.startsWith('/v1.0/')) return undefined;
    graphRequests += 1;
    const response = await redirectLinks(graph(request, url), linkOrigin);
    requestLog.push({
      method: request.method,
      path: `${url.pathname}${url.search}`,
      status: response.status,
    });
    if (requestLog.length > LOG_LIMIT) requestLog.shift();
    return response;
  }

  return {
    async handle(request) {
      const url = new URL(request.url);
      return (
        (await respond(request)) ??
        graphError(404, 'UnknownRoute', `The simulator serves no ${url.pathname}.`)
      );
    },
    handler: respond,
    addUser: (user) => tenant.addUser(user),
    updateUser: (id, patch) => tenant.updateUser(id, patch),
    softDelete: (id) => tenant.softDelete(id),
    hardDelete: (id) => tenant.hardDelete(id),
    restore: (id) => tenant.restore(id),
    expireDeltaTokens: () => tenant.expireDeltaTokens(),
    throttleNext(count, retryAfterSeconds) {
      for (let i = 0; i < count; i += 1) {
        failures.push({
          status: 429,
          code: 'TooManyRequests',
          message: 'Too many requests. Please retry after the time given in Retry-After.',
          retryAfterSeconds,
        });
      }
    },
    failNext(count, failure) {
      for (let i = 0; i < count; i += 1) failures.push(failure);
    },
    revokeTokens: () => identity.revokeTokens(),
    sendLinksTo(origin) {
      linkOrigin = origin;
    },
    get tokensIssued() {
      return identity.tokensIssued;
    },
    get lastClientAuth() {
      return identity.lastClientAuth;
    },
    get lastClientAssertion() {
      return identity.lastClientAssertion;
    },
    get graphRequests() {
      return graphRequests;
    },
    get requestLog() {
      return requestLog;
    },
    user: (id) => tenant.get(id),
  };
}

const LINK_KEYS = ['@odata.nextLink', '@odata.deltaLink'] as const;

async function redirectLinks(response: Response, origin: string | null): Promise<Response> {
  if (origin === null || response.status !== 200) return response;
  const body = (await response.json()) as Record<string, unknown>;
  for (const key of LINK_KEYS) {
    const link = body[key];
    if (typeof link === 'string') {
      const url = new URL(link);
      body[key] = `${origin}${url.pathname}${url.search}`;
    }
  }
  return json(200, body);
}
