// The workday kind: a Workday custom report published as a web service (RaaS), where large
// companies keep worker ids, work emails and leavers. A report has no paging and no "changed since":
// every run reads it whole, and the engine skips unchanged records by their hash.
import { UpstreamError } from '../shared/http.ts';
import {
  createFieldPresence,
  createPager,
  fieldNames,
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
import { createWorkdayClient, type WorkdayClient } from './client.ts';
import { mapWorkdayEntry, mappingRulesFrom } from './mapping.ts';
import { type WorkdayConfig, workdayConfigSchema } from './schema.ts';

export type WorkdayConnectorConfig = WorkdayConfig & CommonConnectorConfig;

/** Test seams: a fake sleep for retries, a fixed clock for termination dates and token expiry. */
export type WorkdayOverrides = HrOverrides;

export const workdayConnector: ConnectorKind<typeof workdayConfigSchema> = {
  kind: 'workday',
  configSchema: workdayConfigSchema,
  // Incremental runs read the whole report too; they are allowed so a schedule can run "incrementally".
  capabilities: { full: true, incremental: false, reportsDeletions: false },
  create: (config, deps) => createWorkdayConnector(config, deps),
};

export function createWorkdayConnector(
  config: WorkdayConnectorConfig,
  deps: ConnectorDeps,
  overrides: WorkdayOverrides = {},
): Connector {
  const retry = retryOptionsFor(config, deps, overrides, 'Workday');
  const client = createWorkdayClient(config, retry);
  return { id: config.id, pull: (options) => pullReport(config, client, deps, retry.now, options) };
}

async function* pullReport(
  config: WorkdayConnectorConfig,
  client: WorkdayClient,
  deps: ConnectorDeps,
  now: () => Date,
  { signal }: PullOptions,
): AsyncGenerator<SourcePage, PullOutcome, void> {
  signal.throwIfAborted();
  const rules = mappingRulesFrom(config);
  const today = now();
  const pager = createPager('worker');
  const presence = createFieldPresence(fieldNames(config.fields));
  let entries = 0;
  let idChecked = false;
  for await (const batch of client.entries(signal)) {
    for (const entry of batch) {
      entries += 1;
      const row = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
      presence.note((field) => Object.hasOwn(row, field));
      const page = pager.add(mapWorkdayEntry(entry, rules, today));
      if (page !== null) yield page;
    }
    // An id field that none of the first hundred entries carries is a mapping mistake, not a
    // permission: stop before thousands of entries become "no id" conflicts.
    if (!idChecked && entries >= 100) {
      idChecked = true;
      if (presence.missing().includes(config.fields.external_id)) throw missingIdError(config);
    }
  }
  if (entries > 0 && presence.missing().includes(config.fields.external_id)) throw missingIdError(config);
  const last = pager.take();
  if (last !== null) yield last;
  deps.log.info({ connector: config.id, entries }, 'Workday report read');
  const warnings = presence.missing().map((name) => {
    return (
      `${keysMapping(config.fields, name).join(', ')}: no entry of the report carries "${name}". Workday leaves out a field that is ` +
      'empty and one the integration system user may not read: if workers do have values, give its security ' +
      "group Get access to that field's domain (or add the field to the report); until then it is not imported"
    );
  });
  return { mode: 'full', cursor: null, complete: true, warnings };
}

function missingIdError(config: WorkdayConnectorConfig): UpstreamError {
  return new UpstreamError(
    `fields.external_id: the report's entries have no "${config.fields.external_id}" field; map fields.external_id ` +
      'to the field holding the worker id (as the report names it) and make sure the integration system user may read it',
    { code: 'field_missing', status: null },
  );
}
