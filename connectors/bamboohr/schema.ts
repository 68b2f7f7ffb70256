// The bamboohr kind's own config keys (id, kind, schedule, precedence, on_disable and max_retries
// are validated centrally), and the BambooHR payloads it reads. Every key is documented here and
// in README.md, with its default.
import { z } from 'zod';
import { isValidTimeZone } from '../../src/domain/time-zones.ts';

/** Personal: it does not identify an employee, and importing it would leak it into reports. */
export const PERSONAL_EMAIL_FIELD = 'homeEmail';

const fieldName = z
  .string()
  .trim()
  .min(1, 'expected a BambooHR field name')
  .refine(
    (name) => name !== PERSONAL_EMAIL_FIELD,
    `${PERSONAL_EMAIL_FIELD} is personal and is never imported`,
  );

/**
 * idsync attribute -> BambooHR field name (the API's field ids, as in the custom report). Strict,
 * so a misspelt attribute fails at boot instead of silently mapping nothing.
 */
export const bambooFieldsSchema = z.strictObject({
  employee_id: fieldName.default('employeeNumber'),
  email: fieldName.default('workEmail'),
  display_name: fieldName.default('displayName'),
  /** Used when the display name field is empty. */
  first_name: fieldName.default('firstName'),
  last_name: fieldName.default('lastName'),
  groups: z.array(fieldName).default(['department', 'division']),
  /** null: no primary group from BambooHR. */
  primary_group: fieldName.nullable().default('department'),
  /** Looked up in location_time_zones. */
  location: fieldName.default('location'),
  /** `Inactive` -> terminated. */
  status: fieldName.default('status'),
  /** A date before today (UTC) -> terminated; `0000-00-00` is none. */
  termination_date: fieldName.default('terminationDate'),
});

export type BambooFields = z.output<typeof bambooFieldsSchema>;
export type BambooFieldKey = keyof BambooFields;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export const bambooConfigSchema = z
  .object({
    /** The account's subdomain: `acme` for acme.bamboohr.com. */
    company_domain: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9-]*$/i, 'expected the subdomain only (acme for acme.bamboohr.com)'),
    /** Secret. Sent as the Basic-auth user name (password `x`); never logged. */
    api_key: z.string().trim().min(1, 'expected the API key'),
    /** Default: https://api.bamboohr.com/api/gateway.php/<company_domain>/v1. https, or http on loopback. */
    base_url: z
      .url()
      .refine((value) => {
        const url = new URL(value);
        return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
      }, 'must be https:// (plain http only on localhost: the API key travels in every request)')
      .optional(),
    fields: bambooFieldsSchema.default(bambooFieldsSchema.parse({})),
    /** BambooHR location -> IANA time zone. A location not listed leaves the time zone unset. */
    location_time_zones: z
      .record(
        z.string(),
        z
          .string()
          .refine(isValidTimeZone, { error: (issue) => `"${String(issue.input)}" is not an IANA time zone` }),
      )
      .default({}),
    /** Requests in flight at once (BambooHR throttles busy keys with 503). */
    concurrency: z.int().min(1).max(10).default(2),
  })
  .transform((config) => ({
    ...config,
    base_url: (
      config.base_url ?? `https://api.bamboohr.com/api/gateway.php/${config.company_domain}/v1`
    ).replace(/\/+$/, ''),
  }));

export type BambooConfig = z.output<typeof bambooConfigSchema>;

// --- BambooHR payloads. Permissive: only what is read is declared; rows are checked one by one
// in mapping.ts so one bad row is quarantined instead of failing the page.

/** `POST /reports/custom?format=JSON`: the fields it returned and one object per employee. */
export const customReportSchema = z.object({
  fields: z.array(z.looseObject({ id: z.union([z.string(), z.number()]).transform(String) })).default([]),
  employees: z.array(z.unknown()),
});
export type CustomReport = z.output<typeof customReportSchema>;

const changeSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).transform(String).optional(),
  action: z.string(),
  lastChanged: z.string().optional(),
});

/**
 * `GET /employees/changed?since=`: changes keyed by employee id. An empty result may come as `[]`
 * (PHP's empty array), so both shapes are read.
 */
export const changedEmployeesSchema = z.object({
  latest: z.string().nullable().optional(),
  employees: z.union([z.record(z.string(), changeSchema), z.array(changeSchema).max(0)]).default({}),
});
export type ChangedEmployees = z.output<typeof changedEmployeesSchema>;
