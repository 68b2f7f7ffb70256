// The csv kind's own config keys (id, kind, schedule, precedence, on_disable and max_retries are
// validated centrally). Every key is documented here and in README.md, with its default.
import { z } from 'zod';

/** Status cells (compared trimmed, case-insensitively) that mean "employed". */
export const DEFAULT_ACTIVE_VALUES = ['active', 'enabled', 'true', '1', 'yes'];
/** Status cells that mean "employment ended": the record becomes `terminated`. */
export const DEFAULT_INACTIVE_VALUES = ['terminated', 'inactive', 'disabled', 'false', '0', 'no'];

export const TERMINATION_DATE_FORMATS = ['YYYY-MM-DD', 'DD/MM/YYYY', 'MM/DD/YYYY', 'DD.MM.YYYY'] as const;
export type TerminationDateFormat = (typeof TERMINATION_DATE_FORMATS)[number];

const headerName = z.string().trim().min(1, 'expected a header name');

/**
 * SourceRecord field -> the header name of the column holding it. Strict, so a misspelt field
 * (`emial`) fails at boot instead of silently mapping nothing.
 */
export const csvColumnsSchema = z.strictObject({
  /** The HRIS's own immutable id for the person (employee number, worker id). Required. */
  external_id: headerName,
  upn: headerName.optional(),
  email: headerName.optional(),
  employee_id: headerName.optional(),
  /** `DOMAIN\user`, `*\user` (any domain) or a bare `user` (any domain). */
  device_login: headerName.optional(),
  display_name: headerName.optional(),
  /** Used, with last_name, when display_name is not mapped or its cell is empty. */
  first_name: headerName.optional(),
  last_name: headerName.optional(),
  /** IANA zone name, e.g. `Europe/Berlin`. */
  time_zone: headerName.optional(),
  groups: headerName.optional(),
  primary_group: headerName.optional(),
  /** Compared against active_values / inactive_values. */
  status: headerName.optional(),
  /** A date before today (UTC) makes the record terminated, whatever its status says. */
  termination_date: headerName.optional(),
});

const statusValues = z.array(z.string().trim().min(1)).min(1);

export const csvConfigSchema = z
  .object({
    /** The file to read on every run; relative paths resolve against the working directory. */
    path: z.string().trim().min(1, 'expected the path of the CSV file'),
    columns: csvColumnsSchema,
    /** Field delimiter: `,` by default; `;` and `\t` are common in European exports. */
    delimiter: z
      .string()
      .min(1)
      .refine((value) => !/["\r\n]/.test(value), 'a delimiter cannot contain a quote or a line break')
      .default(','),
    /** Separates several values in one cell (two emails, several groups). */
    multi_value_separator: z.string().min(1).default(';'),
    /** Only UTF-8 (with or without a byte order mark) is read. */
    encoding: z.literal('utf-8').default('utf-8'),
    active_values: statusValues.default(DEFAULT_ACTIVE_VALUES),
    inactive_values: statusValues.default(DEFAULT_INACTIVE_VALUES),
    /** How termination_date cells are written. */
    termination_date_format: z.enum(TERMINATION_DATE_FORMATS).default('YYYY-MM-DD'),
  })
  .superRefine((config, ctx) => {
    const active = new Set(config.active_values.map((value) => value.toLowerCase()));
    const both = config.inactive_values.filter((value) => active.has(value.toLowerCase()));
    if (both.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['inactive_values'],
        message: `${both.map((value) => `"${value}"`).join(', ')} cannot be both an active and an inactive value`,
      });
    }
  });

export type CsvColumns = z.output<typeof csvColumnsSchema>;
export type CsvColumnField = keyof CsvColumns;
export type CsvConfig = z.output<typeof csvConfigSchema>;
