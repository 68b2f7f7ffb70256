// Identifier rules of DOMAIN.md: normalization, namespaces, ordering, the representative
// identifier and how an identifier is shown. Pure functions, no I/O.
import { fail, ok, type Result } from './errors.ts';
import {
  ANY_DOMAIN,
  type Identifier,
  type IdentifierInput,
  type IdentifierNamespace,
  type IdentifierType,
  type NormalizedIdentifier,
  type UserRecord,
} from './types.ts';

/** The order identifier types are listed in, and the priority of the representative identifier. */
export const IDENTIFIER_TYPE_ORDER: readonly IdentifierType[] = [
  'upn',
  'email',
  'employee_id',
  'device_login',
];

const TYPE_LABELS: Record<IdentifierType, string> = {
  upn: 'UPN',
  email: 'email',
  employee_id: 'employee ID',
  device_login: 'device login',
};

export function namespaceOf(type: IdentifierType): IdentifierNamespace {
  switch (type) {
    case 'upn':
    case 'email':
      return 'address';
    case 'employee_id':
      return 'employee_id';
    case 'device_login':
      return 'device_login';
  }
}

// A practical address check, not RFC 5322: one @, no whitespace, a local part without
// leading/trailing/double dots, and a dotted domain of letter/digit/hyphen labels (Unicode letters
// allowed for internationalized domains) ending in a TLD of two or more letters.
const LOCAL_PART = /^[^\s@"(),:;<>[\]\\]+$/u;
const DOMAIN_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?$/u;
const TOP_LEVEL_DOMAIN = /^\p{L}{2,}$/u;
const MAX_ADDRESS_LENGTH = 254;
const MAX_LOCAL_PART_LENGTH = 64;

export function isValidAddress(address: string): boolean {
  if (address.length > MAX_ADDRESS_LENGTH) return false;
  const parts = address.split('@');
  if (parts.length !== 2) return false;
  const [local = '', domain = ''] = parts;
  if (local.length === 0 || local.length > MAX_LOCAL_PART_LENGTH || !LOCAL_PART.test(local)) return false;
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return false;
  const labels = domain.split('.');
  if (labels.length < 2) return false;
  if (!labels.every((label) => DOMAIN_LABEL.test(label))) return false;
  return TOP_LEVEL_DOMAIN.test(labels[labels.length - 1] ?? '');
}

export function normalizeIdentifier(input: IdentifierInput): Result<NormalizedIdentifier> {
  const value = input.value.trim();
  switch (input.type) {
    case 'upn':
    case 'email':
      return normalizeAddress(input.type, value);
    case 'employee_id':
      if (value === '') return fail('validation_failed', 'An employee ID must not be empty');
      return ok({ type: 'employee_id', value, domain: null, namespace: 'employee_id', key: value });
    case 'device_login':
      return normalizeDeviceLogin(value, input.domain);
  }
}

function normalizeAddress(type: 'upn' | 'email', value: string): Result<NormalizedIdentifier> {
  const label = TYPE_LABELS[type];
  if (value === '') return fail('validation_failed', `A ${label} must not be empty`, { type });
  if (!isValidAddress(value)) {
    return fail(
      'validation_failed',
      `Invalid ${label} "${value}": expected an address like name@example.com`,
      {
        type,
        value,
      },
    );
  }
  return ok({ type, value, domain: null, namespace: 'address', key: value.toLowerCase() });
}

function normalizeDeviceLogin(
  value: string,
  rawDomain: string | null | undefined,
): Result<NormalizedIdentifier> {
  let username = value;
  let domain = (rawDomain ?? '').trim();
  // `DOMAIN\user` in the value, as Windows writes it, when no separate domain is given.
  const separator = value.indexOf('\\');
  if (domain === '' && separator >= 0) {
    domain = value.slice(0, separator).trim();
    username = value.slice(separator + 1).trim();
  }
  if (username === '') {
    return fail('validation_failed', 'A device login needs a username', { type: 'device_login', value });
  }
  if (username.includes('\\')) {
    return fail(
      'validation_failed',
      `Invalid device login username "${username}": it must not contain "\\"`,
      {
        type: 'device_login',
        value,
      },
    );
  }
  if (domain === '') {
    return fail(
      'validation_failed',
      `The device login "${username}" needs a logon domain (or "${ANY_DOMAIN}" for any domain)`,
      { type: 'device_login', value },
    );
  }
  // A backslash in the domain would make `username\domain` keys and `DOMAIN\user` text ambiguous.
  if (domain.includes('\\')) {
    return fail('validation_failed', `Invalid logon domain "${domain}": it must not contain "\\"`, {
      type: 'device_login',
      value,
      domain,
    });
  }
  return ok({
    type: 'device_login',
    value: username,
    domain,
    namespace: 'device_login',
    key: deviceLoginKey(username, domain),
  });
}

/** The ownership key of a device login: `username\domain`, lower-cased (`*` stays `*`). */
export function deviceLoginKey(username: string, domain: string): string {
  return `${username.toLowerCase()}\\${domain.toLowerCase()}`;
}

export function sameKey(a: NormalizedIdentifier, b: NormalizedIdentifier): boolean {
  return a.namespace === b.namespace && a.key === b.key;
}

export function domainsOverlap(a: string, b: string): boolean {
  return a === ANY_DOMAIN || b === ANY_DOMAIN || a.toLowerCase() === b.toLowerCase();
}

export function deviceLoginsOverlap(
  a: { username: string; domain: string },
  b: { username: string; domain: string },
): boolean {
  return a.username.toLowerCase() === b.username.toLowerCase() && domainsOverlap(a.domain, b.domain);
}

/** Whether two identifiers name the same thing: equal keys, or device logins whose domains overlap. */
export function identifiersCollide(a: NormalizedIdentifier, b: NormalizedIdentifier): boolean {
  if (a.namespace !== b.namespace) return false;
  if (a.namespace !== 'device_login') return a.key === b.key;
  return deviceLoginsOverlap(
    { username: a.value, domain: a.domain ?? '' },
    { username: b.value, domain: b.domain ?? '' },
  );
}

/** Grouped by type (upn, email, employee_id, device_login); most recently updated first; then higher id. */
export function sortIdentifiers<T extends { type: IdentifierType; updatedAt: Date; id?: number }>(
  ids: T[],
): T[] {
  return [...ids].sort(
    (a, b) =>
      IDENTIFIER_TYPE_ORDER.indexOf(a.type) - IDENTIFIER_TYPE_ORDER.indexOf(b.type) ||
      b.updatedAt.getTime() - a.updatedAt.getTime() ||
      (b.id ?? Number.NEGATIVE_INFINITY) - (a.id ?? Number.NEGATIVE_INFINITY) ||
      0,
  );
}

/** The first UPN, else the first email, else the first employee ID, else the first device login. */
export function representativeIdentifier(ids: Identifier[]): Identifier | null {
  return sortIdentifiers(ids)[0] ?? null;
}

export function formatIdentifier(id: { type: IdentifierType; value: string; domain: string | null }): string {
  if (id.type !== 'device_login' || id.domain === null) return id.value;
  return `${id.domain}\\${id.value}`;
}

/** How a user is shown: its display name, else its representative identifier, else `User #<id>`. */
export function userLabel(user: Pick<UserRecord, 'displayName' | 'identifiers' | 'id'>): string {
  const displayName = user.displayName.value?.trim();
  if (displayName) return displayName;
  const representative = representativeIdentifier(user.identifiers);
  if (representative) return formatIdentifier(representative);
  return `User #${user.id}`;
}

/** The lower-cased part after the last @ ('' when there is none). */
export function emailDomain(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0
    ? ''
    : address
        .slice(at + 1)
        .trim()
        .toLowerCase();
}
