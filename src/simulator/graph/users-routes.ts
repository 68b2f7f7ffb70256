// Graph's user routes over the simulated tenant: `/v1.0/users` (paged, `$select`, `$top` up to
// 999), `/v1.0/users/delta` (next and delta links, `@removed`, changed properties only on
// updates, `$deltatoken=latest`, expired tokens), and `/v1.0/users/{id}/mailboxSettings`.
// `$filter` is accepted and IGNORED (the simulator serves every user); say so where it matters.
import { graphError, json } from './responses.ts';
import type { DeltaEntry, GraphTenant, GraphUserObject } from './tenant.ts';

export interface UsersRouteOptions {
  /** Page size when the request gives no `$top`. Graph's default for users is 100. */
  pageSize: number;
  /** How an expired delta token is refused: 410 (Gone, resyncRequired) or 400 syncStateNotFound. */
  expiredTokenStatus: 400 | 410;
}

interface ListSession {
  kind: 'list' | 'delta';
  /** What the pages hold, fixed when the first page was served. */
  entries: DeltaEntry[];
  select: string[] | null;
  top: number;
  /** The version the final delta link will carry. */
  version: number;
}

const MAX_TOP = 999;
const MAX_SESSIONS = 64;

export function createUsersRoutes(tenant: GraphTenant, options: UsersRouteOptions) {
  const sessions = new Map<string, ListSession>();
  let sessionCount = 0;

  function openSession(session: ListSession): string {
    sessionCount += 1;
    const id = `s${sessionCount}`;
    sessions.set(id, session);
    // Bounded: an abandoned paging session must not hold its id list forever.
    if (sessions.size > MAX_SESSIONS) sessions.delete(sessions.keys().next().value!);
    return id;
  }

  function page(url: URL, sessionId: string, offset: number): Response {
    const session = sessions.get(sessionId);
    if (session === undefined) {
      return graphError(
        400,
        'Directory_ExpiredPageToken',
        'The specified page token value has expired and can no longer be included in your request.',
      );
    }
    const slice = session.entries.slice(offset, offset + session.top);
    const value = slice.flatMap((entry) => render(entry, session.select));
    const next = offset + session.top;
    const body: Record<string, unknown> = {
      '@odata.context': `${url.origin}/v1.0/$metadata#users`,
      value,
    };
    const skip = `$skiptoken=${sessionId}_${next}`;
    if (next < session.entries.length) {
      body['@odata.nextLink'] =
        session.kind === 'list'
          ? `${url.origin}/v1.0/users?${listQuery(session)}&${skip}`
          : `${url.origin}/v1.0/users/delta?${skip}`;
    } else if (session.kind === 'delta') {
      body['@odata.deltaLink'] =
        `${url.origin}/v1.0/users/delta?$deltatoken=${encodeDeltaToken(session.version, session.select)}`;
    } else {
      sessions.delete(sessionId);
    }
    return json(200, body);
  }

  function render(entry: DeltaEntry, select: string[] | null): GraphUserObject[] {
    if (entry.kind === 'removed') return [{ id: entry.id, '@removed': { reason: entry.reason } }];
    const user = tenant.get(entry.id);
    if (user === undefined) return [];
    if (entry.kind === 'whole') return [project(user, select)];
    const partial: GraphUserObject = { id: user.id };
    for (const key of entry.changed ?? []) {
      if (select === null || select.includes(key)) partial[key] = user[key] ?? null;
    }
    return [partial];
  }

  function list(url: URL): Response {
    const resumed = resume(url);
    if (resumed !== undefined) return resumed;
    const entries = tenant.liveIds().map((id): DeltaEntry => ({ kind: 'whole', id }));
    const id = openSession({
      kind: 'list',
      entries,
      select: selectOf(url),
      top: topOf(url, options.pageSize),
      version: tenant.version,
    });
    return page(url, id, 0);
  }

  function delta(url: URL): Response {
    const resumed = resume(url);
    if (resumed !== undefined) return resumed;
    const token = url.searchParams.get('$deltatoken');
    if (token === 'latest') {
      return json(200, {
        value: [],
        '@odata.deltaLink': `${url.origin}/v1.0/users/delta?$deltatoken=${encodeDeltaToken(tenant.version, selectOf(url))}`,
      });
    }
    let since: number | null = null;
    let select = selectOf(url);
    if (token !== null) {
      const decoded = decodeDeltaToken(token);
      if (decoded === null || decoded.version < tenant.oldestValidVersion) return expired();
      since = decoded.version;
      select = decoded.select;
    }
    const entries = tenant.changesSince(since);
    const id = openSession({
      kind: 'delta',
      entries,
      select,
      top: topOf(url, options.pageSize),
      version: tenant.version,
    });
    return page(url, id, 0);
  }

  function resume(url: URL): Response | undefined {
    const skip = url.searchParams.get('$skiptoken');
    if (skip === null) return undefined;
    const [sessionId, offset] = skip.split('_');
    return page(url, sessionId ?? '', Number(offset ?? 0));
  }

  function expired(): Response {
    return options.expiredTokenStatus === 410
      ? graphError(410, 'resyncRequired', 'The delta token is no longer valid; a full resync is required.')
      : graphError(
          400,
          'syncStateNotFound',
          'The sync state generation is not found. Delta tokens may have expired.',
        );
  }

  function mailboxSettings(id: string): Response {
    const user = tenant.get(id);
    if (user === undefined)
      return graphError(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist.`);
    if (typeof user.mail !== 'string') {
      return graphError(
        404,
        'MailboxNotEnabledForRESTAPI',
        'The mailbox is either inactive, soft-deleted, or is hosted on-premise.',
      );
    }
    const settings = (user.mailboxSettings ?? {}) as Record<string, unknown>;
    return json(200, { timeZone: settings.timeZone ?? 'UTC', language: { locale: 'en-US' } });
  }

  function getUser(url: URL, id: string): Response {
    const user = tenant.get(id);
    if (user === undefined)
      return graphError(
        404,
        'Request_ResourceNotFound',
        `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
      );
    return json(200, project(user, selectOf(url)));
  }

  return { list, delta, mailboxSettings, getUser };
}

function project(user: GraphUserObject, select: string[] | null): GraphUserObject {
  if (select === null) {
    const { mailboxSettings: _ignored, ...rest } = user;
    return rest as GraphUserObject;
  }
  const projected: GraphUserObject = { id: user.id };
  for (const key of select) projected[key] = user[key] ?? null;
  return projected;
}

function selectOf(url: URL): string[] | null {
  const select = url.searchParams.get('$select');
  return select === null
    ? null
    : select
        .split(',')
        .map((key) => key.trim())
        .filter((key) => key !== '');
}

function topOf(url: URL, fallback = 100): number {
  const top = Number(url.searchParams.get('$top') ?? fallback);
  return Number.isInteger(top) && top > 0 ? Math.min(top, MAX_TOP) : fallback;
}

function listQuery(session: ListSession): string {
  const parts = [`$top=${session.top}`];
  if (session.select !== null) parts.unshift(`$select=${session.select.join(',')}`);
  return parts.join('&');
}

// Opaque to the client, like Graph's: the version and the `$select` the round started with.
function encodeDeltaToken(version: number, select: string[] | null): string {
  return Buffer.from(JSON.stringify({ v: version, s: select })).toString('base64url');
}

function decodeDeltaToken(token: string): { version: number; select: string[] | null } | null {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      v?: unknown;
      s?: unknown;
    };
    if (typeof parsed.v !== 'number') return null;
    return { version: parsed.v, select: Array.isArray(parsed.s) ? parsed.s.map(String) : null };
  } catch {
    return null;
  }
}
