// One BambooHR report row -> a SourceRecord, or the reason it cannot be one. Pure: the clock
// comes in as `now`.
import type { InvalidSourceRecord, SourceRecord } from '../types.ts';
import type { BambooConfig, BambooFieldKey, BambooFields } from './schema.ts';

export interface BambooMappingRules {
  fields: BambooFields;
  locationTimeZones: Readonly<Record<string, string>>;
}

export type MappedEmployee =
  { kind: 'record'; record: SourceRecord } | { kind: 'invalid'; invalid: InvalidSourceRecord };

export function mappingRulesFrom(config: BambooConfig): BambooMappingRules {
  return { fields: config.fields, locationTimeZones: config.location_time_zones };
}

/** The BambooHR fields to ask the report for: every mapped one, once, in a stable order. */
export function requestedFields(fields: BambooFields): string[] {
  const names: string[] = [];
  for (const value of Object.values(fields)) {
    for (const name of Array.isArray(value) ? value : [value]) {
      if (name !== null && !names.includes(name)) names.push(name);
    }
  }
  return names;
}

/** Mapped attributes whose BambooHR field is `name` (to name them in a warning). */
export function attributesOf(fields: BambooFields, name: string): BambooFieldKey[] {
  return (Object.entries(fields) as Array<[BambooFieldKey, BambooFields[BambooFieldKey]]>)
    .filter(([, value]) => (Array.isArray(value) ? value.includes(name) : value === name))
    .map(([key]) => key);
}

export function mapBambooEmployee(row: unknown, rules: BambooMappingRules, now: Date): MappedEmployee {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) {
    return invalid(null, 'report row is not an object');
  }
  const values = row as Record<string, unknown>;
  const externalId = idOf(values.id);
  if (externalId === null) return invalid(null, 'report row has no employee id');

  const { fields } = rules;
  const read = textReader(values);
  const problems: string[] = [];
  const text = (name: string | null): string | null => {
    if (name === null) return null;
    const result = read(name);
    if (!result.ok) problems.push(result.reason);
    return result.ok ? result.value : null;
  };

  const employeeNumber = text(fields.employee_id);
  const email = text(fields.email);
  const displayName = text(fields.display_name) ?? joinName(text(fields.first_name), text(fields.last_name));
  const groups: string[] = [];
  for (const name of fields.groups) {
    const group = text(name);
    if (group !== null && !groups.includes(group)) groups.push(group);
  }
  const primaryGroup = text(fields.primary_group);
  // The domain requires the primary group to be one of the user's groups; BambooHR implies it.
  if (primaryGroup !== null && !groups.includes(primaryGroup)) groups.push(primaryGroup);
  const location = text(fields.location);
  const status = text(fields.status);
  const terminationDate = text(fields.termination_date);
  if (problems.length > 0) return invalid(externalId, `employee ${externalId}: ${problems.join('; ')}`);

  const terminated = isTerminated(status, terminationDate, now);
  if (terminated === 'bad_date') {
    return invalid(
      externalId,
      `employee ${externalId}: ${fields.termination_date} "${terminationDate}" is not a YYYY-MM-DD date`,
    );
  }

  return {
    kind: 'record',
    record: {
      externalId,
      identifiers: [
        ...(email === null || fields.email === null
          ? []
          : [{ type: 'email' as const, value: email, field: fields.email }]),
        ...(employeeNumber === null || fields.employee_id === null
          ? []
          : [{ type: 'employee_id' as const, value: employeeNumber, field: fields.employee_id }]),
      ],
      displayName,
      timeZone: location === null ? null : (rules.locationTimeZones[location] ?? null),
      groups,
      primaryGroup,
      state: terminated ? 'terminated' : 'active',
    },
  };
}

/**
 * `status: Inactive`, or a termination date before today (UTC). A date today or later is a
 * scheduled leaver who still works. BambooHR writes "no date" as `0000-00-00`.
 */
export function isTerminated(
  status: string | null,
  terminationDate: string | null,
  now: Date,
): boolean | 'bad_date' {
  const inactive = status !== null && status.toLowerCase() === 'inactive';
  if (terminationDate === null || /^0000-00-00/.test(terminationDate)) return inactive;
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(terminationDate);
  if (match === null) return 'bad_date';
  const [, year, month, day] = match;
  const date = Date.UTC(Number(year), Number(month) - 1, Number(day));
  if (Number.isNaN(date) || new Date(date).getUTCDate() !== Number(day)) return 'bad_date';
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return inactive || date < today;
}

function idOf(value: unknown): string | null {
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

type TextReading = { ok: true; value: string | null } | { ok: false; reason: string };

/** A field's value trimmed; null, absent and empty are "no value"; objects and arrays are malformed. */
function textReader(values: Record<string, unknown>): (name: string) => TextReading {
  return (name) => {
    const value = values[name];
    if (value === undefined || value === null) return { ok: true, value: null };
    if (typeof value === 'number' || typeof value === 'boolean') return { ok: true, value: String(value) };
    if (typeof value !== 'string') return { ok: false, reason: `${name} is not a text value` };
    const trimmed = value.trim();
    return { ok: true, value: trimmed === '' ? null : trimmed };
  };
}

function joinName(firstName: string | null, lastName: string | null): string | null {
  const parts = [firstName, lastName].filter((part) => part !== null);
  return parts.length === 0 ? null : parts.join(' ');
}

function invalid(externalId: string | null, reason: string): MappedEmployee {
  return { kind: 'invalid', invalid: { externalId, reason } };
}
