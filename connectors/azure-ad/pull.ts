// One pull: full (`/users`, a complete snapshot) or incremental (`/users/delta` from the cursor).
//
// The cursor is a delta link. A full run takes it FIRST, with `/users/delta?$deltatoken=latest`
// (an empty round that only returns a link), then reads `/users`: a change made while the
// pages are read is then replayed by the next delta run instead of being lost between the two.
// Replaying is harmless: records are whole and the planner skips what did not change.
//
// Delta updates carry only the changed properties, so a changed user that is not whole is read
// again with `GET /users/{id}` before it is mapped (a SourceRecord is always a whole record).
import type { PullOptions, PullOutcome, SourcePage } from '../types.ts';
import type { AzureAdFullConfig, GraphTransport } from './client.ts';
import type { UpstreamError } from '../shared/errors.ts';
import { type MappingRules, mapGraphUser } from './mapping.ts';
import { graphPageSchema, mailboxSettingsSchema, SELECTED_USER_FIELDS } from './schema.ts';
import { ianaTimeZoneOf } from './time-zones.ts';

/** Each distinct warning once per run. */
type Warnings = Set<string>;

export interface PullContext {
  config: AzureAdFullConfig;
  transport: GraphTransport;
  rules: MappingRules;
  log: { info(meta: object, msg: string): void; warn(meta: object, msg: string): void };
}

const SELECT = SELECTED_USER_FIELDS.join(',');
const PAGE_SIZE = 999;

/**
 * The requests of a full read: the `$deltatoken=latest` round (null with a filter, which delta
 * cannot apply) and the first page of `/users`. Exported for the benchmark's fetch floor, which
 * must read exactly these pages.
 */
export function fullReadPaths(config: AzureAdFullConfig): { latestDelta: string | null; firstPage: string } {
  const filter = config.filter === undefined ? '' : `&$filter=${encodeURIComponent(config.filter)}`;
  return {
    latestDelta: config.filter === undefined ? `/users/delta?$select=${SELECT}&$deltatoken=latest` : null,
    firstPage: `/users?$select=${SELECT}&$top=${PAGE_SIZE}${filter}`,
  };
}

/** Graph codes meaning "this delta link is no longer usable: start over with a full read". */
const EXPIRED_DELTA_CODES = new Set(['syncStateNotFound', 'syncStateInvalid', 'resyncRequired']);

export async function* pullAzureAd(
  context: PullContext,
  { mode, cursor, signal }: PullOptions,
): AsyncGenerator<SourcePage, PullOutcome, void> {
  const warnings: Warnings = new Set();
  let fallbackReason: string | undefined;
  if (mode === 'incremental' && cursor !== null) {
    if (context.config.filter !== undefined) {
      // Delta on users filters by id only: it would bring back users outside the filter.
      fallbackReason = 'filter is set, and Graph delta queries cannot apply it';
    } else if (!onGraphOrigin(context, cursor)) {
      // Saved before graph_base_url changed (a move to a national cloud, a proxy): that host's
      // link is not followed; a full read of the configured one replaces it.
      fallbackReason = 'the saved delta link is not on graph_base_url, a full read replaces it';
    } else {
      try {
        return yield* pullDelta(context, cursor, signal, warnings);
      } catch (error) {
        if (!isExpiredDelta(error)) throw error;
        fallbackReason = `the delta link was refused (${error.status} ${error.code}), a full read replaces it`;
        context.log.warn({ connector: context.config.id, code: error.code }, 'delta link expired');
      }
    }
  }
  const outcome = yield* pullFull(context, signal, warnings);
  return fallbackReason === undefined ? outcome : { ...outcome, fallbackReason };
}

async function* pullFull(
  context: PullContext,
  signal: AbortSignal,
  warnings: Warnings,
): AsyncGenerator<SourcePage, PullOutcome, void> {
  const { config, transport } = context;
  const paths = fullReadPaths(config);
  let cursor: string | null = null;
  if (paths.latestDelta !== null) {
    const latest = graphPageSchema.parse(await transport.get(paths.latestDelta, signal));
    const link = latest['@odata.deltaLink'];
    cursor = link === undefined ? null : transport.ownLink(link, '@odata.deltaLink');
    if (cursor === null)
      warnings.add('Graph gave no delta link for $deltatoken=latest: the next run reads fully again');
  }
  let users = 0;
  for await (const page of transport.pages(paths.firstPage, signal)) {
    users += page.value.length;
    const out = emptyPage();
    for (const raw of page.value) addMapped(out, raw, context);
    await addTimeZones(out, context, signal, warnings);
    yield out;
  }
  context.log.info({ connector: config.id, users }, 'graph users read');
  return { mode: 'full', cursor, complete: true, warnings: [...warnings] };
}

async function* pullDelta(
  context: PullContext,
  deltaLink: string,
  signal: AbortSignal,
  warnings: Warnings,
): AsyncGenerator<SourcePage, PullOutcome, void> {
  const { config, transport } = context;
  let next: string | null = null;
  let changes = 0;
  for await (const page of transport.pages(deltaLink, signal)) {
    next = page['@odata.deltaLink'] ?? next;
    changes += page.value.length;
    const out = emptyPage();
    const partialIds: string[] = [];
    for (const raw of page.value) {
      if (isPartialUpdate(raw)) partialIds.push(raw.id);
      else addMapped(out, raw, context);
    }
    const reread = await Promise.all(partialIds.map((id) => readUser(transport, id, signal)));
    reread.forEach((user, index) => {
      if (user === null) out.removals.push(partialIds[index]!);
      else addMapped(out, user, context);
    });
    await addTimeZones(out, context, signal, warnings);
    yield out;
  }
  if (next === null) throw new Error('the Graph delta round ended without an @odata.deltaLink');
  context.log.info({ connector: config.id, changes }, 'graph delta read');
  return { mode: 'incremental', cursor: next, complete: true, warnings: [...warnings] };
}

function addMapped(page: SourcePage, raw: unknown, context: PullContext): void {
  const mapped = mapGraphUser(raw, context.rules);
  switch (mapped.kind) {
    case 'record':
      page.records.push(mapped.record);
      return;
    case 'invalid':
      page.invalid.push(mapped.invalid);
      return;
    // A user that became a guest (or was deleted) leaves this connector's snapshot; unlinked ids
    // are ignored by the planner, so reporting a never-linked guest costs nothing.
    case 'excluded':
    case 'removed':
      page.removals.push(mapped.externalId);
      return;
  }
}

// A delta update names only what changed: anything missing a selected property is partial.
function isPartialUpdate(raw: unknown): raw is { id: string } {
  if (typeof raw !== 'object' || raw === null) return false;
  const user = raw as Record<string, unknown>;
  if (typeof user.id !== 'string' || user['@removed'] !== undefined) return false;
  return SELECTED_USER_FIELDS.some((field) => !(field in user));
}

async function readUser(transport: GraphTransport, id: string, signal: AbortSignal): Promise<unknown | null> {
  try {
    return await transport.get(`/users/${encodeURIComponent(id)}?$select=${SELECT}`, signal);
  } catch (error) {
    // Deleted between the delta page and this read: it is gone.
    if ((error as Partial<UpstreamError>).status === 404) return null;
    throw error;
  }
}

async function addTimeZones(
  page: SourcePage,
  context: PullContext,
  signal: AbortSignal,
  warnings: Warnings,
): Promise<void> {
  if (!context.config.read_mailbox_settings) return;
  await Promise.all(
    page.records.map(async (record) => {
      const reported = await readMailboxTimeZone(context.transport, record.externalId, signal);
      record.timeZone = ianaTimeZoneOf(reported);
      if (reported !== null && record.timeZone === null) {
        warnings.add(
          `mailboxSettings time zone "${reported}" has no IANA equivalent known to idsync; left unset`,
        );
      }
    }),
  );
}

async function readMailboxTimeZone(
  transport: GraphTransport,
  id: string,
  signal: AbortSignal,
): Promise<string | null> {
  try {
    const body = await transport.get(
      `/users/${encodeURIComponent(id)}/mailboxSettings?$select=timeZone`,
      signal,
    );
    return mailboxSettingsSchema.parse(body).timeZone ?? null;
  } catch (error) {
    // No Exchange Online mailbox (unlicensed, on-premises, shared): no time zone to read.
    if ((error as Partial<UpstreamError>).status === 404) return null;
    throw error;
  }
}

function onGraphOrigin(context: PullContext, link: string): boolean {
  try {
    context.transport.ownLink(link, 'saved delta link');
    return true;
  } catch {
    return false;
  }
}

function isExpiredDelta(error: unknown): error is UpstreamError {
  const upstream = error as Partial<UpstreamError>;
  if (upstream.status === 410) return true;
  return upstream.status === 400 && EXPIRED_DELTA_CODES.has(upstream.code ?? '');
}

function emptyPage(): SourcePage {
  return { records: [], invalid: [], removals: [] };
}
