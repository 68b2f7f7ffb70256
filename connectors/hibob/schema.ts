// The hibob kind's own config keys (id, kind, schedule, precedence, on_disable and max_retries are
// validated centrally). Every key is documented here and in README.md, with its default.
import { z } from 'zod';
import { endpointUrl, timeZoneMap } from '../shared/hr.ts';

/** Bob's field id: `<category>.<field>`, `root.*` for the top-level ones. */
const fieldId = z
  .string()
  .trim()
  .regex(/^[A-Za-z][\w]*(\.[\w]+)+$/, 'expected a Bob field id such as work.department or root.email');

/** Personal: it does not identify an employee, and importing it would leak it into reports. */
export const PERSONAL_EMAIL_FIELD = 'home.privateEmail';

/**
 * idsync attribute -> Bob field id (Settings > People's data, or GET /company/people/fields).
 * Strict, so a misspelt attribute fails at boot instead of silently mapping nothing.
 */
export const hibobFieldsSchema = z.strictObject({
  employee_id: fieldId.nullable().default('work.employeeIdInCompany'),
  email: fieldId
    .refine((id) => id !== PERSONAL_EMAIL_FIELD, `${PERSONAL_EMAIL_FIELD} is personal and is never imported`)
    .nullable()
    .default('root.email'),
  display_name: fieldId.nullable().default('root.displayName'),
  /** Used when the display name is empty. */
  first_name: fieldId.nullable().default('root.firstName'),
  last_name: fieldId.nullable().default('root.surname'),
  groups: z.array(fieldId).default(['work.department']),
  primary_group: fieldId.nullable().default('work.department'),
  /** Looked up in site_time_zones. */
  site: fieldId.nullable().default('work.site'),
  /** `terminated` -> terminated. */
  lifecycle_status: fieldId.nullable().default('internal.lifecycleStatus'),
  /** A date before today (UTC) -> terminated. */
  termination_date: fieldId.nullable().default('internal.terminationDate'),
});

export type HibobFields = z.output<typeof hibobFieldsSchema>;
export type HibobFieldKey = keyof HibobFields;

export const hibobConfigSchema = z.object({
  /** The API service user's ID (Settings > Integrations > Service users). */
  service_user_id: z.string().trim().min(1, "expected the service user's ID"),
  /** Secret: the service user's token. Never logged. */
  token: z.string().trim().min(1, "expected the service user's token"),
  /** https, or http on loopback. Default https://api.hibob.com/v1. */
  base_url: endpointUrl('base_url')
    .default('https://api.hibob.com/v1')
    .transform((url) => url.replace(/\/+$/, '')),
  fields: hibobFieldsSchema.default(hibobFieldsSchema.parse({})),
  /** Bob site -> IANA time zone. A site not listed leaves the time zone unset. */
  site_time_zones: timeZoneMap(),
});

export type HibobConfig = z.output<typeof hibobConfigSchema>;
