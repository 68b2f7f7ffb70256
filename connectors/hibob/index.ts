// The hibob kind: Bob (HiBob), the HRIS of many mid-size European companies. One people search
// returns every employee, active or not; there is no "changed since", so every run reads everyone
// and the engine skips unchanged records by their hash.
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
import { createHibobClient, type HibobClient } from './client.ts';
import { ID_FIELD, lookUp, mapHibobEmployee, mappingRulesFrom, requestedFields } from './mapping.ts';
import { type HibobConfig, hibobConfigSchema } from './schema.ts';

export type HibobConnectorConfig = HibobConfig & CommonConnectorConfig;

/** Test seams: a fake sleep for retries, a fixed clock for termination dates. */
export type HibobOverrides = HrOverrides;

export const hibobConnector: ConnectorKind<typeof hibobConfigSchema> = {
  kind: 'hibob',
  configSchema: hibobConfigSchema,
  capabilities: { full: true, incremental: false, reportsDeletions: false },
  create: (config, deps) => createHibobConnector(config, deps),
};

export function createHibobConnector(
  config: HibobConnectorConfig,
  deps: ConnectorDeps,
  overrides: HibobOverrides = {},
): Connector {
  const retry = retryOptionsFor(config, deps, overrides, 'HiBob');
  const client = createHibobClient({
    ...retry,
    baseUrl: config.base_url,
    serviceUserId: config.service_user_id,
    token: config.token,
  });
  return { id: config.id, pull: (options) => pullPeople(config, client, deps, retry.now, options) };
}

async function* pullPeople(
  config: HibobConnectorConfig,
  client: HibobClient,
  deps: ConnectorDeps,
  now: () => Date,
  { signal }: PullOptions,
): AsyncGenerator<SourcePage, PullOutcome, void> {
  signal.throwIfAborted();
  const rules = mappingRulesFrom(config);
  const today = now();
  const fields = requestedFields(config.fields);
  const pager = createPager('employee');
  const presence = createFieldPresence(fields.filter((id) => id !== ID_FIELD));
  let employees = 0;
  for await (const batch of client.search(fields, signal)) {
    for (const employee of batch) {
      employees += 1;
      presence.note((id) => lookUp(employee, id).present);
      const page = pager.add(mapHibobEmployee(employee, rules, today));
      if (page !== null) yield page;
    }
  }
  const last = pager.take();
  if (last !== null) yield last;
  deps.log.info({ connector: config.id, employees }, 'HiBob people read');
  const warnings = presence.missing().map((id) => {
    const category = id.split('.')[0] === 'root' ? 'Basic info' : id.split('.')[0];
    return (
      `${keysMapping(config.fields, id).join(', ')}: HiBob returned no "${id}" for any employee. Bob leaves out the fields the ` +
      `service user may not read: give its permission group "View" access to the ${category} category ` +
      "(People's data) for all employees, or check the field id; until then it is not imported"
    );
  });
  return { mode: 'full', cursor: null, complete: true, warnings };
}
