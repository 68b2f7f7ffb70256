import { describe, expect, it } from 'vitest';
import { resolveColumnLayout } from './header.ts';

describe('resolveColumnLayout', () => {
  it('finds each mapped column by its trimmed header name', () => {
    const result = resolveColumnLayout(
      [' Employee Number ', 'Name', 'Work Email'],
      {
        external_id: 'Employee Number',
        employee_id: 'Employee Number',
        email: 'Work Email',
      },
      './hris.csv',
    );
    expect(result).toEqual({ ok: true, layout: { external_id: 0, employee_id: 0, email: 2 }, warnings: [] });
  });

  it('fails when a mapped column is missing, naming the column, the config key and the header', () => {
    const result = resolveColumnLayout(
      ['Employee Number', 'Email'],
      {
        external_id: 'Employee Number',
        email: 'Work Email',
        upn: 'UPN',
      },
      './hris.csv',
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toContain(
      'columns.email: column "Work Email" not found in ./hris.csv (header has: "Employee Number", "Email")',
    );
    expect(result.message).toContain('columns.upn: column "UPN" not found');
  });

  it('fails when a mapped column appears twice in the header, naming both positions', () => {
    const result = resolveColumnLayout(
      ['Id', 'Email', 'Email'],
      { external_id: 'Id', email: 'Email' },
      'a.csv',
    );
    expect(result).toEqual({
      ok: false,
      message:
        'columns.email: column "Email" appears 2 times in the header of a.csv (columns 2, 3); rename all but one',
    });
  });

  it('warns about a repeated column that nothing maps, without failing', () => {
    const result = resolveColumnLayout(['Id', 'Notes', 'Notes', '', ''], { external_id: 'Id' }, 'a.csv');
    expect(result).toEqual({
      ok: true,
      layout: { external_id: 0 },
      warnings: ['column "Notes" appears 2 times in the header of a.csv; it is not mapped'],
    });
  });
});
