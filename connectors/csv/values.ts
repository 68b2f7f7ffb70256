// Reading single cells: multi-value splitting, device logins, status words and termination dates.
// Identifier values themselves are not validated here: the planner applies the domain rules.
import { ANY_DOMAIN } from '../../src/domain/types.ts';
import type { TerminationDateFormat } from './schema.ts';

/** Trimmed parts of a multi-value cell, empty parts dropped, exact repeats dropped. */
export function splitMultiValue(cell: string | null, separator: string): string[] {
  if (cell === null) return [];
  const values: string[] = [];
  for (const part of cell.split(separator)) {
    const value = part.trim();
    if (value !== '' && !values.includes(value)) values.push(value);
  }
  return values;
}

/** `DOMAIN\user`; `*\user` and a bare `user` match any domain. */
export function parseDeviceLogin(value: string): { username: string; domain: string } {
  const slash = value.indexOf('\\');
  if (slash === -1) return { username: value.trim(), domain: ANY_DOMAIN };
  return { username: value.slice(slash + 1).trim(), domain: value.slice(0, slash).trim() };
}

export type StatusReading = { ok: true; terminated: boolean } | { ok: false };

/** Status words compare trimmed and case-insensitively. */
export function readStatus(
  cell: string,
  activeValues: ReadonlySet<string>,
  inactiveValues: ReadonlySet<string>,
): StatusReading {
  const word = cell.trim().toLowerCase();
  if (activeValues.has(word)) return { ok: true, terminated: false };
  if (inactiveValues.has(word)) return { ok: true, terminated: true };
  return { ok: false };
}

/** A calendar date as `YYYY-MM-DD`, or null when the cell does not hold one in `format`. */
export function parseCalendarDate(cell: string, format: TerminationDateFormat): string | null {
  const parts = dateParts(cell.trim(), format);
  if (parts === null) return null;
  const { year, month, day } = parts;
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 31 February over into March: a round trip rejects impossible dates.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return null;
  }
  return date.toISOString().slice(0, 10);
}

/**
 * An HRIS termination date is the last day employed: the person is terminated from the next day
 * on. Days are compared in UTC, so a file read around midnight is off by at most one day.
 */
export function isTerminatedBy(terminationDate: string, now: Date): boolean {
  return terminationDate < now.toISOString().slice(0, 10);
}

/** Cells some HRIS exports write for "no date". */
export function isNoDate(cell: string): boolean {
  const value = cell.trim();
  return value === '0000-00-00' || value === '00/00/0000' || value === '00.00.0000';
}

function dateParts(
  value: string,
  format: TerminationDateFormat,
): { year: number; month: number; day: number } | null {
  if (format === 'YYYY-MM-DD') {
    // Spreadsheets often append a time (`2024-05-31 00:00:00`, `2024-05-31T00:00:00Z`): the day is what counts.
    const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(value);
    return match === null ? null : { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  }
  const separator = format === 'DD.MM.YYYY' ? '\\.' : '/';
  const match = new RegExp(`^(\\d{1,2})${separator}(\\d{1,2})${separator}(\\d{4})$`).exec(value);
  if (match === null) return null;
  const first = Number(match[1]);
  const second = Number(match[2]);
  const year = Number(match[3]);
  return format === 'MM/DD/YYYY' ? { year, month: first, day: second } : { year, month: second, day: first };
}
