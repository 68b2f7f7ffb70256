import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { personioConfig } from './__fixtures__/account.ts';
import { mapPersonioEmployee, mappingRulesFrom } from './mapping.ts';

const NOW = new Date('2025-06-02T10:00:00Z');
const page = JSON.parse(
  readFileSync(new URL('./__fixtures__/employees-page.json', import.meta.url), 'utf8'),
) as {
  data: unknown[];
};
const rules = mappingRulesFrom(personioConfig({ fields: { employee_id: 'dynamic_24407' } }));
const map = (employee: unknown) => mapPersonioEmployee(employee, rules, NOW);

describe('personio mapping (frozen employee list page)', () => {
  it('reads {label, value, type} attributes, and departments and offices by their name', () => {
    expect(map(page.data[0])).toEqual({
      kind: 'record',
      record: {
        externalId: '1',
        identifiers: [
          { type: 'email', value: 'alexander.bergmann@demo.email', field: 'email' },
          { type: 'employee_id', value: 'Dr', field: 'dynamic_24407' },
        ],
        displayName: 'Alexander Bergmann',
        groups: ['Customer Support'],
        primaryGroup: 'Customer Support',
        timeZone: 'Europe/Berlin',
        state: 'active',
      },
    });
  });

  it('a past termination date ends employment whatever the status; attributes left out are unknown', () => {
    expect(map(page.data[1])).toEqual({
      kind: 'record',
      record: {
        externalId: '2',
        identifiers: [],
        knownIdentifierFields: [],
        displayName: 'Maria Schmidt',
        groups: [],
        primaryGroup: null,
        state: 'terminated',
      },
    });
    const inactive = { attributes: { id: { value: 3 }, status: { value: 'inactive' } } };
    expect(map(inactive)).toMatchObject({ record: { state: 'terminated' } });
    const onLeave = { attributes: { id: { value: 4 }, status: { value: 'leave' } } };
    expect(map(onLeave)).toMatchObject({ record: { state: 'active' } });
  });

  it('quarantines an employee without an id and an unreadable termination date', () => {
    expect(map({ type: 'Employee' })).toEqual({
      kind: 'invalid',
      invalid: { externalId: null, reason: 'employee has no attributes' },
    });
    expect(map({ attributes: { email: { value: 'a@b.example' } } })).toMatchObject({
      invalid: { externalId: null },
    });
    expect(
      map({ attributes: { id: { value: 5 }, termination_date: { value: '30.06.2024' } } }),
    ).toMatchObject({
      invalid: { externalId: '5', reason: 'employee 5: termination_date "30.06.2024" is not a date' },
    });
  });
});
