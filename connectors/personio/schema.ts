// The personio kind's own config keys (id, kind, schedule, precedence, on_disable and max_retries
// are validated centrally), and the Personio payloads it reads. Every key is documented here and
// in README.md, with its default.
import { z } from 'zod';
import { endpointUrl, timeZoneMap } from '../shared/hr.ts';

/** An employee attribute's key in `data[].attributes`: `email`, `department`, `dynamic_123456`. */
const attributeKey = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]*$/, 'expected a Personio attribute key such as email or dynamic_123456');

/**
 * idsync attribute -> Personio attribute key (Settings > API credentials lists the readable ones;
 * custom attributes are `dynamic_<id>`). Strict, so a misspelt attribute fails at boot.
 */
export const personioFieldsSchema = z.strictObject({
  /** Personio has no standard employee-number attribute: usually a custom one (`dynamic_...`). */
  employee_id: attributeKey.nullable().default(null),
  email: attributeKey.nullable().default('email'),
  display_name: attributeKey.nullable().default('preferred_name'),
  /** Used when the display name is empty. */
  first_name: attributeKey.nullable().default('first_name'),
  last_name: attributeKey.nullable().default('last_name'),
  groups: z.array(attributeKey).default(['department']),
  primary_group: attributeKey.nullable().default('department'),
  /** Looked up in office_time_zones. */
  office: attributeKey.nullable().default('office'),
  /** `inactive` -> terminated. */
  status: attributeKey.nullable().default('status'),
  /** A date before today (UTC) -> terminated. */
  termination_date: attributeKey.nullable().default('termination_date'),
});

export type PersonioFields = z.output<typeof personioFieldsSchema>;
export type PersonioFieldKey = keyof PersonioFields;

export const personioConfigSchema = z.object({
  /** The API credential's client id (Settings > Integrations > API credentials). */
  client_id: z.string().trim().min(1, 'expected the client id'),
  /** Secret. Sent only to the auth endpoint; never logged. */
  client_secret: z.string().trim().min(1, 'expected the client secret'),
  /** https, or http on loopback. Default https://api.personio.de/v1. */
  base_url: endpointUrl('base_url')
    .default('https://api.personio.de/v1')
    .transform((url) => url.replace(/\/+$/, '')),
  fields: personioFieldsSchema.default(personioFieldsSchema.parse({})),
  /** Personio office name -> IANA time zone. An office not listed leaves the time zone unset. */
  office_time_zones: timeZoneMap(),
});

export type PersonioConfig = z.output<typeof personioConfigSchema>;

// --- Personio payloads. Permissive: only what is read is declared; employees are checked one by
// one in mapping.ts so one bad employee is quarantined instead of failing the page.

/** `POST /auth`: `{ success, data: { token, expires_in } }`. */
export const authResponseSchema = z.looseObject({
  success: z.literal(true),
  data: z.looseObject({ token: z.string().min(1), expires_in: z.number().positive().optional() }),
});

/** `GET /company/employees`: one page. */
export const employeesPageSchema = z.looseObject({
  success: z.literal(true),
  metadata: z.looseObject({ total_elements: z.number().int().nonnegative().optional() }).optional(),
  data: z.array(z.unknown()),
});
export type EmployeesPage = z.output<typeof employeesPageSchema>;
