// Shared set-up of the API suites: a real migrated database, a fake daemon (the boundary the API is
// written against), a silent logger and the app, called without sockets through `app.request`.
import type { ApiApp } from '../../src/api/app.ts';
import { buildApiApp } from '../../src/api/app.ts';
import type { ConnectorStatus, DaemonControl } from '../../src/daemon/types.ts';
import { fail, ok, type Result } from '../../src/domain/errors.ts';
import { createLogger } from '../../src/log.ts';
import type { Db } from '../../src/store/database.ts';
import { createRun, getRun, type RunMode } from '../../src/store/runs.ts';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from '../support/databases.ts';

export const TOKEN = 'test-token-0123456789';
export const NOW = new Date('2025-03-10T12:00:00Z');

/** Records what the API asked of the daemon; queues runs in the real table so ids are real. */
export class FakeDaemonControl implements DaemonControl {
  readonly triggered: Array<{ connectorId: string; mode: RunMode }> = [];
  readonly approved: number[] = [];
  readonly #db: Db;
  readonly #known: string[];
  readonly #queued = new Map<string, number>();

  constructor(db: Db, known: string[] = ['entra', 'bamboo']) {
    this.#db = db;
    this.#known = known;
  }

  async connectors(): Promise<ConnectorStatus[]> {
    return this.#known.map((id) => ({
      id,
      kind: id === 'entra' ? 'azure-ad' : 'bamboohr',
      schedule: '*/30 * * * *',
      fullSchedule: null,
      nextRunAt: '2025-03-10T12:30:00.000Z',
      lastRun: null,
      lastSuccessAt: null,
      current: null,
      consecutiveFailures: 0,
      backedOffUntil: null,
    }));
  }

  async trigger(connectorId: string, mode: RunMode): Promise<Result<{ runId: number; reused: boolean }>> {
    this.triggered.push({ connectorId, mode });
    if (!this.#known.includes(connectorId)) {
      return fail('not_found', `Connector ${connectorId} is not configured.`, { connectorId });
    }
    const queued = this.#queued.get(connectorId);
    if (queued !== undefined) return ok({ runId: queued, reused: true });
    const run = await createRun(this.#db, {
      connectorId,
      requestedMode: mode,
      trigger: 'manual',
      status: 'queued',
      now: NOW,
    });
    this.#queued.set(connectorId, run.id);
    return ok({ runId: run.id, reused: false });
  }

  async approve(runId: number): Promise<Result<{ runId: number }>> {
    this.approved.push(runId);
    const run = await getRun(this.#db, runId);
    if (!run) return fail('not_found', `Run ${runId} does not exist.`, { runId });
    if (run.status !== 'blocked') {
      return fail('invalid_selection', `Run ${runId} is ${run.status}, not blocked.`, { runId });
    }
    return ok({ runId: runId + 1000 });
  }
}

export interface ApiHarness {
  database: TestDatabase;
  db: Db;
  control: FakeDaemonControl;
  app: ApiApp;
  /** An authorized request (JSON body when given). */
  call(method: string, path: string, body?: unknown): Promise<Response>;
  /** A request with the given headers only (no token unless given). */
  raw(
    method: string,
    path: string,
    init?: { headers?: Record<string, string>; body?: string },
  ): Promise<Response>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  token?: string;
  maxBodyBytes?: number;
}

export async function createApiHarness(
  kind: DatabaseKind = 'pglite',
  options: HarnessOptions = {},
): Promise<ApiHarness> {
  const database = await createTestDatabase(kind);
  const control = new FakeDaemonControl(database.db);
  const app = buildApiApp({
    config: {
      api: {
        listen: '127.0.0.1:0',
        token: options.token ?? TOKEN,
        max_body_bytes: options.maxBodyBytes ?? 64 * 1024,
      },
    },
    db: database.db,
    control,
    log: createLogger({ level: 'silent' }),
    clock: () => NOW,
  });
  const raw: ApiHarness['raw'] = (method, path, init = {}) =>
    Promise.resolve(
      app.request(path, {
        method,
        headers: init.headers ?? {},
        ...(init.body === undefined ? {} : { body: init.body }),
      }),
    );
  return {
    database,
    db: database.db,
    control,
    app,
    raw,
    call(method, path, body) {
      const headers: Record<string, string> = { authorization: `Bearer ${options.token ?? TOKEN}` };
      if (body === undefined) return raw(method, path, { headers });
      headers['content-type'] = 'application/json';
      return raw(method, path, { headers, body: JSON.stringify(body) });
    },
    close: () => database.destroy(),
  };
}

export async function jsonOf<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

export interface ErrorJson {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

/** The zod issues of a validation_failed error. */
export function issuesOf(body: ErrorJson): Array<{ path: unknown[]; message: string }> {
  return (body.error.details?.issues ?? []) as Array<{ path: unknown[]; message: string }>;
}
