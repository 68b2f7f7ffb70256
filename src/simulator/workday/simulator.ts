// A simulated Workday tenant with one custom report published as a web service (RaaS), as a
// `Request -> Response` handler that msw (tests) and the loopback server (demo, bench) both mount.
// What it does as Workday does: Basic auth as the integration system user (or a bearer token from
// the OAuth token endpoint for a refresh token), `?format=json` answered as
// `{ "Report_Entry": [ ... ] }`, a field with no value (or one the user may not read) left out of
// the entry, a multi-instance field as a list, and the body streamed in chunks. The mutation
// helpers play HR: hire, edit, terminate, rehire, remove.
import { jsonListBody } from '../json-chunks.ts';
import type { WorkdayWorker } from './generator.ts';

export interface WorkdaySimulatorOptions {
  tenant: string;
  /** The report's owner and name: the last two segments of its URL. */
  owner: string;
  report: string;
  username: string;
  password: string;
  /** An API client for integrations, for OAuth's refresh-token grant. */
  oauth?: { clientId: string; clientSecret: string; refreshToken: string };
  workers: readonly WorkdayWorker[];
  /** Fields the integration system user may not read: left out of every entry, without an error. */
  hiddenFields?: readonly string[];
  /** Entries per chunk of the streamed body. Default 500. */
  chunkEntries?: number;
  /** Default https://wd2-impl-services1.workday.com. */
  origin?: string;
}

export interface WorkdaySimulator {
  handle(request: Request): Promise<Response>;
  /** The report's URL as Workday shows it (without `?format=json`). */
  readonly reportUrl: string;
  readonly requests: ReadonlyArray<{ method: string; path: string }>;
  worker(id: string): WorkdayWorker | undefined;
  add(worker: WorkdayWorker): void;
  update(id: string, fields: Partial<WorkdayWorker>): void;
  /** Active_Status 0 and a termination date (default yesterday). */
  terminate(id: string, date?: string): void;
  /** Active again; the old termination date stays, as Workday keeps it. */
  rehire(id: string): void;
  /** Gone from the report (e.g. the report's filter no longer selects the worker). */
  remove(id: string): void;
  /** The next `n` requests are answered `status` (429 or 5xx), with Retry-After when given. */
  throttleNext(n: number, status: number, retryAfterSeconds?: number): void;
}

export function createWorkdaySimulator(options: WorkdaySimulatorOptions): WorkdaySimulator {
  const origin = options.origin ?? 'https://wd2-impl-services1.workday.com';
  const reportPath = `/ccx/service/customreport2/${options.tenant}/${options.owner}/${options.report}`;
  const tokenPath = `/ccx/oauth2/${options.tenant}/token`;
  const workers = new Map<string, WorkdayWorker>();
  const hidden = new Set(options.hiddenFields ?? []);
  const throttles: Array<{ status: number; retryAfterSeconds: number | undefined }> = [];
  const requests: Array<{ method: string; path: string }> = [];
  const issuedTokens = new Set<string>();
  for (const worker of options.workers) add(worker);

  function add(worker: WorkdayWorker): void {
    if (workers.has(worker.Employee_ID)) throw new Error(`worker ${worker.Employee_ID} given twice`);
    workers.set(worker.Employee_ID, { ...worker });
  }
  function existing(id: string): WorkdayWorker {
    const worker = workers.get(id);
    if (!worker) throw new Error(`no worker ${id} in the simulated report`);
    return worker;
  }
  function update(id: string, fields: Partial<WorkdayWorker>): void {
    const worker = existing(id);
    for (const [key, value] of Object.entries(fields)) if (value !== undefined) worker[key] = value;
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    requests.push({ method: request.method, path: url.pathname + url.search });
    const throttle = throttles.shift();
    if (throttle) {
      const headers: Record<string, string> =
        throttle.retryAfterSeconds === undefined ? {} : { 'retry-after': String(throttle.retryAfterSeconds) };
      return json(throttle.status, { error: 'The server is busy; try again later.' }, headers);
    }
    if (request.method === 'POST' && url.pathname === tokenPath && options.oauth)
      return token(request, options.oauth);
    if (url.pathname !== reportPath) return json(404, { error: `no report at ${url.pathname}` });
    if (request.method !== 'GET') return json(405, { error: 'RaaS REST reports are read with GET' });
    if (!authorized(request.headers.get('authorization') ?? '')) {
      return json(
        401,
        { error: 'invalid username or password' },
        { 'www-authenticate': 'Basic realm="Workday"' },
      );
    }
    if ((url.searchParams.get('format') ?? '').toLowerCase() !== 'json') {
      return json(400, { error: 'this simulator serves format=json only' });
    }
    return new Response(
      jsonListBody(
        'Report_Entry',
        [...workers.values()],
        (worker) => entryOf(worker, hidden),
        options.chunkEntries,
      ),
      {
        status: 200,
        headers: { 'content-type': 'application/json;charset=UTF-8' },
      },
    );
  }

  function authorized(header: string): boolean {
    if (header.startsWith('Bearer ')) return issuedTokens.has(header.slice('Bearer '.length));
    if (!header.startsWith('Basic ')) return false;
    return (
      Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8') ===
      `${options.username}:${options.password}`
    );
  }

  async function token(
    request: Request,
    oauth: NonNullable<WorkdaySimulatorOptions['oauth']>,
  ): Promise<Response> {
    const form = new URLSearchParams(await request.text());
    const client = Buffer.from(
      (request.headers.get('authorization') ?? '').replace(/^Basic /, ''),
      'base64',
    ).toString('utf8');
    const clientOk =
      client === `${oauth.clientId}:${oauth.clientSecret}` ||
      (form.get('client_id') === oauth.clientId && form.get('client_secret') === oauth.clientSecret);
    if (!clientOk) return json(401, { error: 'invalid_client' });
    if (form.get('grant_type') !== 'refresh_token' || form.get('refresh_token') !== oauth.refreshToken) {
      return json(400, { error: 'invalid_grant' });
    }
    const accessToken = `wd-${crypto.randomUUID()}`;
    issuedTokens.add(accessToken);
    return json(200, { access_token: accessToken, token_type: 'Bearer', expires_in: 3600 });
  }

  return {
    handle,
    reportUrl: `${origin}${reportPath}`,
    requests,
    worker: (id) => workers.get(id),
    add,
    update,
    terminate(id, date) {
      update(id, {
        Active_Status: '0',
        Termination_Date: date ?? new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
      });
    },
    rehire(id) {
      update(id, { Active_Status: '1' });
    },
    remove(id) {
      existing(id);
      workers.delete(id);
    },
    throttleNext(n, status, retryAfterSeconds) {
      for (let i = 0; i < n; i += 1) throttles.push({ status, retryAfterSeconds });
    },
  };
}

function entryOf(worker: WorkdayWorker, hidden: ReadonlySet<string>): Record<string, string | string[]> {
  const entry: Record<string, string | string[]> = {};
  for (const [field, value] of Object.entries(worker)) {
    if (hidden.has(field) || value === null || value === '' || (Array.isArray(value) && value.length === 0))
      continue;
    entry[field] = value;
  }
  return entry;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json;charset=UTF-8', ...headers },
  });
}
