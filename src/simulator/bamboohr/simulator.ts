// A simulated BambooHR account: its employees, their change log, and the API in front of them as a
// `Request -> Response` handler that msw (tests) and a loopback server (demo) both mount. The
// mutation helpers play HR: hire, edit, terminate, rehire, delete.
import type { BambooEmployee } from './generator.ts';
import { createBambooHandler } from './handlers.ts';

export interface BambooSimulatorOptions {
  companyDomain: string;
  apiKey: string;
  employees: readonly BambooEmployee[];
  /** At most `requests` per `windowMs`; over that, 503 with Retry-After (BambooHR's own throttling). */
  rateLimit?: { requests: number; windowMs: number; retryAfterSeconds?: number };
  /** Fields the API key's user may not read: left out of reports without an error, as BambooHR does. */
  hiddenFields?: readonly string[];
  /** The account's clock (lastChanged, `latest`, the Date header). Default: the real clock. */
  now?: () => Date;
}

export interface BambooChange {
  id: string;
  action: 'Inserted' | 'Updated' | 'Deleted';
  lastChanged: string;
}

export interface BambooAccountState {
  readonly companyDomain: string;
  readonly apiKey: string;
  readonly employees: Map<string, BambooEmployee>;
  /** Last change per employee id, deleted ones included. */
  readonly changes: Map<string, BambooChange>;
  readonly hiddenFields: ReadonlySet<string>;
  readonly rateLimit: BambooSimulatorOptions['rateLimit'];
  now(): Date;
  /** Answers queued by throttleNext, consumed one per request. */
  throttles: Array<{ status: 429 | 503; retryAfterSeconds: number }>;
  requestLog: Array<{ method: string; path: string; at: Date }>;
}

export interface BambooSimulator {
  handle(request: Request): Promise<Response>;
  /** The base URL a connector should use (the real host; msw or a server routes it here). */
  readonly baseUrl: string;
  /** Every request seen, in order (for tests that count calls). */
  readonly requests: ReadonlyArray<{ method: string; path: string; at: Date }>;
  employee(id: string): BambooEmployee | undefined;
  /** Hires someone; returns the new BambooHR id. */
  add(fields: Omit<BambooEmployee, 'id'>): string;
  update(id: string, fields: Partial<Omit<BambooEmployee, 'id'>>): void;
  /** Status Inactive, termination date `date` (YYYY-MM-DD, default today). */
  terminate(id: string, date?: string): void;
  /** The same record (same id, same employee number) active again, termination date cleared. */
  rehire(id: string): void;
  delete(id: string): void;
  /** The next `n` requests are answered `status` with Retry-After `retryAfterSeconds`. */
  throttleNext(n: number, status: 429 | 503, retryAfterSeconds: number): void;
}

export function createBambooSimulator(options: BambooSimulatorOptions): BambooSimulator {
  const now = options.now ?? (() => new Date());
  const state: BambooAccountState = {
    companyDomain: options.companyDomain,
    apiKey: options.apiKey,
    employees: new Map(),
    changes: new Map(),
    hiddenFields: new Set(options.hiddenFields ?? []),
    rateLimit: options.rateLimit,
    now,
    throttles: [],
    requestLog: [],
  };
  for (const employee of options.employees) {
    if (state.employees.has(employee.id)) throw new Error(`employee id ${employee.id} given twice`);
    state.employees.set(employee.id, { ...employee });
    record(employee.id, 'Inserted');
  }

  function record(id: string, action: BambooChange['action']): void {
    state.changes.set(id, { id, action, lastChanged: secondsIso(now()) });
  }

  function existing(id: string): BambooEmployee {
    const employee = state.employees.get(id);
    if (!employee) throw new Error(`no employee ${id} in the simulated account`);
    return employee;
  }

  function update(id: string, fields: Partial<Omit<BambooEmployee, 'id'>>): void {
    const employee = existing(id);
    for (const [key, value] of Object.entries(fields)) {
      if (value !== undefined) employee[key] = value;
    }
    record(id, 'Updated');
  }

  return {
    handle: createBambooHandler(state),
    baseUrl: `https://api.bamboohr.com/api/gateway.php/${options.companyDomain}/v1`,
    requests: state.requestLog,
    employee: (id) => state.employees.get(id),
    add(fields) {
      const next = Math.max(100, ...[...state.changes.keys()].map(Number).filter(Number.isFinite)) + 1;
      const id = String(next);
      state.employees.set(id, { ...fields, id });
      record(id, 'Inserted');
      return id;
    },
    update,
    terminate(id, date) {
      update(id, { status: 'Inactive', terminationDate: date ?? now().toISOString().slice(0, 10) });
    },
    rehire(id) {
      update(id, { status: 'Active', terminationDate: '0000-00-00' });
    },
    delete(id) {
      existing(id);
      state.employees.delete(id);
      record(id, 'Deleted');
    },
    throttleNext(n, status, retryAfterSeconds) {
      for (let i = 0; i < n; i += 1) state.throttles.push({ status, retryAfterSeconds });
    },
  };
}

/** BambooHR's timestamps: ISO 8601 to the second, UTC, with an offset. */
export function secondsIso(date: Date): string {
  return `${date.toISOString().slice(0, 19)}+00:00`;
}
