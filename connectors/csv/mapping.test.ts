import { describe, expect, it } from 'vitest';
import { valuesOf } from '../types.ts';
import type { ColumnLayout } from './header.ts';
import {
  createRowMapper,
  invalidMalformedRow,
  type MappedRow,
  mapCsvRow,
  mappingRulesFrom,
} from './mapping.ts';
import { csvConfigSchema } from './schema.ts';

const HEADER = [
  'Id',
  'Email',
  'UPN',
  'Login',
  'Name',
  'First',
  'Last',
  'TZ',
  'Teams',
  'Dept',
  'Status',
  'Left On',
  'Emp No',
];
const config = csvConfigSchema.parse({
  path: 'people.csv',
  columns: {
    external_id: 'Id',
    email: 'Email',
    upn: 'UPN',
    device_login: 'Login',
    display_name: 'Name',
    first_name: 'First',
    last_name: 'Last',
    time_zone: 'TZ',
    groups: 'Teams',
    primary_group: 'Dept',
    status: 'Status',
    termination_date: 'Left On',
    employee_id: 'Emp No',
  },
});
const layout: ColumnLayout = {
  external_id: 0,
  email: 1,
  upn: 2,
  device_login: 3,
  display_name: 4,
  first_name: 5,
  last_name: 6,
  time_zone: 7,
  groups: 8,
  primary_group: 9,
  status: 10,
  termination_date: 11,
  employee_id: 12,
};
const rules = mappingRulesFrom(config);
const NOW = new Date('2025-06-15T12:00:00Z');

function row(cells: Partial<Record<string, string>>): string[] {
  return HEADER.map((name) => cells[name] ?? '');
}

function map(cells: Partial<Record<string, string>>, line = 2): MappedRow {
  return mapCsvRow(row(cells), line, layout, rules, NOW);
}

function recordOf(mapped: MappedRow) {
  if (mapped.kind !== 'record') throw new Error(`expected a record, got ${JSON.stringify(mapped)}`);
  return mapped.record;
}

function invalidOf(mapped: MappedRow) {
  if (mapped.kind !== 'invalid') throw new Error(`expected an invalid row, got ${JSON.stringify(mapped)}`);
  return mapped.invalid;
}

describe('mapCsvRow', () => {
  it('maps every mapped column into the SourceRecord, trimming values', () => {
    const record = recordOf(
      map({
        Id: ' 42 ',
        Email: ' ada@acme.example ',
        UPN: 'ada@corp.example',
        Login: 'ACME\\ada',
        Name: ' Ada Lovelace ',
        TZ: 'Europe/London',
        Teams: 'Engineering',
        Dept: 'Engineering',
        Status: 'Active',
        'Emp No': 'E-42',
      }),
    );
    expect(record).toEqual({
      externalId: '42',
      identifiers: [
        { type: 'upn', value: 'ada@corp.example', field: 'UPN' },
        { type: 'email', value: 'ada@acme.example', field: 'Email' },
        { type: 'employee_id', value: 'E-42', field: 'Emp No' },
        { type: 'device_login', value: 'ada', domain: 'ACME', field: 'Login' },
      ],
      displayName: 'Ada Lovelace',
      timeZone: 'Europe/London',
      groups: ['Engineering'],
      primaryGroup: 'Engineering',
      state: 'active',
    });
  });

  it('treats an empty or blank cell as an absent value', () => {
    const record = recordOf(map({ Id: '7', Email: '   ', Name: '', TZ: ' ', Dept: '' }));
    expect(valuesOf(record, 'email')).toEqual([]);
    expect(record.displayName).toBeNull();
    expect(record.timeZone).toBeNull();
    expect(record.primaryGroup).toBeNull();
  });

  it('splits multi-value cells on the separator, dropping empty parts and repeats', () => {
    const record = recordOf(map({ Id: '7', Email: 'a@x.example; b@x.example;;a@x.example ;', Teams: 'A;B' }));
    expect(valuesOf(record, 'email')).toEqual(['a@x.example', 'b@x.example']);
    expect(record.groups).toEqual(['A', 'B']);
  });

  it('falls back to first and last name when the display name is absent', () => {
    expect(recordOf(map({ Id: '1', First: 'Grace', Last: 'Hopper' })).displayName).toBe('Grace Hopper');
    expect(recordOf(map({ Id: '1', First: 'Grace' })).displayName).toBe('Grace');
    expect(recordOf(map({ Id: '1', Last: 'Hopper' })).displayName).toBe('Hopper');
    expect(recordOf(map({ Id: '1', Name: 'Amazing Grace', First: 'Grace' })).displayName).toBe(
      'Amazing Grace',
    );
  });

  it('reads device logins as DOMAIN\\user, where * or no domain matches any domain', () => {
    const record = recordOf(map({ Id: '1', Login: 'ACME\\ada; *\\lovelace; ada2' }));
    expect(record.identifiers).toEqual([
      { type: 'device_login', value: 'ada', domain: 'ACME', field: 'Login' },
      { type: 'device_login', value: 'lovelace', domain: '*', field: 'Login' },
      { type: 'device_login', value: 'ada2', domain: '*', field: 'Login' },
    ]);
  });

  it('adds the primary group to the groups when the groups cell leaves it out', () => {
    const record = recordOf(map({ Id: '1', Teams: 'Analytics', Dept: 'Engineering' }));
    expect(record.groups).toEqual(['Analytics', 'Engineering']);
    expect(record.primaryGroup).toBe('Engineering');
  });

  it('quarantines a row without an external id, naming its line and the column', () => {
    const invalid = invalidOf(map({ Id: '  ', Email: 'x@acme.example' }, 9));
    expect(invalid.externalId).toBeNull();
    expect(invalid.reason).toContain('line 9');
    expect(invalid.reason).toContain('"Id"');
  });

  it('ignores a row whose cells are all empty, like a blank line', () => {
    expect(mapCsvRow(['', ' ', ''], 3, { external_id: 0 }, rules, NOW)).toEqual({ kind: 'blank' });
  });
});

describe('record state', () => {
  it('terminates a row whose status is an inactive value, case-insensitively', () => {
    expect(recordOf(map({ Id: '1', Status: 'TERMINATED' })).state).toBe('terminated');
    expect(recordOf(map({ Id: '1', Status: ' no ' })).state).toBe('terminated');
    expect(recordOf(map({ Id: '1', Status: 'Enabled' })).state).toBe('active');
  });

  it('treats a row without a status as active', () => {
    expect(recordOf(map({ Id: '1' })).state).toBe('active');
  });

  it('quarantines a status that is in neither list, naming the value', () => {
    const invalid = invalidOf(map({ Id: '5', Status: 'On Leave' }, 4));
    expect(invalid.externalId).toBe('5');
    expect(invalid.reason).toContain('line 4');
    expect(invalid.reason).toContain('"On Leave"');
    expect(invalid.reason).toContain('active_values');
  });

  it('terminates a row whose termination date is past, even with an active status', () => {
    expect(recordOf(map({ Id: '1', Status: 'Active', 'Left On': '2025-06-14' })).state).toBe('terminated');
  });

  it('keeps a row active on its termination date and before it', () => {
    expect(recordOf(map({ Id: '1', 'Left On': '2025-06-15' })).state).toBe('active');
    expect(recordOf(map({ Id: '1', 'Left On': '2026-01-01' })).state).toBe('active');
  });

  it('ignores a "0000-00-00" termination date', () => {
    expect(recordOf(map({ Id: '1', 'Left On': '0000-00-00' })).state).toBe('active');
  });

  it('quarantines a termination date it cannot read, naming the expected format', () => {
    const invalid = invalidOf(map({ Id: '1', 'Left On': '14/06/2025' }));
    expect(invalid.reason).toContain('"14/06/2025"');
    expect(invalid.reason).toContain('YYYY-MM-DD');
  });

  it('reads termination dates in the configured format', () => {
    const dayFirst = mappingRulesFrom({ ...config, termination_date_format: 'DD/MM/YYYY' });
    const cells = row({ Id: '1', 'Left On': '14/06/2025' });
    expect(mapCsvRow(cells, 2, layout, dayFirst, NOW)).toMatchObject({ record: { state: 'terminated' } });
  });
});

describe('createRowMapper', () => {
  it('quarantines a repeated external id, naming both lines, and keeps the first row', () => {
    const mapRow = createRowMapper(layout, rules, NOW);
    const first = mapRow(row({ Id: '42', Email: 'first@acme.example' }), 3);
    const second = mapRow(row({ Id: '42', Email: 'second@acme.example' }), 11);
    expect(valuesOf(recordOf(first), 'email')).toEqual(['first@acme.example']);
    const invalid = invalidOf(second);
    expect(invalid.externalId).toBe('42');
    expect(invalid.reason).toContain('duplicate external id');
    expect(invalid.reason).toContain('line 11');
    expect(invalid.reason).toContain('line 3');
  });

  it('lets a quarantined row claim its external id, so a later repeat is not taken instead', () => {
    const mapRow = createRowMapper(layout, rules, NOW);
    invalidOf(mapRow(row({ Id: '42', Status: 'On Leave' }), 2));
    expect(invalidOf(mapRow(row({ Id: '42', Status: 'Active' }), 3)).reason).toContain(
      'duplicate external id',
    );
  });
});

describe('invalidMalformedRow', () => {
  it('names the line and both field counts, keeping the likely external id', () => {
    const invalid = invalidMalformedRow(['77', 'a'], 6, 3, { external_id: 0 });
    expect(invalid.externalId).toBe('77');
    expect(invalid.reason).toContain('line 6 has 2 fields where the header has 3');
  });
});
