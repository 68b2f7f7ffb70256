// A simulated Bob (HiBob) account as a `Request -> Response` handler that msw (tests) and the
// loopback server (demo, bench) both mount. What it does as Bob does: Basic auth with a service
// user's id and token; `POST /v1/people/search` with the field ids asked for, only active people
// unless `showInactive: true`, machine values with the names appended (`humanReadable: APPEND`) or
// put in their place (`REPLACE`); every employee in one answer; a field the service user may not
// read silently left out; an unknown field id refused (400). The mutation helpers play HR.
import { jsonListBody } from '../json-chunks.ts';
import { HIBOB_LISTS, type HibobEmployee } from './generator.ts';

export interface HibobSimulatorOptions {
  serviceUserId: string;
  token: string;
  employees: readonly HibobEmployee[];
  /** Field ids the service user may not read: left out of every employee, without an error. */
  hiddenFields?: readonly string[];
  /** Employees per chunk of the streamed answer. Default 500. */
  chunkEmployees?: number;
}

export interface HibobSimulator {
  handle(request: Request): Promise<Response>;
  readonly baseUrl: string;
  readonly requests: ReadonlyArray<{ method: string; path: string; body: unknown }>;
  employee(id: string): HibobEmployee | undefined;
  add(employee: HibobEmployee): void;
  update(id: string, change: (employee: HibobEmployee) => void): void;
  /** Lifecycle terminated, status Inactive, termination date `date`. */
  terminate(id: string, date: string): void;
  /** Deleted from Bob (not a termination: the person is simply gone). */
  remove(id: string): void;
  throttleNext(n: number, status: number, retryAfterSeconds?: number): void;
}

/** Field ids Bob knows in this simulated account (what GET /company/people/fields would list). */
const KNOWN_FIELDS = new Set([
  'root.id',
  'root.email',
  'root.displayName',
  'root.firstName',
  'root.surname',
  'work.employeeIdInCompany',
  'work.department',
  'work.site',
  'work.title',
  'internal.lifecycleStatus',
  'internal.status',
  'internal.terminationDate',
  'home.privateEmail',
]);
const LIST_FIELDS = new Set(['work.department', 'work.site', 'work.title']);

export function createHibobSimulator(options: HibobSimulatorOptions): HibobSimulator {
  const employees = new Map<string, HibobEmployee>();
  const hidden = new Set(options.hiddenFields ?? []);
  const throttles: Array<{ status: number; retryAfterSeconds: number | undefined }> = [];
  const requests: Array<{ method: string; path: string; body: unknown }> = [];
  for (const employee of options.employees) add(employee);

  function add(employee: HibobEmployee): void {
    if (employees.has(employee.id)) throw new Error(`employee ${employee.id} given twice`);
    employees.set(employee.id, structuredClone(employee));
  }
  function existing(id: string): HibobEmployee {
    const employee = employees.get(id);
    if (!employee) throw new Error(`no employee ${id} in the simulated account`);
    return employee;
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const body: unknown = request.method === 'POST' ? await request.json().catch(() => undefined) : undefined;
    requests.push({ method: request.method, path: url.pathname, body });
    const throttle = throttles.shift();
    if (throttle) {
      const headers: Record<string, string> =
        throttle.retryAfterSeconds === undefined ? {} : { 'retry-after': String(throttle.retryAfterSeconds) };
      return json(throttle.status, { error: 'Too many requests' }, headers);
    }
    if (!authorized(request.headers.get('authorization') ?? '')) return json(401, { error: 'Unauthorized' });
    if (request.method !== 'POST' || url.pathname !== '/v1/people/search') {
      return json(404, { error: `no route ${request.method} ${url.pathname}` });
    }
    const search = (body ?? {}) as { fields?: unknown; showInactive?: unknown; humanReadable?: unknown };
    const fields = search.fields ?? ['root.id', 'root.email', 'root.displayName'];
    if (!Array.isArray(fields) || !fields.every((id) => typeof id === 'string')) {
      return json(400, { error: 'fields must be a list of field ids' });
    }
    const unknown = fields.find((id) => !KNOWN_FIELDS.has(id));
    if (unknown !== undefined) return json(400, { error: `Field ${unknown} doesn't exist` });
    const readable = fields.filter((id) => !hidden.has(id));
    const mode = search.humanReadable;
    const people = [...employees.values()].filter(
      (employee) => search.showInactive === true || employee.internal.lifecycleStatus !== 'terminated',
    );
    const shaped = (employee: HibobEmployee) => {
      const machine = pick(employee, readable, false);
      if (mode === 'REPLACE') return pick(employee, readable, true);
      return mode === 'APPEND' ? { ...machine, humanReadable: pick(employee, readable, true) } : machine;
    };
    return new Response(jsonListBody('employees', people, shaped, options.chunkEmployees), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  }

  function authorized(header: string): boolean {
    if (!header.startsWith('Basic ')) return false;
    const decoded = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8');
    return decoded === `${options.serviceUserId}:${options.token}`;
  }

  return {
    handle,
    baseUrl: 'https://api.hibob.com/v1',
    requests,
    employee: (id) => employees.get(id),
    add,
    update: (id, change) => change(existing(id)),
    terminate(id, date) {
      const employee = existing(id);
      employee.internal = { lifecycleStatus: 'terminated', status: 'Inactive', terminationDate: date };
    },
    remove(id) {
      existing(id);
      employees.delete(id);
    },
    throttleNext(n, status, retryAfterSeconds) {
      for (let i = 0; i < n; i += 1) throttles.push({ status, retryAfterSeconds });
    },
  };
}

/** The asked-for fields of one employee, nested as Bob nests them (`root.*` at the top). */
function pick(employee: HibobEmployee, fields: readonly string[], human: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const id of fields) {
    const [category, name] = id.split('.') as [string, string];
    const source =
      category === 'root'
        ? (employee as unknown as Record<string, unknown>)
        : (employee as unknown as Record<string, Record<string, unknown>>)[category];
    let value: unknown = source?.[name] ?? null;
    // Bob shows human-readable values only for fields that have one.
    if (human && value !== null) value = humanValue(id, value);
    if (category === 'root') out[name] = value;
    else out[category] = { ...((out[category] as object | undefined) ?? {}), [name]: value };
  }
  return out;
}

function humanValue(id: string, value: unknown): unknown {
  if (LIST_FIELDS.has(id)) return HIBOB_LISTS[String(value)] ?? String(value);
  if (id === 'internal.terminationDate' && typeof value === 'string') {
    // The account's date format (Settings > Company), not ISO: why the connector reads dates from the machine values.
    const [year, month, day] = value.split('-');
    return `${day}/${month}/${year}`;
  }
  if (id === 'internal.lifecycleStatus' && typeof value === 'string')
    return value[0]!.toUpperCase() + value.slice(1);
  return typeof value === 'number' ? String(value) : value;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}
