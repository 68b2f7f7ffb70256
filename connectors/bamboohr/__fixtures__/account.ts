// A small simulated BambooHR account for the connector's tests, and the connector config that
// reads it. Rows are shaped like BambooHR's documented custom report (field ids as keys).
import type { BambooEmployee } from '../../../src/simulator/bamboohr/index.ts';
import type { CommonConnectorConfig, ConnectorDeps } from '../../types.ts';
import type { BambooConnectorConfig } from '../index.ts';
import { bambooConfigSchema } from '../schema.ts';

export const COMPANY = 'acme';
export const API_KEY = 'sim-key-0123456789abcdef';

export const ADA: BambooEmployee = {
  id: '101',
  employeeNumber: 'E1001',
  firstName: 'Ada',
  lastName: 'Lovelace',
  displayName: 'Ada Lovelace',
  workEmail: 'ada.lovelace@acme.example',
  homeEmail: 'ada1815@gmail.com',
  department: 'Engineering',
  division: 'Product',
  location: 'London',
  status: 'Active',
  terminationDate: '0000-00-00',
};

export const GRACE: BambooEmployee = {
  id: '102',
  employeeNumber: 'E1002',
  firstName: 'Grace',
  lastName: 'Hopper',
  displayName: null,
  workEmail: 'grace.hopper@acme.example',
  homeEmail: 'amazing.grace@yahoo.com',
  department: 'Research',
  division: 'Product',
  location: 'Mars Base',
  status: 'Active',
  terminationDate: '0000-00-00',
};

export const ALAN: BambooEmployee = {
  id: '103',
  employeeNumber: 'E1003',
  firstName: 'Alan',
  lastName: 'Turing',
  displayName: 'Alan Turing',
  workEmail: 'alan.turing@acme.example',
  homeEmail: null,
  department: 'Research',
  division: 'Crypto',
  location: 'London',
  status: 'Inactive',
  terminationDate: '2024-03-31',
};

export const COMMON: CommonConnectorConfig = {
  id: 'bamboo',
  kind: 'bamboohr',
  precedence: 1,
  on_disable: 'remove_identifiers',
  max_retries: 6,
};

export function bambooConfig(own: Record<string, unknown> = {}): BambooConnectorConfig {
  const parsed = bambooConfigSchema.parse({
    company_domain: COMPANY,
    api_key: API_KEY,
    location_time_zones: { London: 'Europe/London', 'New York': 'America/New_York' },
    ...own,
  });
  return { ...parsed, ...COMMON };
}

export interface CapturedLog {
  entries: Array<{ level: 'info' | 'warn'; meta: object; msg: string }>;
  deps: ConnectorDeps;
}

export function captureLog(): CapturedLog {
  const entries: CapturedLog['entries'] = [];
  return {
    entries,
    deps: {
      log: {
        info: (meta, msg) => entries.push({ level: 'info', meta, msg }),
        warn: (meta, msg) => entries.push({ level: 'warn', meta, msg }),
      },
    },
  };
}
