// The personio kind: Personio, the HRIS of many European mid-size companies. Full pulls page
// through every employee (limit 100, offset); incremental pulls ask for the employees updated
// since the last run's start (`updated_since`). Personio documents that it then ignores limit and
// offset, so an incremental read takes whichever answer comes: everything at once, or pages.
import {
  createFieldPresence,
  createPager,
  type HrOverrides,
  keysMapping,
  retryOptionsFor,
} from '../shared/hr.ts';
import type {
  CommonConnectorConfig,
  Connector,
  ConnectorDeps,
  ConnectorKind,
  PullOptions,
  PullOutcome,
  SourcePage,
} from '../types.ts';
import { createPersonioClient, type PersonioClient } from './client.ts';
import { attributesOfEmployee, mappedAttributes, mapPersonioEmployee, mappingRulesFrom } from './mapping.ts';
import { type PersonioConfig, personioConfigSchema } from './schema.ts';

export type PersonioConnectorConfig = PersonioConfig & CommonConnectorConfig;

/** Employees per request, as CONTRACT.md fixes it. */
export const PERSONIO_LIMIT = 100;
/** The cursor is this much before the run's start: a change made while the run read is read again. */
export const CURSOR_OVERLAP_MS = 60_000;

/** Test seams: a fake sleep and fixed jitter for the back-off, a fixed clock. */
export type PersonioOverrides = HrOverrides;

export const personioConnector: ConnectorKind<typeof personioConfigSchema> = {
  kind: 'personio',
  configSchema: personioConfigSchema,
  capabilities: { full: true, incremental: true, reportsDeletions: false },
  create: (config, deps) => createPersonioConnector(config, deps),
};

export function createPersonioConnector(
  config: PersonioConnectorConfig,
  deps: ConnectorDeps,
  overrides: PersonioOverrides = {},
): Connector {
  const retry = retryOptionsFor(config, deps, overrides, 'Personio');
  // One client per connector instance: its token outlives a run (24 hours), as Personio asks.
  const client = createPersonioClient({
    ...retry,
    baseUrl: config.base_url,
    clientId: config.client_id,
    clientSecret: config.client_secret,
  });
  return { id: config.id, pull: (options) => pullEmployees(config, client, deps, retry.now, options) };
}

async function* pullEmployees(
  config: PersonioConnectorConfig,
  client: PersonioClient,
  deps: ConnectorDeps,
  now: () => Date,
  { mode, cursor, signal }: PullOptions,
): AsyncGenerator<SourcePage, PullOutcome, void> {
  signal.throwIfAborted();
  const startedAt = now();
  const nextCursor = personioTime(new Date(startedAt.getTime() - CURSOR_OVERLAP_MS));
  const incremental = mode === 'incremental' && cursor !== null && !Number.isNaN(Date.parse(cursor));
  const rules = mappingRulesFrom(config);
  const attributes = mappedAttributes(config.fields);
  const pager = createPager('employee');
  const presence = createFieldPresence(attributes.filter((key) => key !== 'id'));
  let firstId: string | null = null;
  let employees = 0;
  let pages = 0;
  for (let offset = 0; ;) {
    const page = await client.employees(
      { offset, limit: PERSONIO_LIMIT, attributes, ...(incremental ? { updatedSince: cursor } : {}) },
      signal,
    );
    pages += 1;
    const leadId = idOf(page.data[0]);
    // The server ignored the offset (as Personio documents for updated_since): this is the first page again.
    if (offset > 0 && leadId !== null && leadId === firstId) break;
    firstId ??= leadId;
    for (const employee of page.data) {
      employees += 1;
      const known = attributesOfEmployee(employee) ?? {};
      presence.note((key) => Object.hasOwn(known, key));
      const full = pager.add(mapPersonioEmployee(employee, rules, startedAt));
      if (full !== null) yield full;
    }
    offset += page.data.length;
    const total = page.metadata?.total_elements;
    if (page.data.length < PERSONIO_LIMIT || page.data.length > PERSONIO_LIMIT) break;
    if (total !== undefined && offset >= total) break;
  }
  const last = pager.take();
  if (last !== null) yield last;
  deps.log.info(
    { connector: config.id, employees, pages, incremental, cursor: nextCursor },
    'Personio employees read',
  );
  const warnings = incremental ? [] : missingAttributeWarnings(config, presence.missing());
  const outcome: PullOutcome = {
    mode: incremental ? 'incremental' : 'full',
    cursor: nextCursor,
    complete: true,
    warnings,
  };
  if (mode === 'incremental' && cursor !== null && !incremental) {
    outcome.fallbackReason = `the saved cursor "${cursor}" is not a date`;
  }
  return outcome;
}

/** A mapped attribute no employee carried: Personio leaves out what the credential may not read. */
function missingAttributeWarnings(config: PersonioConfig, missing: readonly string[]): string[] {
  return missing.map((key) => {
    return (
      `${keysMapping(config.fields, key).join(', ')}: Personio returned no "${key}" attribute for any employee. Personio leaves out the ` +
      'attributes the API credential may not read: add it to the readable attributes of the credential ' +
      '(Settings > Integrations > API credentials), or check the key; until then it is not imported'
    );
  });
}

/** Personio's `updated_since` format: ISO 8601 to the second, no zone (sent in UTC). */
export function personioTime(date: Date): string {
  return date.toISOString().slice(0, 19);
}

function idOf(employee: unknown): string | null {
  const id = attributesOfEmployee(employee)?.id;
  const value = typeof id === 'object' && id !== null ? (id as { value?: unknown }).value : undefined;
  return typeof value === 'number' || typeof value === 'string' ? String(value) : null;
}
