// One Personio employee (`{ type: "Employee", attributes: { <key>: { label, value, type,
// universal_id } } }`) -> a SourceRecord, or the reason it cannot be one. Pure: the clock comes in
// as `now`. Personio leaves out the attributes the API credential may not read, so a mapped
// attribute missing from an employee is UNKNOWN: its attribute stays undefined and its identifiers
// are kept from before (`knownIdentifierFields`), never read as "none" or "terminated".
import { calendarDay, fieldNames, hrRecord, isPastDay, type MappedRow } from '../shared/hr.ts';
import type { SourceIdentifier } from '../types.ts';
import type { PersonioConfig, PersonioFields } from './schema.ts';

export interface PersonioMappingRules {
  fields: PersonioFields;
  officeTimeZones: Readonly<Record<string, string>>;
}

export function mappingRulesFrom(config: PersonioConfig): PersonioMappingRules {
  return { fields: config.fields, officeTimeZones: config.office_time_zones };
}

/** Every attribute the mapping reads, `id` first. */
export function mappedAttributes(fields: PersonioFields): string[] {
  return [...new Set(['id', ...fieldNames(fields)])];
}

/** The employee's attributes object, or null when the item is not shaped like one. */
export function attributesOfEmployee(employee: unknown): Record<string, unknown> | null {
  if (typeof employee !== 'object' || employee === null) return null;
  const attributes = (employee as { attributes?: unknown }).attributes;
  return typeof attributes === 'object' && attributes !== null && !Array.isArray(attributes)
    ? (attributes as Record<string, unknown>)
    : null;
}

export function mapPersonioEmployee(employee: unknown, rules: PersonioMappingRules, now: Date): MappedRow {
  const attributes = attributesOfEmployee(employee);
  if (attributes === null) return invalid(null, 'employee has no attributes');
  const problems: string[] = [];
  /** undefined: the attribute is not in the answer (unknown); [] / null: it has no value. */
  const values = (key: string | null): string[] | undefined => {
    if (key === null || !Object.hasOwn(attributes, key)) return undefined;
    const attribute = attributes[key];
    const value =
      typeof attribute === 'object' && attribute !== null
        ? (attribute as { value?: unknown }).value
        : attribute;
    const items = Array.isArray(value) ? value : [value];
    const texts: string[] = [];
    for (const item of items) {
      const text = textOf(item);
      if (text === undefined) problems.push(`${key} is not a text value`);
      else if (text !== null && !texts.includes(text)) texts.push(text);
    }
    return texts;
  };
  const one = (key: string | null): string | null | undefined => {
    const read = values(key);
    if (read === undefined) return undefined;
    if (read.length > 1) problems.push(`${key} holds several values where one is expected`);
    return read[0] ?? null;
  };

  const externalId = one('id');
  if (typeof externalId !== 'string') return invalid(null, 'employee has no id');
  const { fields } = rules;
  const identifiers: SourceIdentifier[] = [];
  const known: string[] = [];
  const mapped: string[] = [];
  for (const [type, key] of [
    ['email', fields.email],
    ['employee_id', fields.employee_id],
  ] as const) {
    if (key === null) continue;
    mapped.push(key);
    const value = one(key);
    if (value === undefined) continue;
    known.push(key);
    if (value !== null) identifiers.push({ type, value, field: key });
  }
  const displayName = one(fields.display_name);
  const first = one(fields.first_name);
  const last = one(fields.last_name);
  const groupLists = fields.groups.map((key) => values(key)).filter((list) => list !== undefined);
  const primaryGroup = one(fields.primary_group);
  const office = one(fields.office);
  const status = one(fields.status);
  const terminationText = one(fields.termination_date);
  if (problems.length > 0) return invalid(externalId, `employee ${externalId}: ${problems.join('; ')}`);
  const terminationDay = terminationText ? calendarDay(terminationText) : null;
  if (terminationText && terminationDay === null) {
    return invalid(
      externalId,
      `employee ${externalId}: ${fields.termination_date} "${terminationText}" is not a date`,
    );
  }

  const stateKnown = status !== undefined || terminationText !== undefined;
  const ended =
    status?.toLowerCase() === 'inactive' || (terminationDay !== null && isPastDay(terminationDay, now));
  const record = hrRecord({
    externalId,
    identifiers,
    identifierFields: { mapped, known },
    displayName,
    firstName: first,
    lastName: last,
    groups: groupLists.length > 0 ? groupLists.flat() : undefined,
    primaryGroup,
    place: office,
    timeZones: rules.officeTimeZones,
    state: stateKnown ? (ended ? 'terminated' : 'active') : undefined,
  });
  return { kind: 'record', record };
}

/** Text of a scalar, or the name of a related object (`{ type: "Department", attributes: { name } }`). */
function textOf(value: unknown): string | null | undefined {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value !== 'object' || Array.isArray(value)) return undefined;
  const related = (value as { attributes?: { name?: unknown } }).attributes?.name;
  return typeof related === 'string' ? textOf(related) : undefined;
}

function invalid(externalId: string | null, reason: string): MappedRow {
  return { kind: 'invalid', invalid: { externalId, reason } };
}
