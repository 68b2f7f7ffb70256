import { describe, expect, it } from 'vitest';
import { csvConfigSchema, DEFAULT_ACTIVE_VALUES, DEFAULT_INACTIVE_VALUES } from './schema.ts';

describe('csvConfigSchema', () => {
  it('fills every default', () => {
    const config = csvConfigSchema.parse({ path: './hris.csv', columns: { external_id: 'Id' } });
    expect(config).toEqual({
      path: './hris.csv',
      columns: { external_id: 'Id' },
      delimiter: ',',
      multi_value_separator: ';',
      encoding: 'utf-8',
      active_values: DEFAULT_ACTIVE_VALUES,
      inactive_values: DEFAULT_INACTIVE_VALUES,
      termination_date_format: 'YYYY-MM-DD',
    });
  });

  it('requires the path and the external id column', () => {
    const result = csvConfigSchema.safeParse({ columns: {} });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['path', 'columns.external_id']));
  });

  it('refuses an unknown field under columns, so a typo does not map nothing', () => {
    const result = csvConfigSchema.safeParse({
      path: 'a.csv',
      columns: { external_id: 'Id', emial: 'Email' },
    });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('emial');
  });

  it('refuses an encoding other than utf-8', () => {
    const result = csvConfigSchema.safeParse({
      path: 'a.csv',
      columns: { external_id: 'Id' },
      encoding: 'latin1',
    });
    expect(result.error?.issues[0]?.path).toEqual(['encoding']);
  });

  it('refuses a status value that is both active and inactive', () => {
    const result = csvConfigSchema.safeParse({
      path: 'a.csv',
      columns: { external_id: 'Id' },
      active_values: ['Active', 'No'],
    });
    expect(result.error?.issues[0]?.path).toEqual(['inactive_values']);
    expect(result.error?.issues[0]?.message).toContain('"no"');
  });

  it('refuses a delimiter holding a quote or a line break', () => {
    const result = csvConfigSchema.safeParse({
      path: 'a.csv',
      columns: { external_id: 'Id' },
      delimiter: '"',
    });
    expect(result.error?.issues[0]?.path).toEqual(['delimiter']);
  });
});
