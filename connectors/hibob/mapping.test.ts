import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hibobConfig } from './__fixtures__/account.ts';
import { mapHibobEmployee, mappingRulesFrom, requestedFields } from './mapping.ts';

const NOW = new Date('2025-06-02T10:00:00Z');
const search = JSON.parse(readFileSync(new URL('./__fixtures__/search.json', import.meta.url), 'utf8')) as {
  employees: Array<Record<string, unknown>>;
};
const rules = mappingRulesFrom(hibobConfig());
const map = (employee: unknown) => mapHibobEmployee(employee, rules, NOW);

describe('hibob mapping (frozen people search, humanReadable APPEND)', () => {
  it('asks for the id and every mapped field', () => {
    expect(requestedFields(hibobConfig().fields)).toEqual([
      'root.id',
      'work.employeeIdInCompany',
      'root.email',
      'root.displayName',
      'root.firstName',
      'root.surname',
      'work.department',
      'work.site',
      'internal.lifecycleStatus',
      'internal.terminationDate',
    ]);
  });

  it('maps ids and statuses from the machine values and list names from the human-readable copy', () => {
    expect(map(search.employees[0])).toEqual({
      kind: 'record',
      record: {
        externalId: '3332883884017713238',
        identifiers: [
          { type: 'email', value: 'mike.ross@example.com', field: 'root.email' },
          { type: 'employee_id', value: '1234', field: 'work.employeeIdInCompany' },
        ],
        displayName: 'Mike Ross',
        groups: ['Legal'],
        primaryGroup: 'Legal',
        timeZone: 'America/New_York',
        state: 'active',
      },
    });
  });

  it('terminated lifecycle (or a past termination date) is a leaver; status Inactive alone is not', () => {
    expect(map(search.employees[1])).toMatchObject({ record: { state: 'terminated' } });
    expect(map(search.employees[2])).toMatchObject({ record: { state: 'active' } });
    const employedButLeft = {
      id: '9',
      internal: { lifecycleStatus: 'employed', terminationDate: '2025-06-01' },
    };
    expect(map(employedButLeft)).toMatchObject({ record: { state: 'terminated' } });
  });

  it('a field Bob left out is unknown: no attribute, and its identifiers are kept from before', () => {
    const mapped = map(search.employees[2]);
    expect(mapped).toMatchObject({
      record: { knownIdentifierFields: ['root.email'], displayName: 'Louis Litt' },
    });
    expect(mapped.kind === 'record' && 'timeZone' in mapped.record).toBe(false);
    expect(map({ id: '10' })).toEqual({
      kind: 'record',
      record: { externalId: '10', identifiers: [], knownIdentifierFields: [] },
    });
  });

  it('quarantines an employee without an id, a non-text value and an unreadable date', () => {
    expect(map({ email: 'x@example.com' })).toEqual({
      kind: 'invalid',
      invalid: { externalId: null, reason: 'employee has no id' },
    });
    expect(map({ id: '11', root: {}, displayName: { first: 'A' } })).toMatchObject({
      invalid: { externalId: '11', reason: 'employee 11: root.displayName is not a text value' },
    });
    expect(map({ id: '12', internal: { terminationDate: 'soon' } })).toMatchObject({
      invalid: { reason: 'employee 12: internal.terminationDate "soon" is not a date' },
    });
  });
});
