// One Workday report entry -> a SourceRecord, or the reason it cannot be one. Pure: the clock comes
// in as `now`. Workday leaves a field out of an entry when the integration system user may not read
// it (and when it is empty), so a mapped field missing from an entry is UNKNOWN: its attribute stays
// undefined and its identifiers are kept from before (`knownIdentifierFields`), never read as
// "none" or "terminated".
import { calendarDay, hrRecord, isPastDay, type MappedRow } from '../shared/hr.ts';
import type { SourceIdentifier, SourceRecord } from '../types.ts';
import type { WorkdayConfig, WorkdayFields } from './schema.ts';

export interface WorkdayMappingRules {
  fields: WorkdayFields;
  separator: string;
  locationTimeZones: Readonly<Record<string, string>>;
}

export function mappingRulesFrom(config: WorkdayConfig): WorkdayMappingRules {
  return {
    fields: config.fields,
    separator: config.multi_value_separator,
    locationTimeZones: config.location_time_zones,
  };
}

const ACTIVE_WORDS = new Set(['1', 'true', 'yes', 'active']);
const INACTIVE_WORDS = new Set(['0', 'false', 'no', 'inactive', 'terminated']);

export function mapWorkdayEntry(entry: unknown, rules: WorkdayMappingRules, now: Date): MappedRow {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    return invalid(null, 'report entry is not an object');
  }
  const row = entry as Record<string, unknown>;
  const { fields } = rules;
  const idValues = valuesOf(row, fields.external_id, null);
  const externalId = idValues.ok && idValues.values.length === 1 ? idValues.values[0]! : null;
  if (externalId === null) {
    return invalid(null, `report entry has no single ${fields.external_id}`);
  }

  const problems: string[] = [];
  const has = (name: string | null): name is string => name !== null && Object.hasOwn(row, name);
  const list = (name: string | null, separator: string | null): string[] => {
    if (!has(name)) return [];
    const read = valuesOf(row, name, separator);
    if (!read.ok) problems.push(read.reason);
    return read.ok ? read.values : [];
  };
  const one = (name: string | null): string | null | undefined => {
    if (!has(name)) return undefined;
    const values = list(name, null);
    if (values.length > 1) problems.push(`${name} holds several values where one is expected`);
    return values[0] ?? null;
  };

  const identifiers: SourceIdentifier[] = [];
  const known: string[] = [];
  const identifierFields: Array<[SourceIdentifier['type'], string | null]> = [
    ['upn', fields.upn],
    ['email', fields.email],
    ['employee_id', fields.employee_id],
  ];
  for (const [type, name] of identifierFields) {
    if (name === null) continue;
    if (!has(name)) continue;
    if (!known.includes(name)) known.push(name);
    // An employee ID is one value; addresses may be several in one field.
    for (const value of list(name, type === 'employee_id' ? null : rules.separator)) {
      identifiers.push({ type, value, field: name });
    }
  }
  const mappedIdentifierFields = identifierFields.flatMap(([, name]) => (name === null ? [] : [name]));

  const displayName = one(fields.display_name);
  const first = one(fields.first_name);
  const last = one(fields.last_name);
  const groupFields = fields.groups.filter(has);
  const groups = [...new Set(groupFields.flatMap((name) => list(name, rules.separator)))];
  const primaryGroup = one(fields.primary_group);
  const location = one(fields.location);
  const active = one(fields.active);
  const terminationText = one(fields.termination_date);
  if (problems.length > 0) return invalid(externalId, `worker ${externalId}: ${problems.join('; ')}`);

  const state = stateOf(active, terminationText, now);
  if (typeof state === 'object') return invalid(externalId, `worker ${externalId}: ${state.problem(fields)}`);

  const record = hrRecord({
    externalId,
    identifiers,
    identifierFields: { mapped: mappedIdentifierFields, known },
    displayName,
    firstName: first,
    lastName: last,
    groups: groupFields.length > 0 ? groups : undefined,
    primaryGroup,
    place: location,
    timeZones: rules.locationTimeZones,
    state,
  });
  return { kind: 'record', record };
}

/**
 * An active status decides when the report carries one (a rehire is active with an old termination
 * date); without it, a termination date before today makes a leaver. Neither: unknown.
 */
function stateOf(
  active: string | null | undefined,
  terminationDate: string | null | undefined,
  now: Date,
): SourceRecord['state'] | { problem(fields: WorkdayFields): string } {
  if (active !== undefined && active !== null) {
    const word = active.toLowerCase();
    if (ACTIVE_WORDS.has(word)) return 'active';
    if (INACTIVE_WORDS.has(word)) return 'terminated';
    return { problem: (fields) => `${fields.active} "${active}" is neither active (1) nor inactive (0)` };
  }
  if (terminationDate === undefined) return undefined;
  if (terminationDate === null) return 'active';
  const day = calendarDay(terminationDate);
  if (day === null) {
    return {
      problem: (fields) => `${fields.termination_date} "${terminationDate}" is not a YYYY-MM-DD date`,
    };
  }
  return isPastDay(day, now) ? 'terminated' : 'active';
}

type ValuesReading = { ok: true; values: string[] } | { ok: false; reason: string };

/**
 * A field's values, trimmed, empty ones dropped. Workday sends a multi-instance field as a list
 * (of texts, or of one-field objects when the report groups it), or as text joined by `separator`.
 */
function valuesOf(row: Record<string, unknown>, name: string, separator: string | null): ValuesReading {
  const value = row[name];
  const items = Array.isArray(value) ? value : [value];
  const values: string[] = [];
  for (const item of items) {
    const text = textOf(item);
    if (text === undefined) return { ok: false, reason: `${name} is not a text value` };
    const parts = text === null ? [] : separator === null ? [text] : text.split(separator);
    for (const part of parts) {
      const trimmed = part.trim();
      if (trimmed !== '' && !values.includes(trimmed)) values.push(trimmed);
    }
  }
  return { ok: true, values };
}

/** Text of a scalar, of a reference (`descriptor`), or of a one-field group object; else undefined. */
function textOf(item: unknown): string | null | undefined {
  if (item === null || item === undefined) return null;
  if (typeof item === 'string') return item;
  if (typeof item === 'number' || typeof item === 'boolean') return String(item);
  if (typeof item !== 'object' || Array.isArray(item)) return undefined;
  const object = item as Record<string, unknown>;
  if (typeof object.descriptor === 'string') return object.descriptor;
  const entries = Object.values(object);
  return entries.length === 1 && typeof entries[0] === 'string' ? entries[0] : undefined;
}

function invalid(externalId: string | null, reason: string): MappedRow {
  return { kind: 'invalid', invalid: { externalId, reason } };
}
