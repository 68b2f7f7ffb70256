// One CSV row -> a SourceRecord, or the reason it cannot be one. Pure: the clock comes in as `now`.
import { identifiersFrom, type InvalidSourceRecord, type SourceRecord, type SourceState } from '../types.ts';
import type { ColumnLayout } from './header.ts';
import type { CsvColumnField, CsvColumns, CsvConfig, TerminationDateFormat } from './schema.ts';
import {
  isNoDate,
  isTerminatedBy,
  parseCalendarDate,
  parseDeviceLogin,
  readStatus,
  splitMultiValue,
} from './values.ts';

export interface RowMappingRules {
  /** Header names, to name a column in a reason. */
  columns: CsvColumns;
  multiValueSeparator: string;
  /** Lower-cased. */
  activeValues: ReadonlySet<string>;
  /** Lower-cased. */
  inactiveValues: ReadonlySet<string>;
  terminationDateFormat: TerminationDateFormat;
}

export type MappedRow =
  | { kind: 'record'; record: SourceRecord }
  | { kind: 'invalid'; invalid: InvalidSourceRecord }
  /** Every cell empty: treated like a blank line, neither a person nor a problem. */
  | { kind: 'blank' };

export function mappingRulesFrom(config: CsvConfig): RowMappingRules {
  return {
    columns: config.columns,
    multiValueSeparator: config.multi_value_separator,
    activeValues: new Set(config.active_values.map((value) => value.toLowerCase())),
    inactiveValues: new Set(config.inactive_values.map((value) => value.toLowerCase())),
    terminationDateFormat: config.termination_date_format,
  };
}

/**
 * Maps the rows of one file in order, remembering external ids so a repeat is caught. Any row
 * with an id claims it, even one quarantined for another reason, so a later row cannot slip in.
 */
export function createRowMapper(
  layout: ColumnLayout,
  rules: RowMappingRules,
  now: Date,
): (cells: readonly string[], line: number) => MappedRow {
  const firstLines = new Map<string, number>();
  return (cells, line) => {
    const mapped = mapCsvRow(cells, line, layout, rules, now);
    const externalId = externalIdOf(mapped);
    if (externalId === null) return mapped;
    const duplicate = claimExternalId(firstLines, externalId, line);
    return duplicate === null ? mapped : { kind: 'invalid', invalid: duplicate };
  };
}

/** `line` is the file line the row starts on (1 is the header), used in every reason. */
export function mapCsvRow(
  cells: readonly string[],
  line: number,
  layout: ColumnLayout,
  rules: RowMappingRules,
  now: Date,
): MappedRow {
  if (cells.every((value) => value.trim() === '')) return { kind: 'blank' };
  const read = (field: CsvColumnField): string | null => cellOf(cells, layout[field]);
  const readAll = (field: CsvColumnField): string[] =>
    splitMultiValue(read(field), rules.multiValueSeparator);

  const externalId = read('external_id');
  if (externalId === null) {
    return invalid(null, `line ${line}: no external id (column "${rules.columns.external_id}" is empty)`);
  }

  const state = readState(read('status'), read('termination_date'), rules, now);
  if (!state.ok) return invalid(externalId, `line ${line}: ${state.reason}`);

  const primaryGroup = read('primary_group');
  const groups = readAll('groups');
  // The domain requires the primary group to be one of the user's groups; the file implies it.
  if (primaryGroup !== null && !groups.includes(primaryGroup)) groups.push(primaryGroup);

  return {
    kind: 'record',
    record: {
      externalId,
      // Each identifier is asserted under its column's header name.
      identifiers: identifiersFrom(
        {
          upns: readAll('upn'),
          emails: readAll('email'),
          employeeIds: readAll('employee_id'),
          deviceLogins: readAll('device_login').map(parseDeviceLogin),
        },
        {
          upn: rules.columns.upn,
          email: rules.columns.email,
          employee_id: rules.columns.employee_id,
          device_login: rules.columns.device_login,
        },
      ),
      displayName: read('display_name') ?? joinName(read('first_name'), read('last_name')),
      timeZone: read('time_zone'),
      groups,
      primaryGroup,
      state: state.value,
    },
  };
}

/** A row whose field count differs from the header's: its columns cannot be trusted. */
export function invalidMalformedRow(
  cells: readonly string[],
  line: number,
  headerLength: number,
  layout: ColumnLayout,
): InvalidSourceRecord {
  return {
    // Best effort: the id column may itself be shifted, but a likely id lets the planner keep the
    // person instead of reading the row's absence as a departure.
    externalId: cellOf(cells, layout.external_id),
    reason:
      `line ${line} has ${cells.length} fields where the header has ${headerLength}; the row was skipped ` +
      '(look for an unquoted delimiter or a missing field)',
  };
}

/**
 * Records the first line of each external id. A repeat is invalid: one source cannot describe
 * one person twice, and picking either row would be a guess.
 */
export function claimExternalId(
  firstLines: Map<string, number>,
  externalId: string,
  line: number,
): InvalidSourceRecord | null {
  const firstLine = firstLines.get(externalId);
  if (firstLine === undefined) {
    firstLines.set(externalId, line);
    return null;
  }
  return {
    externalId,
    reason: `line ${line}: duplicate external id "${externalId}" (first seen on line ${firstLine}); the later row was skipped`,
  };
}

type StateReading = { ok: true; value: SourceState } | { ok: false; reason: string };

function readState(
  status: string | null,
  terminationDate: string | null,
  rules: RowMappingRules,
  now: Date,
): StateReading {
  let terminated = false;
  if (status !== null) {
    const reading = readStatus(status, rules.activeValues, rules.inactiveValues);
    if (!reading.ok) {
      return {
        ok: false,
        reason:
          `status "${status}" is in neither active_values (${[...rules.activeValues].join(', ')}) ` +
          `nor inactive_values (${[...rules.inactiveValues].join(', ')})`,
      };
    }
    terminated = reading.terminated;
  }
  if (terminationDate !== null && !isNoDate(terminationDate)) {
    const date = parseCalendarDate(terminationDate, rules.terminationDateFormat);
    if (date === null) {
      return {
        ok: false,
        reason: `termination date "${terminationDate}" is not a ${rules.terminationDateFormat} date (termination_date_format)`,
      };
    }
    // A past date wins over an "active" status: HRIS often leave the status until a clean-up.
    if (isTerminatedBy(date, now)) terminated = true;
  }
  return { ok: true, value: terminated ? 'terminated' : 'active' };
}

function externalIdOf(mapped: MappedRow): string | null {
  if (mapped.kind === 'record') return mapped.record.externalId;
  if (mapped.kind === 'invalid') return mapped.invalid.externalId;
  return null;
}

function cellOf(cells: readonly string[], index: number | undefined): string | null {
  if (index === undefined) return null;
  const value = cells[index]?.trim() ?? '';
  return value === '' ? null : value;
}

function joinName(firstName: string | null, lastName: string | null): string | null {
  const parts = [firstName, lastName].filter((part) => part !== null);
  return parts.length === 0 ? null : parts.join(' ');
}

function invalid(externalId: string | null, reason: string): MappedRow {
  return { kind: 'invalid', invalid: { externalId, reason } };
}
