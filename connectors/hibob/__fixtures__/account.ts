// A small simulated Bob account for the connector's tests, and the connector config that reads it.
import type { CommonConnectorConfig } from '../../types.ts';
import type { HibobConnectorConfig } from '../index.ts';
import { hibobConfigSchema } from '../schema.ts';

export const SERVICE_USER = { id: 'SERVICE-4711', token: 'sim-bob-token-0123456789' } as const;

export const COMMON: CommonConnectorConfig = {
  id: 'bob',
  kind: 'hibob',
  precedence: 1,
  on_disable: 'remove_identifiers',
  max_retries: 6,
};

/** The keys an admin would write for the test account (as config.yaml would hold them). */
export function hibobEntry(own: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    service_user_id: SERVICE_USER.id,
    token: SERVICE_USER.token,
    site_time_zones: { London: 'Europe/London', 'New York': 'America/New_York' },
    ...own,
  };
}

export function hibobConfig(own: Record<string, unknown> = {}): HibobConnectorConfig {
  return { ...hibobConfigSchema.parse(hibobEntry(own)), ...COMMON };
}
