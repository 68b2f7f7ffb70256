import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { valuesOf } from '../types.ts';
import { workdayConfig } from './__fixtures__/tenant.ts';
import { mapWorkdayEntry, mappingRulesFrom } from './mapping.ts';

const NOW = new Date('2025-06-02T10:00:00Z');
const report = JSON.parse(readFileSync(new URL('./__fixtures__/report.json', import.meta.url), 'utf8')) as {
  Report_Entry: Array<Record<string, unknown>>;
};
const rules = mappingRulesFrom(
  workdayConfig({ location_time_zones: { London: 'Europe/London', 'New York': 'America/New_York' } }),
);
const map = (entry: unknown, mappingRules = rules) => mapWorkdayEntry(entry, mappingRules, NOW);
const entry = (id: string) => report.Report_Entry.find((row) => row.Employee_ID === id)!;

describe('workday mapping (frozen RaaS report)', () => {
  it('maps a worker: ids, email, name, organization, location time zone, active', () => {
    expect(map(entry('21001'))).toEqual({
      kind: 'record',
      record: {
        externalId: '21001',
        identifiers: [
          { type: 'email', value: 'lmcneil@workday.net', field: 'Work_Email' },
          { type: 'employee_id', value: '21001', field: 'Employee_ID' },
        ],
        displayName: 'Logan McNeil',
        groups: ['Global Modern Services, Inc. (USA)'],
        primaryGroup: 'Global Modern Services, Inc. (USA)',
        timeZone: null,
        state: 'active',
      },
    });
  });

  it('reads several emails in one field, as a list or as text joined by the separator', () => {
    const listed = map(entry('21002'));
    const joined = map(entry('21003'));
    expect(listed.kind === 'record' && valuesOf(listed.record, 'email')).toEqual([
      'tserrano@workday.net',
      'teresa.serrano@workday.net',
    ]);
    expect(joined.kind === 'record' && valuesOf(joined.record, 'email')).toEqual([
      'oreynolds@workday.net',
      'oliver.reynolds@workday.net',
    ]);
  });

  it('an inactive status terminates; an active one wins over an old termination date (a rehire)', () => {
    expect(map(entry('21003'))).toMatchObject({ record: { state: 'terminated', timeZone: 'Europe/London' } });
    expect(map(entry('21004'))).toMatchObject({ record: { state: 'active' } });
  });

  it('without an active status, a termination date before today terminates and a later one does not', () => {
    const noStatus = mappingRulesFrom(workdayConfig({ fields: { active: null } }));
    expect(map({ Employee_ID: '1', Termination_Date: '2025-06-01' }, noStatus)).toMatchObject({
      record: { state: 'terminated' },
    });
    expect(map({ Employee_ID: '1', Termination_Date: '2025-06-02-07:00' }, noStatus)).toMatchObject({
      record: { state: 'active' },
    });
    expect(map({ Employee_ID: '1', Termination_Date: '31/12/2024' }, noStatus)).toEqual({
      kind: 'invalid',
      invalid: {
        externalId: '1',
        reason: 'worker 1: Termination_Date "31/12/2024" is not a YYYY-MM-DD date',
      },
    });
  });

  it('a mapped field Workday left out is unknown: no attribute, and its identifiers are kept from before', () => {
    const mapped = map(entry('21004'));
    expect(mapped).toEqual({
      kind: 'record',
      record: {
        externalId: '21004',
        identifiers: [{ type: 'employee_id', value: '21004', field: 'Employee_ID' }],
        knownIdentifierFields: ['Employee_ID'],
        groups: ['Finance'],
        primaryGroup: 'Finance',
        state: 'active',
      },
    });
    expect(map({ Employee_ID: '9' })).toEqual({
      kind: 'record',
      record: {
        externalId: '9',
        identifiers: [{ type: 'employee_id', value: '9', field: 'Employee_ID' }],
        knownIdentifierFields: ['Employee_ID'],
      },
    });
  });

  it('reads a grouped multi-instance field (one-field objects) and references by their descriptor', () => {
    const grouped = mappingRulesFrom(
      workdayConfig({ fields: { email: 'Work_Email_group', location: 'Location' } }),
    );
    const mapped = map({ ...entry('21004'), Location: { descriptor: 'London', id: 'b5de02d5' } }, grouped);
    expect(mapped).toMatchObject({ record: { timeZone: 'Europe/London' } });
    expect(mapped.kind === 'record' && valuesOf(mapped.record, 'email')).toEqual(['mcardoza@workday.net']);
  });

  it('quarantines an entry without a single id, and a field that is not text', () => {
    expect(map({ Worker: 'Nobody' })).toEqual({
      kind: 'invalid',
      invalid: { externalId: null, reason: 'report entry has no single Employee_ID' },
    });
    expect(map('not an entry')).toMatchObject({ kind: 'invalid', invalid: { externalId: null } });
    expect(map({ Employee_ID: '7', Preferred_Name: { first: 'A', last: 'B' } })).toEqual({
      kind: 'invalid',
      invalid: { externalId: '7', reason: 'worker 7: Preferred_Name is not a text value' },
    });
    expect(map({ Employee_ID: '7', Active_Status: 'maybe' })).toMatchObject({
      invalid: { reason: 'worker 7: Active_Status "maybe" is neither active (1) nor inactive (0)' },
    });
  });
});
