// One employee of Bob's people search -> a SourceRecord, or the reason it cannot be one. Pure: the
// clock comes in as `now`. Bob leaves out, without an error, every field the service user may not
// read, so a mapped field missing from an employee is UNKNOWN: its attribute stays undefined and
// its identifiers are kept from before (`knownIdentifierFields`), never read as "none" or
// "terminated". Names (lists such as departments and sites) are read from the `humanReadable`
// copy Bob appends; ids, statuses and dates from the machine values.
import { calendarDay, fieldNames, hrRecord, isPastDay, type MappedRow } from '../shared/hr.ts';
import type { SourceIdentifier } from '../types.ts';
import type { HibobConfig, HibobFields } from './schema.ts';

export interface HibobMappingRules {
  fields: HibobFields;
  siteTimeZones: Readonly<Record<string, string>>;
}

export function mappingRulesFrom(config: HibobConfig): HibobMappingRules {
  return { fields: config.fields, siteTimeZones: config.site_time_zones };
}

/** Bob's own id of the employee: always read, it links the record. */
export const ID_FIELD = 'root.id';

/** The field ids to ask the search for: the id and every mapped one, once. */
export function requestedFields(fields: HibobFields): string[] {
  return [...new Set([ID_FIELD, ...fieldNames(fields)])];
}

/** Where field id `work.department` sits in an employee: `{ work: { department } }`; `root.*` at the top. */
export function lookUp(employee: unknown, id: string): { present: boolean; value: unknown } {
  const path = pathOf(id);
  let current: unknown = employee;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) {
      return { present: false, value: undefined };
    }
    current = (current as Record<string, unknown>)[key];
  }
  return { present: true, value: current };
}

/** Field id -> its keys in an employee, split once: a run reads ten fields of 100k employees twice. */
const PATHS = new Map<string, readonly string[]>();
function pathOf(id: string): readonly string[] {
  let path = PATHS.get(id);
  if (path === undefined) {
    const keys = id.split('.');
    path = keys[0] === 'root' ? keys.slice(1) : keys;
    PATHS.set(id, path);
  }
  return path;
}

export function mapHibobEmployee(employee: unknown, rules: HibobMappingRules, now: Date): MappedRow {
  if (typeof employee !== 'object' || employee === null || Array.isArray(employee)) {
    return invalid(null, 'employee is not an object');
  }
  const externalId = textOf(lookUp(employee, ID_FIELD).value);
  if (typeof externalId !== 'string' || externalId === '') return invalid(null, 'employee has no id');
  const human = (employee as { humanReadable?: unknown }).humanReadable;
  const { fields } = rules;
  const problems: string[] = [];
  /** undefined: Bob left the field out (unknown); null: no value. */
  const read = (id: string | null, preferHuman: boolean): string | null | undefined => {
    if (id === null) return undefined;
    const machine = lookUp(employee, id);
    if (!machine.present) return undefined;
    const shown = preferHuman ? lookUp(human, id) : { present: false, value: undefined };
    const text = textOf(shown.present && shown.value !== null ? shown.value : machine.value);
    if (text === undefined) problems.push(`${id} is not a text value`);
    return text ?? null;
  };

  const identifiers: SourceIdentifier[] = [];
  const known: string[] = [];
  const mappedIdentifierFields: string[] = [];
  for (const [type, id] of [
    ['email', fields.email],
    ['employee_id', fields.employee_id],
  ] as const) {
    if (id === null) continue;
    mappedIdentifierFields.push(id);
    const value = read(id, false);
    if (value === undefined) continue;
    known.push(id);
    if (value !== null) identifiers.push({ type, value, field: id });
  }
  const displayName = read(fields.display_name, true);
  const first = read(fields.first_name, true);
  const last = read(fields.last_name, true);
  const groupValues = fields.groups.map((id) => read(id, true)).filter((value) => value !== undefined);
  const primaryGroup = read(fields.primary_group, true);
  const site = read(fields.site, true);
  const lifecycle = read(fields.lifecycle_status, false);
  const terminationText = read(fields.termination_date, false);
  if (problems.length > 0) return invalid(externalId, `employee ${externalId}: ${problems.join('; ')}`);

  const terminationDay = terminationText ? calendarDay(terminationText) : null;
  if (terminationText && terminationDay === null) {
    return invalid(
      externalId,
      `employee ${externalId}: ${fields.termination_date} "${terminationText}" is not a date`,
    );
  }
  // Lifecycle `terminated`, or a termination date already past, ends employment. `internal.status`
  // Inactive alone is not read: Bob also shows people on leave as Inactive.
  const stateKnown = lifecycle !== undefined || terminationText !== undefined;
  const ended =
    lifecycle?.toLowerCase() === 'terminated' || (terminationDay !== null && isPastDay(terminationDay, now));
  const record = hrRecord({
    externalId,
    identifiers,
    identifierFields: { mapped: mappedIdentifierFields, known },
    displayName,
    firstName: first,
    lastName: last,
    groups:
      groupValues.length > 0 ? groupValues.filter((value): value is string => value !== null) : undefined,
    primaryGroup,
    place: site,
    timeZones: rules.siteTimeZones,
    state: stateKnown ? (ended ? 'terminated' : 'active') : undefined,
  });
  return { kind: 'record', record };
}

function textOf(value: unknown): string | null | undefined {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function invalid(externalId: string | null, reason: string): MappedRow {
  return { kind: 'invalid', invalid: { externalId, reason } };
}
