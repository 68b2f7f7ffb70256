// A small simulated Personio account for the connector's tests, and the connector config that reads it.
import { EMPLOYEE_NUMBER_ATTRIBUTE } from '../../../src/simulator/personio/index.ts';
import type { CommonConnectorConfig } from '../../types.ts';
import type { PersonioConnectorConfig } from '../index.ts';
import { personioConfigSchema } from '../schema.ts';

export const CREDENTIAL = { clientId: 'papi-client-4711', clientSecret: 'sim-personio-secret-0123' } as const;

export const COMMON: CommonConnectorConfig = {
  id: 'personio',
  kind: 'personio',
  precedence: 1,
  on_disable: 'remove_identifiers',
  max_retries: 6,
};

/** The keys an admin would write for the test account (as config.yaml would hold them). */
export function personioEntry(own: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    client_id: CREDENTIAL.clientId,
    client_secret: CREDENTIAL.clientSecret,
    fields: { employee_id: EMPLOYEE_NUMBER_ATTRIBUTE },
    office_time_zones: { London: 'Europe/London', Munich: 'Europe/Berlin', Berlin: 'Europe/Berlin' },
    ...own,
  };
}

export function personioConfig(own: Record<string, unknown> = {}): PersonioConnectorConfig {
  return { ...personioConfigSchema.parse(personioEntry(own)), ...COMMON };
}
