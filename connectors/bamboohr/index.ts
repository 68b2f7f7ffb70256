// The bamboohr kind: BambooHR, the HRIS where employee numbers and employment status come from.
// Full pulls read one custom report of every employee; incremental pulls ask which employees
// changed since the cursor, then read just those in one report filtered by last change.
import { type RetryingFetchOptions, reportRetries } from '../shared/http.ts';
import type {
  CommonConnectorConfig,
  Connector,
  ConnectorDeps,
  ConnectorKind,
  PullOptions,
  PullOutcome,
  SourcePage,
} from '../types.ts';
import { type BambooClient, createBambooClient } from './client.ts';
import { attributesOf, mapBambooEmployee, mappingRulesFrom, requestedFields } from './mapping.ts';
import { type BambooConfig, bambooConfigSchema, type CustomReport } from './schema.ts';

/** Records (valid and invalid) per page: bounds the memory a page takes downstream. */
export const BAMBOO_PAGE_SIZE = 5000;
/** A full pull's cursor is this much before the report: a change during the report is read again. */
export const CURSOR_OVERLAP_MS = 60_000;

export type BambooConnectorConfig = BambooConfig & CommonConnectorConfig;

/** Test seams: a fake sleep for Retry-After, a fixed clock for termination dates. */
export interface BambooOverrides {
  sleep?: RetryingFetchOptions['sleep'];
  now?: () => Date;
}

export const bamboohrConnector: ConnectorKind<typeof bambooConfigSchema> = {
  kind: 'bamboohr',
  configSchema: bambooConfigSchema,
  capabilities: { full: true, incremental: true, reportsDeletions: true },
  create: (config, deps) => createBambooConnector(config, deps),
};

export function createBambooConnector(
  config: BambooConnectorConfig,
  deps: ConnectorDeps,
  overrides: BambooOverrides = {},
): Connector {
  const now = overrides.now ?? (() => new Date());
  const client = createBambooClient({
    baseUrl: config.base_url,
    apiKey: config.api_key,
    companyDomain: config.company_domain,
    maxAttempts: config.max_retries,
    concurrency: config.concurrency,
    now,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...(overrides.sleep ? { sleep: overrides.sleep } : {}),
    onRetry: reportRetries(deps, config.id, 'BambooHR request retried'),
  });
  return {
    id: config.id,
    pull: (options) => pullBamboo(config, client, deps, now, options),
  };
}

async function* pullBamboo(
  config: BambooConnectorConfig,
  client: BambooClient,
  deps: ConnectorDeps,
  now: () => Date,
  { mode, cursor, signal }: PullOptions,
): AsyncGenerator<SourcePage, PullOutcome, void> {
  signal.throwIfAborted();
  const fields = requestedFields(config.fields);
  if (mode === 'incremental' && cursor !== null) {
    if (Number.isNaN(Date.parse(cursor))) {
      const outcome = yield* pullFull(config, client, deps, now, fields, signal);
      return { ...outcome, fallbackReason: `the saved cursor "${cursor}" is not a date` };
    }
    return yield* pullChanged(config, client, deps, now, fields, cursor, signal);
  }
  return yield* pullFull(config, client, deps, now, fields, signal);
}

async function* pullFull(
  config: BambooConnectorConfig,
  client: BambooClient,
  deps: ConnectorDeps,
  now: () => Date,
  fields: string[],
  signal: AbortSignal,
): AsyncGenerator<SourcePage, PullOutcome, void> {
  const startedAt = now();
  const { report, serverDate } = await client.customReport(fields, signal);
  // The server's clock when it answered, else ours before asking; either way a little earlier,
  // so a change made while the report was built is read again by the next incremental run.
  const readAt = serverDate !== null && serverDate < startedAt ? serverDate : startedAt;
  const cursor = new Date(readAt.getTime() - CURSOR_OVERLAP_MS).toISOString();
  yield* pagesOf(report.employees, config, now());
  deps.log.info({ connector: config.id, employees: report.employees.length, cursor }, 'BambooHR report read');
  return { mode: 'full', cursor, complete: true, warnings: droppedFieldWarnings(config, fields, report) };
}

async function* pullChanged(
  config: BambooConnectorConfig,
  client: BambooClient,
  deps: ConnectorDeps,
  now: () => Date,
  fields: string[],
  since: string,
  signal: AbortSignal,
): AsyncGenerator<SourcePage, PullOutcome, void> {
  const changed = await client.changedSince(since, signal);
  const removals: string[] = [];
  const changedIds = new Set<string>();
  for (const [key, change] of Object.entries(changed.employees)) {
    const id = change.id ?? key;
    if (change.action === 'Deleted') removals.push(id);
    else changedIds.add(id);
  }
  const warnings: string[] = [];
  let rows: unknown[] = [];
  if (changedIds.size > 0) {
    // One report filtered by last change instead of one request per employee: a busy day of
    // hundreds of changes still costs one request against BambooHR's rate limit.
    const { report } = await client.customReport(fields, signal, since);
    warnings.push(...droppedFieldWarnings(config, fields, report));
    const deleted = new Set(removals);
    rows = report.employees.filter((row) => !deleted.has(rowId(row) ?? ''));
    const seen = new Set(rows.map(rowId));
    const missing = [...changedIds].filter((id) => !seen.has(id));
    if (missing.length > 0) {
      warnings.push(
        `${missing.length} changed employee(s) were not in the report (ids ${missing.slice(0, 10).join(', ')}); the next full run reads them`,
      );
    }
  }
  yield* pagesOf(rows, config, now());
  if (removals.length > 0) yield { records: [], invalid: [], removals };
  const cursor = changed.latest ?? since;
  deps.log.info(
    { connector: config.id, changed: changedIds.size, deleted: removals.length, cursor },
    'BambooHR changes read',
  );
  return { mode: 'incremental', cursor, complete: true, warnings };
}

function* pagesOf(rows: readonly unknown[], config: BambooConfig, now: Date): Generator<SourcePage> {
  const rules = mappingRulesFrom(config);
  const seen = new Set<string>();
  let page: SourcePage = { records: [], invalid: [], removals: [] };
  for (const row of rows) {
    const mapped = mapBambooEmployee(row, rules, now);
    const externalId = mapped.kind === 'record' ? mapped.record.externalId : mapped.invalid.externalId;
    if (externalId !== null && seen.has(externalId)) {
      page.invalid.push({
        externalId,
        reason: `employee ${externalId} appears twice in the report; the later row was skipped`,
      });
    } else if (mapped.kind === 'record') {
      page.records.push(mapped.record);
    } else {
      page.invalid.push(mapped.invalid);
    }
    if (externalId !== null) seen.add(externalId);
    if (page.records.length + page.invalid.length >= BAMBOO_PAGE_SIZE) {
      yield page;
      page = { records: [], invalid: [], removals: [] };
    }
  }
  if (page.records.length + page.invalid.length > 0) yield page;
}

/**
 * BambooHR leaves out, without an error, the fields the key's user may not read. A mapped field
 * that is neither in the report's field list nor in any row was most likely dropped that way.
 */
function droppedFieldWarnings(
  config: BambooConfig,
  fields: readonly string[],
  report: CustomReport,
): string[] {
  // An empty account's report without a field list says nothing about permissions.
  if (report.fields.length === 0 && report.employees.length === 0) return [];
  const returned = new Set(report.fields.map((field) => field.id));
  const inRows = new Set<string>();
  for (const row of report.employees) {
    if (typeof row === 'object' && row !== null) for (const key of Object.keys(row)) inRows.add(key);
  }
  return fields
    .filter((name) => !returned.has(name) && !inRows.has(name))
    .map((name) => {
      const attributes = attributesOf(config.fields, name).map((key) => `fields.${key}`);
      return (
        `${attributes.join(', ')}: BambooHR field "${name}" was not returned; the API key's user may not ` +
        'be allowed to read it (or the field does not exist), so it is not imported'
      );
    });
}

function rowId(row: unknown): string | null {
  if (typeof row !== 'object' || row === null) return null;
  const id = (row as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id).trim() : null;
}
