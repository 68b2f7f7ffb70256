import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { recordActivity } from '../../src/admin/activity-service.ts';
import { exportUsersCsv } from '../../src/admin/export-service.ts';
import { USERS_CSV_COLUMNS } from '../../src/domain/users-csv.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { addUser, NOW, useDatabase } from './fixtures.ts';

function rowsOf(csv: string): string[][] {
  return parse(csv, { relax_column_count: false }) as string[][];
}

describe.each(DATABASE_KINDS)('exportUsersCsv on %s', (kind) => {
  const database = useDatabase(kind);

  it('exports one row per agent, grouped by user, and one row for a user without agents', async () => {
    const { db } = database();
    const withAgents = await addUser(db, {
      displayName: 'Dana Field',
      identifiers: [{ type: 'device_login', value: 'dana', domain: '*' }],
    });
    const without = await addUser(db, { identifiers: [{ type: 'email', value: 'solo@acme.com' }] });
    await recordActivity(
      db,
      [
        { username: 'dana', logonDomain: 'LAPTOP', at: new Date('2025-03-01T08:00:00Z') },
        { username: 'dana', logonDomain: 'DESKTOP', at: new Date('2025-03-02T08:00:00Z') },
      ],
      NOW,
    );
    const [header, ...rows] = rowsOf(await exportUsersCsv(db, {}, NOW));
    expect(header).toEqual([...USERS_CSV_COLUMNS]);
    expect(rows.map((row) => [row[0], row[1], row[10], row[11], row[14]])).toEqual([
      [String(withAgents.id), 'Dana Field', 'dana', 'LAPTOP', 'Active'],
      [String(withAgents.id), 'Dana Field', 'dana', 'DESKTOP', 'Active'],
      [String(without.id), 'solo@acme.com', '', '', 'Unlicensed'],
    ]);
  });

  it('exports only the users of the current filtered view', async () => {
    const { db } = database();
    await addUser(db, { displayName: 'Named', identifiers: [{ type: 'email', value: 'named@acme.com' }] });
    const anonymous = await addUser(db, { identifiers: [{ type: 'email', value: 'anon@acme.com' }] });
    const untracked = await addUser(db, {
      identifiers: [{ type: 'email', value: 'off@acme.com' }],
      tracking: 'untracked',
    });
    const [, ...rows] = rowsOf(
      await exportUsersCsv(db, { displayName: 'without', tracking: 'tracked' }, NOW),
    );
    expect(rows.map((row) => row[0])).toEqual([String(anonymous.id)]);
    const [, ...untrackedRows] = rowsOf(await exportUsersCsv(db, { tracking: 'untracked' }, NOW));
    expect(untrackedRows.map((row) => [row[0], row[6]])).toEqual([[String(untracked.id), 'Untracked']]);
  });

  it('makes a cell that would start a spreadsheet formula inert', async () => {
    const { db } = database();
    await addUser(db, { displayName: '=HYPERLINK("http://evil.example","x")' });
    const [, row] = rowsOf(await exportUsersCsv(db, {}, NOW));
    expect(row?.[2]).toBe('\'=HYPERLINK("http://evil.example","x")');
  });
});
