// A simulated Personio account as a `Request -> Response` handler that msw (tests) and the
// loopback server (demo, bench) both mount. What it does as Personio documents: `POST /v1/auth`
// gives a stable `papi-` token for 24 hours (60 auth calls a minute), which successful responses
// carry back in their Authorization header; `GET /v1/company/employees` pages by limit and offset
// (the offset of the first item), projects `attributes[]`, and with `updated_since` returns every
// employee updated since then, ignoring limit and offset; 429 with no wait header past 300 requests
// a minute; attributes the API credential may not read are left out. HR's changes go through the
// mutation helpers, each stamping the employee's last change with the account's clock.
import { attribute, type PersonioEmployee } from './generator.ts';

export interface PersonioSimulatorOptions {
  clientId: string;
  clientSecret: string;
  employees: readonly PersonioEmployee[];
  /** Attributes the API credential may not read: left out of every employee. */
  hiddenAttributes?: readonly string[];
  /** Requests a minute before 429 (Personio: 300). Default: no limit. */
  requestsPerMinute?: number;
  /** The account's clock. Default: the real one. */
  now?: () => Date;
}

export interface PersonioSimulator {
  handle(request: Request): Promise<Response>;
  readonly baseUrl: string;
  readonly requests: ReadonlyArray<{ method: string; path: string; query: URLSearchParams; status: number }>;
  /** Tokens handed out by /auth so far. */
  readonly tokensIssued: number;
  employee(id: number): PersonioEmployee | undefined;
  add(employee: PersonioEmployee): void;
  update(id: number, values: Record<string, unknown>): void;
  /** Status inactive, termination date `date` (YYYY-MM-DD). */
  terminate(id: number, date: string): void;
  remove(id: number): void;
  /** The next `n` requests are answered 429, with no wait header (as Personio does). */
  throttleNext(n: number): void;
}

const AUTH_PER_MINUTE = 60;
const TOKEN_LIFETIME_S = 86_400;

export function createPersonioSimulator(options: PersonioSimulatorOptions): PersonioSimulator {
  const now = options.now ?? (() => new Date());
  const employees = new Map<number, { employee: PersonioEmployee; changedAt: number }>();
  const hidden = new Set(options.hiddenAttributes ?? []);
  const requests: Array<{ method: string; path: string; query: URLSearchParams; status: number }> = [];
  const recent: number[] = [];
  const authCalls: number[] = [];
  let throttled = 0;
  let token: { value: string; expiresAt: number } | null = null;
  let tokensIssued = 0;
  for (const employee of options.employees) add(employee);

  function add(employee: PersonioEmployee): void {
    if (employees.has(employee.id)) throw new Error(`employee ${employee.id} given twice`);
    employees.set(employee.id, { employee: structuredClone(employee), changedAt: now().getTime() });
  }
  function update(id: number, values: Record<string, unknown>): void {
    const entry = employees.get(id);
    if (!entry) throw new Error(`no employee ${id} in the simulated account`);
    for (const [key, value] of Object.entries(values)) {
      const existing = entry.employee.attributes[key];
      entry.employee.attributes[key] = existing ? { ...existing, value } : attribute(key, value);
    }
    entry.changedAt = now().getTime();
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      requests.push({ method: request.method, path: url.pathname, query: url.searchParams, status });
      return Response.json(body, {
        status,
        headers: { 'x-request-id': `personio-${requests.length}`, ...headers },
      });
    };
    const at = now().getTime();
    if (throttled > 0 || overLimit(recent, at, options.requestsPerMinute)) {
      throttled = Math.max(0, throttled - 1);
      return reply(429, { success: false, error: { code: 429, message: 'Too many requests' } });
    }
    if (request.method === 'POST' && url.pathname === '/v1/auth') {
      if (overLimit(authCalls, at, AUTH_PER_MINUTE)) {
        return reply(429, { success: false, error: { code: 429, message: 'Too many auth requests' } });
      }
      const body = await credentials(request);
      if (body.client_id !== options.clientId || body.client_secret !== options.clientSecret) {
        return reply(401, { success: false, error: { code: 0, message: 'Wrong credentials' } });
      }
      // Stable: the same token for the same credentials until its 24 hours are up.
      if (token === null || token.expiresAt <= at) {
        token = { value: `papi-${crypto.randomUUID()}`, expiresAt: at + TOKEN_LIFETIME_S * 1000 };
        tokensIssued += 1;
      }
      return reply(200, {
        success: true,
        data: {
          token: token.value,
          expires_in: Math.round((token.expiresAt - at) / 1000),
          scope: 'employees:read',
        },
      });
    }
    const bearer = /^Bearer (\S+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
    if (token === null || bearer !== token.value || token.expiresAt <= at) {
      return reply(401, { success: false, error: { code: 0, message: 'The token is invalid or expired' } });
    }
    if (request.method !== 'GET' || url.pathname !== '/v1/company/employees') {
      return reply(404, { success: false, error: { code: 0, message: `no route ${url.pathname}` } });
    }
    return reply(200, list(url.searchParams), { authorization: `Bearer ${token.value}` });
  }

  function list(query: URLSearchParams) {
    const projection = query.getAll('attributes[]');
    const since = query.get('updated_since');
    const all = [...employees.values()];
    let limit = Number(query.get('limit') ?? 10);
    let offset = Number(query.get('offset') ?? 0);
    let selected = all;
    if (since !== null) {
      // Documented: with updated_since, limit and offset are ignored. A zone-less time is UTC here.
      const sinceMs = Date.parse(
        /[zZ]|[+-]\d\d:\d\d$/.test(since) || since.length === 10 ? since : `${since}Z`,
      );
      selected = all.filter((entry) => entry.changedAt > sinceMs);
      limit = Math.max(1, selected.length);
      offset = 0;
    }
    const data = selected.slice(offset, offset + limit).map(({ employee }) => ({
      type: 'Employee',
      attributes: Object.fromEntries(
        Object.entries(employee.attributes).filter(
          ([key]) =>
            !hidden.has(key) && (projection.length === 0 || key === 'id' || projection.includes(key)),
        ),
      ),
    }));
    return {
      success: true,
      metadata: {
        total_elements: selected.length,
        current_page: Math.floor(offset / limit),
        total_pages: Math.ceil(selected.length / limit),
      },
      offset,
      limit,
      data,
    };
  }

  return {
    handle,
    baseUrl: 'https://api.personio.de/v1',
    requests,
    get tokensIssued() {
      return tokensIssued;
    },
    employee: (id) => employees.get(id)?.employee,
    add,
    update,
    terminate(id, date) {
      update(id, { status: 'inactive', termination_date: `${date}T00:00:00+01:00` });
    },
    remove(id) {
      if (!employees.delete(id)) throw new Error(`no employee ${id} in the simulated account`);
    },
    throttleNext(n) {
      throttled += n;
    },
  };
}

/** A sliding one-minute window: true (and nothing recorded) when `perMinute` calls are in it. */
function overLimit(calls: number[], at: number, perMinute: number | undefined): boolean {
  while (calls.length > 0 && calls[0]! <= at - 60_000) calls.shift();
  if (perMinute !== undefined && calls.length >= perMinute) return true;
  calls.push(at);
  return false;
}

async function credentials(request: Request): Promise<Record<string, unknown>> {
  const text = await request.text();
  if ((request.headers.get('content-type') ?? '').includes('application/json')) {
    return (JSON.parse(text || '{}') ?? {}) as Record<string, unknown>;
  }
  return Object.fromEntries(new URLSearchParams(text));
}
