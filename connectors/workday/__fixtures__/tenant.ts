// A small simulated Workday report for the connector's tests, and the connector config that reads
// it. Entries are shaped like a RaaS JSON report (the report's own field names as keys).
import type { WorkdayWorker } from '../../../src/simulator/workday/index.ts';
import type { CommonConnectorConfig } from '../../types.ts';
import type { WorkdayConnectorConfig } from '../index.ts';
import { workdayConfigSchema } from '../schema.ts';

export const TENANT = { tenant: 'acme', owner: 'ISU_idsync', report: 'idsync_workers' } as const;
export const ISU = { username: 'ISU_idsync', password: 'sim-isu-password-0123' } as const;
export const REPORT_URL = `https://wd2-impl-services1.workday.com/ccx/service/customreport2/${TENANT.tenant}/${TENANT.owner}/${TENANT.report}`;

export const ADA: WorkdayWorker = {
  Employee_ID: 'E1001',
  Preferred_Name: 'Ada Lovelace',
  Work_Email: 'ada.lovelace@acme.example',
  Active_Status: '1',
  Termination_Date: null,
  Supervisory_Organization: 'Engineering',
  Location: 'London',
};

export const GRACE: WorkdayWorker = {
  Employee_ID: 'E1002',
  Preferred_Name: 'Grace Hopper',
  Work_Email: ['grace.hopper@acme.example', 'amazing.grace@acme.example'],
  Active_Status: '1',
  Termination_Date: null,
  Supervisory_Organization: 'Research',
  Location: 'New York',
};

export const ALAN: WorkdayWorker = {
  Employee_ID: 'E1003',
  Preferred_Name: 'Alan Turing',
  Work_Email: 'alan.turing@acme.example',
  Active_Status: '0',
  Termination_Date: '2024-03-31',
  Supervisory_Organization: 'Research',
  Location: 'London',
};

export const COMMON: CommonConnectorConfig = {
  id: 'wd',
  kind: 'workday',
  precedence: 1,
  on_disable: 'remove_identifiers',
  max_retries: 6,
};

/** The keys an admin would write for the test report (as config.yaml would hold them). */
export function workdayEntry(own: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    report_url: REPORT_URL,
    username: ISU.username,
    password: ISU.password,
    fields: {
      external_id: 'Employee_ID',
      employee_id: 'Employee_ID',
      email: 'Work_Email',
      display_name: 'Preferred_Name',
      groups: ['Supervisory_Organization'],
      primary_group: 'Supervisory_Organization',
      location: 'Location',
      active: 'Active_Status',
      termination_date: 'Termination_Date',
    },
    location_time_zones: { London: 'Europe/London', 'New York': 'America/New_York' },
    ...own,
  };
}

export function workdayConfig(own: Record<string, unknown> = {}): WorkdayConnectorConfig {
  return { ...workdayConfigSchema.parse(workdayEntry(own)), ...COMMON };
}
