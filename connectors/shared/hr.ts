// What the HR sources (Workday, HiBob, Personio) share once a vendor payload is read: calendar
// days and the leaver rule, the URL rule for their endpoints, pages of mapped records (with a
// second row of one id quarantined), and the warning for a mapped field that no record carried
// (what these vendors do with a field the service user may not read).
import { z } from 'zod';
import { isValidTimeZone } from '../../src/domain/time-zones.ts';
import type {
  CommonConnectorConfig,
  ConnectorDeps,
  InvalidSourceRecord,
  SourcePage,
  SourceRecord,
} from '../types.ts';
import { type RetryingFetchOptions, reportRetries } from './http.ts';

/** Records (valid and invalid) per page: bounds the memory a page takes downstream. */
export const HR_PAGE_SIZE = 5000;

export type MappedRow =
  { kind: 'record'; record: SourceRecord } | { kind: 'invalid'; invalid: InvalidSourceRecord };

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** An endpoint key: https, or plain http on loopback only (credentials travel with every request). */
export function endpointUrl(what: string) {
  return z.url().refine((value) => {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  }, `${what} must be https:// (plain http only on localhost: credentials travel with every request)`);
}

/**
 * The calendar day a vendor date starts with: `2024-03-31`, `2024-03-31T00:00:00+01:00` and
 * Workday's `2024-03-31-07:00` are all 31 March. Null when it is not a real date.
 */
export function calendarDay(text: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T +-])/.exec(text.trim());
  if (match === null) return null;
  const [, year, month, day] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  // Date.UTC rolls 31 February into March: the round trip refuses impossible dates.
  if (Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(day)) return null;
  return date.toISOString().slice(0, 10);
}

/**
 * A termination date is the last day employed: the person is a leaver from the next day on.
 * Days compare in UTC, so a run around midnight is off by at most one day.
 */
export function isPastDay(day: string, now: Date): boolean {
  return day < now.toISOString().slice(0, 10);
}

/** "First Last", either part alone, or null. */
export function joinName(first: string | null, last: string | null): string | null {
  const parts = [first, last].filter((part) => part !== null && part !== '');
  return parts.length === 0 ? null : parts.join(' ');
}

/**
 * Collects mapped rows into pages of HR_PAGE_SIZE. A second row with an id already seen in this
 * read is quarantined (the first is applied): a report joined to a multi-row table repeats
 * workers, and the engine must not guess which row is right. The set of ids is the one thing
 * that grows with the account (a few MB at 100k employees).
 */
export function createPager(what: string) {
  const seen = new Set<string>();
  let page: SourcePage = { records: [], invalid: [], removals: [] };
  return {
    /** Adds one row; returns a full page when one is ready. */
    add(mapped: MappedRow): SourcePage | null {
      const externalId = mapped.kind === 'record' ? mapped.record.externalId : mapped.invalid.externalId;
      if (externalId !== null && seen.has(externalId)) {
        page.invalid.push({
          externalId,
          reason: `${what} ${externalId} appears twice; the later row was skipped`,
        });
      } else if (mapped.kind === 'record') {
        page.records.push(mapped.record);
      } else {
        page.invalid.push(mapped.invalid);
      }
      if (externalId !== null) seen.add(externalId);
      return page.records.length + page.invalid.length >= HR_PAGE_SIZE ? this.take() : null;
    },
    /** The rows collected so far, or null when there are none. */
    take(): SourcePage | null {
      if (page.records.length + page.invalid.length === 0) return null;
      const full = page;
      page = { records: [], invalid: [], removals: [] };
      return full;
    },
  };
}

/**
 * Remembers which mapped vendor fields at least one record carried. These vendors leave out, with
 * no error, a field the service user may not read; one that no record carried is most likely that.
 */
export function createFieldPresence(fields: readonly string[]) {
  const missing = new Set(fields);
  let rows = 0;
  return {
    note(present: (field: string) => boolean): void {
      rows += 1;
      if (missing.size === 0) return;
      for (const field of missing) if (present(field)) missing.delete(field);
    },
    /** Mapped fields no record carried; none when no record was read (an empty read says nothing). */
    missing(): string[] {
      return rows === 0 ? [] : [...missing];
    },
  };
}

/** `location_time_zones` and its kin: the vendor's place name -> IANA time zone, checked at start. */
export function timeZoneMap() {
  return z
    .record(
      z.string(),
      z
        .string()
        .refine(isValidTimeZone, { error: (issue) => `"${String(issue.input)}" is not an IANA time zone` }),
    )
    .default({});
}

/** Every vendor field a `fields` mapping names (single names and lists), once, in order. */
export function fieldNames(fields: Readonly<Record<string, string | readonly string[] | null>>): string[] {
  const names = new Set<string>();
  for (const value of Object.values(fields)) {
    for (const name of typeof value === 'string' ? [value] : (value ?? [])) names.add(name);
  }
  return [...names];
}

/** The `fields.<key>` entries that map vendor field `name` (to name them in a warning). */
export function keysMapping(
  fields: Readonly<Record<string, string | readonly string[] | null>>,
  name: string,
): string[] {
  return Object.entries(fields)
    .filter(([, value]) => (typeof value === 'string' ? value === name : (value?.includes(name) ?? false)))
    .map(([key]) => `fields.${key}`);
}

/** The attributes one HR record gives, as read: `undefined` is "the vendor left it out". */
export interface HrAttributes {
  externalId: string;
  identifiers: SourceRecord['identifiers'];
  /** The mapped identifier fields, and those the record carried. */
  identifierFields: { mapped: readonly string[]; known: readonly string[] };
  displayName: string | null | undefined;
  firstName: string | null | undefined;
  lastName: string | null | undefined;
  /** undefined when no group field was carried. */
  groups: string[] | undefined;
  primaryGroup: string | null | undefined;
  /** The place looked up in `timeZones`. */
  place: string | null | undefined;
  timeZones: Readonly<Record<string, string>>;
  state: SourceRecord['state'];
}

/**
 * A SourceRecord that says only what was read: unknown attributes stay undefined, and when some
 * mapped identifier field was left out, `knownIdentifierFields` lists those that were not.
 */
export function hrRecord(read: HrAttributes): SourceRecord {
  const record: SourceRecord = { externalId: read.externalId, identifiers: read.identifiers };
  if (read.identifierFields.known.length < new Set(read.identifierFields.mapped).size) {
    record.knownIdentifierFields = [...read.identifierFields.known];
  }
  const { displayName, firstName, lastName } = read;
  const parts = firstName !== undefined || lastName !== undefined;
  const name = displayName || (parts ? joinName(firstName ?? null, lastName ?? null) : displayName);
  if (name !== undefined) record.displayName = name;
  if (read.groups !== undefined) {
    const groups = [...new Set(read.groups)];
    // The domain requires a primary group to be one of the user's groups.
    if (read.primaryGroup && !groups.includes(read.primaryGroup)) groups.push(read.primaryGroup);
    record.groups = groups;
  }
  if (read.primaryGroup !== undefined) record.primaryGroup = read.primaryGroup;
  if (read.place !== undefined)
    record.timeZone = read.place === null ? null : (read.timeZones[read.place] ?? null);
  if (read.state !== undefined) record.state = read.state;
  return record;
}

/** Test seams every HR connector takes: a fake sleep and fixed jitter for retries, a fixed clock. */
export interface HrOverrides {
  sleep?: RetryingFetchOptions['sleep'];
  /** [0, 1) for the back-off's jitter (the kit's `random`). */
  random?: () => number;
  now?: () => Date;
}

/** The kit's retrying-fetch options for one connector instance: vendor, attempts, clock, seams, retry report. */
export function retryOptionsFor(
  config: CommonConnectorConfig,
  deps: ConnectorDeps,
  overrides: HrOverrides,
  vendor: string,
): RetryingFetchOptions & { now: () => Date } {
  return {
    vendor,
    maxAttempts: config.max_retries,
    now: overrides.now ?? (() => new Date()),
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...(overrides.sleep ? { sleep: overrides.sleep } : {}),
    ...(overrides.random ? { random: overrides.random } : {}),
    onRetry: reportRetries(deps, config.id, `${vendor} request retried`),
  };
}
