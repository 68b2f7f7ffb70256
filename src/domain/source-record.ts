// A person as one source describes them: what every connector produces and the sync engine
// reads. It belongs to the domain (connectors import it from here), so the rules never depend on
// a connector's code. Vendor JSON never crosses this line.
import type { IdentifierType } from './types.ts';

/** `disabled`: the account is switched off; `terminated`: employment ended. Both follow `on_disable`. */
export type SourceState = 'active' | 'disabled' | 'terminated';

/** One identifier value a record asserts, with the source field it came from. */
export interface SourceIdentifier {
  type: IdentifierType;
  /** As the source gives it (untrimmed is fine: the domain normalizes). A device login's username. */
  value: string;
  /** Device logins only: the logon domain, or `*` for any. */
  domain?: string;
  /**
   * The source's own field name (`mail`, `proxyAddresses`, `workEmail`). The explain trace shows
   * it, and it is the unit a partial record replaces (see `knownIdentifierFields`).
   */
  field: string;
}

/**
 * What a source says about one person. An attribute left `undefined` is unknown (a delta that did
 * not carry it, a field the service user may not read): the engine keeps what this record said
 * before. `null` (or `[]` for groups) says the source has no value.
 */
export interface SourceRecord {
  /** The source's own immutable id for the person (Graph object id, BambooHR id, ...). */
  externalId: string;
  identifiers: SourceIdentifier[];
  /**
   * Absent: the record is whole, so a field with no identifier here asserts none. Present (a
   * delta carrying changed properties only, a field the source would not show): only these fields
   * replace what the record asserted before; the identifiers of every other field are kept.
   */
  knownIdentifierFields?: readonly string[];
  displayName?: string | null;
  /** IANA time zone, when the source knows it. */
  timeZone?: string | null;
  groups?: string[];
  primaryGroup?: string | null;
  /** Unknown (a delta that did not carry it) keeps the last known state; a new record is active. */
  state?: SourceState;
}

/** A record the connector could not map; it becomes an `invalid_record` conflict. */
export interface InvalidSourceRecord {
  /** Null when the record has no usable id. */
  externalId: string | null;
  /** What is wrong, in words an admin can act on (never a secret, never the whole payload). */
  reason: string;
}

/** The lists most sources give, each under the field name the source calls it. */
export interface IdentifierLists {
  upns?: readonly string[];
  emails?: readonly string[];
  employeeIds?: readonly string[];
  deviceLogins?: ReadonlyArray<{ username: string; domain: string }>;
}

/**
 * Identifiers from plain lists. `fields` names the source field of each type; by default the
 * identifier type itself (`upn`, `email`, `employee_id`, `device_login`).
 */
export function identifiersFrom(
  lists: IdentifierLists,
  fields: { [Type in IdentifierType]?: string | undefined } = {},
): SourceIdentifier[] {
  const out: SourceIdentifier[] = [];
  const push = (type: IdentifierType, values: readonly string[] | undefined) => {
    for (const value of values ?? []) out.push({ type, value, field: fields[type] ?? type });
  };
  push('upn', lists.upns);
  push('email', lists.emails);
  push('employee_id', lists.employeeIds);
  for (const login of lists.deviceLogins ?? []) {
    out.push({
      type: 'device_login',
      value: login.username,
      domain: login.domain,
      field: fields.device_login ?? 'device_login',
    });
  }
  return out;
}

/** The values of one type a record asserts, in order (tests and mappings read them this way). */
export function valuesOf(record: Pick<SourceRecord, 'identifiers'>, type: IdentifierType): string[] {
  return record.identifiers.filter((identifier) => identifier.type === type).map((i) => i.value);
}
