// The workday kind's own config keys (id, kind, schedule, precedence, on_disable and max_retries
// are validated centrally). Every key is documented here and in README.md, with its default.
import { z } from 'zod';
import { endpointUrl, timeZoneMap } from '../shared/hr.ts';

const reportField = z.string().trim().min(1, "expected the report's field name (e.g. Work_Email)");

/**
 * idsync attribute -> the report's own field name (as in the JSON: `Employee_ID`, `Work_Email`).
 * Strict, so a misspelt attribute fails at boot instead of silently mapping nothing. The defaults
 * are the names CONTRACT.md's example report uses.
 */
export const workdayFieldsSchema = z.strictObject({
  /** The worker's immutable id in the report (Employee ID or Workday ID). Required in every row. */
  external_id: reportField.default('Employee_ID'),
  employee_id: reportField.nullable().default('Employee_ID'),
  /** Several emails in one field: an array, a group of objects, or text joined by multi_value_separator. */
  email: reportField.nullable().default('Work_Email'),
  upn: reportField.nullable().default(null),
  display_name: reportField.nullable().default('Preferred_Name'),
  /** Used when the display name is empty. */
  first_name: reportField.nullable().default(null),
  last_name: reportField.nullable().default(null),
  groups: z.array(reportField).default([]),
  primary_group: reportField.nullable().default(null),
  /** Looked up in location_time_zones. */
  location: reportField.nullable().default(null),
  /** `0`/`false` -> terminated; `1`/`true` -> active whatever the termination date says (a rehire). */
  active: reportField.nullable().default('Active_Status'),
  /** Without an active status: a date before today (UTC) -> terminated. */
  termination_date: reportField.nullable().default('Termination_Date'),
});

export type WorkdayFields = z.output<typeof workdayFieldsSchema>;
export type WorkdayFieldKey = keyof WorkdayFields;

const secret = (what: string) => z.string().trim().min(1, `expected the ${what}`);

export const workdayConfigSchema = z
  .object({
    /**
     * The report's REST URL (Actions > Web Service > View URLs), with or without `?format=json`:
     * https://<host>/ccx/service/customreport2/<tenant>/<owner>/<report>.
     */
    report_url: endpointUrl('report_url').refine(
      (value) => /\/ccx\/service\/customreport2\/[^/]+\/[^/]+\/[^/?]+/.test(new URL(value).pathname),
      'expected a report URL: https://<host>/ccx/service/customreport2/<tenant>/<owner>/<report>',
    ),
    /** The integration system user (ISU), for Basic auth. */
    username: z.string().trim().min(1).optional(),
    /** Secret: the ISU's password. Never logged. */
    password: secret('password').optional(),
    /** OAuth 2.0 instead of Basic auth: an API client for integrations with a non-expiring refresh token. */
    client_id: z.string().trim().min(1).optional(),
    /** Secret. */
    client_secret: secret('client secret').optional(),
    /** Secret. */
    refresh_token: secret('refresh token').optional(),
    /** Default: https://<report host>/ccx/oauth2/<tenant>/token. */
    token_url: endpointUrl('token_url').optional(),
    fields: workdayFieldsSchema.default(workdayFieldsSchema.parse({})),
    /** Separates several values in one text field (`a@acme.com; b@acme.com`). */
    multi_value_separator: z.string().min(1).default(';'),
    /** Workday location -> IANA time zone. A location not listed leaves the time zone unset. */
    location_time_zones: timeZoneMap(),
  })
  .superRefine((config, ctx) => {
    const oauth = [config.client_id, config.client_secret, config.refresh_token];
    const basic = config.username !== undefined || config.password !== undefined;
    if (oauth.some((value) => value !== undefined)) {
      for (const [key, value] of [
        ['client_id', config.client_id],
        ['client_secret', config.client_secret],
        ['refresh_token', config.refresh_token],
      ] as const) {
        if (value === undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'required for OAuth' });
      }
      if (basic)
        ctx.addIssue({
          code: 'custom',
          path: ['password'],
          message: 'give username/password or OAuth keys, not both',
        });
      return;
    }
    if (config.username === undefined)
      ctx.addIssue({ code: 'custom', path: ['username'], message: 'required' });
    if (config.password === undefined)
      ctx.addIssue({ code: 'custom', path: ['password'], message: 'required' });
  })
  .transform((config) => {
    const url = new URL(config.report_url);
    url.searchParams.set('format', 'json');
    const tenant = /\/ccx\/service\/customreport2\/([^/]+)\//.exec(url.pathname)?.[1] ?? '';
    return {
      ...config,
      report_url: url.toString(),
      tenant,
      token_url: config.token_url ?? `${url.origin}/ccx/oauth2/${tenant}/token`,
    };
  });

export type WorkdayConfig = z.output<typeof workdayConfigSchema>;

/** The token endpoint's answer (RFC 6749 §5.1); only what is read. */
export const tokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.number().positive().optional(),
});
