import { describe, expect, it } from 'vitest';
import { bambooConfig } from './__fixtures__/account.ts';
import { isTerminated, mapBambooEmployee, mappingRulesFrom, requestedFields } from './mapping.ts';
import { bambooConfigSchema } from './schema.ts';

const NOW = new Date('2025-06-02T10:00:00Z');
const rules = mappingRulesFrom(bambooConfig({ location_time_zones: { Berlin: 'Europe/Berlin' } }));

describe('bamboohr mapping', () => {
  it('terminates on status Inactive or a termination date before today (UTC); 0000-00-00 is no date', () => {
    expect(isTerminated('Inactive', null, NOW)).toBe(true);
    expect(isTerminated('Active', '2025-06-01', NOW)).toBe(true);
    expect(isTerminated('Active', '2025-06-02', NOW)).toBe(false);
    expect(isTerminated('Active', '0000-00-00', NOW)).toBe(false);
    expect(isTerminated(null, '2025-02-30', NOW)).toBe('bad_date');
  });

  it('adds the primary group to the groups, and reads numbers and numeric ids as text', () => {
    const mapped = mapBambooEmployee(
      { id: 7, employeeNumber: 42, department: 'Sales', division: null, location: 'Berlin' },
      mappingRulesFrom(
        bambooConfig({ fields: { groups: ['division'] }, location_time_zones: { Berlin: 'Europe/Berlin' } }),
      ),
      NOW,
    );
    expect(mapped).toMatchObject({
      kind: 'record',
      record: {
        externalId: '7',
        identifiers: [{ type: 'employee_id', value: '42', field: 'employeeNumber' }],
        groups: ['Sales'],
        primaryGroup: 'Sales',
        timeZone: 'Europe/Berlin',
      },
    });
  });

  it('maps only the configured fields and never asks for homeEmail', () => {
    expect(requestedFields(rules.fields)).not.toContain('homeEmail');
    const mapped = mapBambooEmployee({ id: '1', homeEmail: 'me@gmail.com', workEmail: ' ' }, rules, NOW);
    expect(mapped).toMatchObject({ kind: 'record', record: { identifiers: [] } });
  });

  it('refuses homeEmail, an unknown attribute and a bad time zone in config', () => {
    const base = { company_domain: 'acme', api_key: 'k' };
    expect(bambooConfigSchema.safeParse({ ...base, fields: { email: 'homeEmail' } }).success).toBe(false);
    expect(bambooConfigSchema.safeParse({ ...base, fields: { emial: 'workEmail' } }).success).toBe(false);
    expect(
      bambooConfigSchema.safeParse({ ...base, location_time_zones: { Mars: 'Mars/Base' } }).success,
    ).toBe(false);
    expect(bambooConfigSchema.safeParse({ ...base, base_url: 'http://bamboo.example/v1' }).success).toBe(
      false,
    );
    expect(bambooConfigSchema.parse(base).base_url).toBe('https://api.bamboohr.com/api/gateway.php/acme/v1');
  });
});
