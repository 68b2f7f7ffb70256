// The simulated BambooHR API: the routes idsync reads, with BambooHR's checks in front of them
// (Basic auth with the API key as user name, Accept: application/json, an exact JSON Content-Type
// on POST) and its throttling (503/429 with Retry-After).
import type { BambooAccountState, BambooChange } from './simulator.ts';
import { secondsIso } from './simulator.ts';

const ROUTE = /^\/api\/gateway\.php\/([^/]+)\/v1(\/.*)$/;
/** Fields every report may name even when no employee has a value for them yet. */
const KNOWN_FIELDS = new Set([
  'id',
  'employeeNumber',
  'firstName',
  'lastName',
  'displayName',
  'workEmail',
  'homeEmail',
  'jobTitle',
  'department',
  'division',
  'location',
  'hireDate',
  'status',
  'terminationDate',
  'supervisor',
]);

export function createBambooHandler(state: BambooAccountState): (request: Request) => Promise<Response> {
  let served = 0;
  const recent: number[] = [];

  return async (request) => {
    served += 1;
    const url = new URL(request.url);
    const now = state.now();
    state.requestLog.push({ method: request.method, path: url.pathname + url.search, at: now });
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      json(status, body, { 'x-request-id': `sim-${served}`, date: now.toUTCString(), ...headers });

    const throttle = state.throttles.shift();
    if (throttle) {
      return reply(
        throttle.status,
        { error: 'throttled' },
        { 'retry-after': String(throttle.retryAfterSeconds) },
      );
    }
    if (state.rateLimit) {
      const { requests, windowMs, retryAfterSeconds = 1 } = state.rateLimit;
      while (recent.length > 0 && recent[0]! <= now.getTime() - windowMs) recent.shift();
      if (recent.length >= requests) {
        return reply(503, { error: 'rate limited' }, { 'retry-after': String(retryAfterSeconds) });
      }
      recent.push(now.getTime());
    }

    const route = ROUTE.exec(url.pathname);
    if (!route || route[1] !== state.companyDomain) return reply(404, { error: 'unknown company' });
    if (!authorized(request, state.apiKey)) {
      return reply(401, { error: 'unauthorized' }, { 'www-authenticate': 'Basic realm="BambooHR"' });
    }
    if (!(request.headers.get('accept') ?? '').includes('application/json')) {
      return reply(406, { error: 'this simulator answers JSON only: send Accept: application/json' });
    }
    const path = route[2]!;
    if (request.method === 'POST' && path === '/reports/custom')
      return customReport(state, request, url, reply);
    if (request.method === 'GET' && path === '/employees/changed') return changedSince(state, url, reply);
    if (request.method === 'GET' && path === '/employees/directory') return directory(state, reply);
    const one = /^\/employees\/(\d+)$/.exec(path);
    if (request.method === 'GET' && one) return employeeById(state, one[1]!, url, reply);
    return reply(404, { error: `no route ${request.method} ${path}` });
  };
}

type Reply = (status: number, body: unknown, headers?: Record<string, string>) => Response;

async function customReport(state: BambooAccountState, request: Request, url: URL, reply: Reply) {
  if (request.headers.get('content-type') !== 'application/json') {
    return reply(415, { error: 'Content-Type must be exactly application/json' });
  }
  if ((url.searchParams.get('format') ?? '').toUpperCase() !== 'JSON') {
    return reply(400, { error: 'format=JSON expected' });
  }
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return reply(400, { error: 'body is not JSON' });
  }
  const { fields, filters } = (body ?? {}) as {
    fields?: unknown;
    filters?: { lastChanged?: { value?: unknown } };
  };
  if (!Array.isArray(fields) || !fields.every((field) => typeof field === 'string')) {
    return reply(400, { error: 'fields must be a list of field names' });
  }
  const since = filters?.lastChanged?.value;
  const sinceMs = typeof since === 'string' ? Date.parse(since) : null;
  if (sinceMs !== null && Number.isNaN(sinceMs))
    return reply(400, { error: 'lastChanged.value is not a date' });

  const readable = fields.filter((field) => isKnownField(state, field) && !state.hiddenFields.has(field));
  const employees = [...state.employees.values()]
    .filter((employee) => sinceMs === null || changedAtOrAfter(state.changes.get(employee.id), sinceMs))
    .map((employee) => pick(employee, readable));
  return reply(200, {
    title: 'Report',
    fields: readable.map((id) => ({ id, type: 'text', name: id })),
    employees,
  });
}

function changedSince(state: BambooAccountState, url: URL, reply: Reply) {
  const since = Date.parse(url.searchParams.get('since') ?? '');
  if (Number.isNaN(since)) return reply(400, { error: 'since must be an ISO 8601 date' });
  const employees: Record<string, BambooChange> = {};
  for (const change of state.changes.values()) {
    if (changedAtOrAfter(change, since)) employees[change.id] = { ...change };
  }
  return reply(200, { latest: secondsIso(state.now()), employees });
}

function directory(state: BambooAccountState, reply: Reply) {
  const fields = [
    'displayName',
    'firstName',
    'lastName',
    'jobTitle',
    'workEmail',
    'department',
    'division',
    'location',
  ];
  const readable = fields.filter((field) => !state.hiddenFields.has(field));
  const employees = [...state.employees.values()]
    .filter((employee) => employee.status !== 'Inactive')
    .map((employee) => pick(employee, readable));
  return reply(200, { fields: readable.map((id) => ({ id, type: 'text', name: id })), employees });
}

function employeeById(state: BambooAccountState, id: string, url: URL, reply: Reply) {
  const employee = state.employees.get(id);
  if (!employee) return reply(404, { error: `no employee ${id}` });
  const fields = (url.searchParams.get('fields') ?? 'firstName,lastName').split(',').filter(Boolean);
  return reply(
    200,
    pick(
      employee,
      fields.filter((field) => !state.hiddenFields.has(field)),
    ),
  );
}

function isKnownField(state: BambooAccountState, field: string): boolean {
  if (KNOWN_FIELDS.has(field)) return true;
  for (const employee of state.employees.values()) if (field in employee) return true;
  return false;
}

function pick(employee: { id: string; [field: string]: string | null }, fields: readonly string[]) {
  const row: Record<string, string | null> = { id: employee.id };
  for (const field of fields) row[field] = employee[field] ?? null;
  return row;
}

function changedAtOrAfter(change: BambooChange | undefined, sinceMs: number): boolean {
  return change !== undefined && Date.parse(change.lastChanged) >= sinceMs;
}

function authorized(request: Request, apiKey: string): boolean {
  const header = request.headers.get('authorization') ?? '';
  if (!header.startsWith('Basic ')) return false;
  const decoded = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  // BambooHR ignores the password; idsync sends `x` as documented.
  return colon >= 0 && decoded.slice(0, colon) === apiKey;
}

function json(status: number, body: unknown, headers: Record<string, string>): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}
