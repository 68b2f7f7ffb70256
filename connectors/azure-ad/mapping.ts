// Graph user -> SourceRecord. Pure: no I/O, no clock. The mapping is documented in README.md;
// admins adjust it through include_guests and netbios_domains.
import type { InvalidSourceRecord, SourceIdentifier, SourceRecord } from '../types.ts';
import { type GraphUser, graphUserSchema } from './schema.ts';

export interface MappingRules {
  includeGuests: boolean;
  /** onPremisesDomainName (lower-cased DNS name) -> NetBIOS logon domain. */
  netbiosDomains: ReadonlyMap<string, string>;
}

export type MappedUser =
  | { kind: 'record'; record: SourceRecord }
  | { kind: 'invalid'; invalid: InvalidSourceRecord }
  /** Left out by configuration (a guest): not an error, and not in the snapshot. */
  | { kind: 'excluded'; externalId: string; reason: string }
  | { kind: 'removed'; externalId: string; reason: 'changed' | 'deleted' };

export function mappingRulesFrom(config: {
  include_guests: boolean;
  netbios_domains: Record<string, string>;
}): MappingRules {
  return {
    includeGuests: config.include_guests,
    netbiosDomains: new Map(
      Object.entries(config.netbios_domains).map(([dns, netbios]) => [
        dns.trim().toLowerCase(),
        netbios.trim(),
      ]),
    ),
  };
}

export function mapGraphUser(raw: unknown, rules: MappingRules): MappedUser {
  const parsed = graphUserSchema.safeParse(raw);
  if (!parsed.success) {
    const externalId = idOf(raw);
    const problems = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || 'user'}: ${issue.message}`)
      .join('; ');
    return {
      kind: 'invalid',
      invalid: { externalId, reason: `Graph user ${externalId ?? '(no id)'} is malformed: ${problems}` },
    };
  }
  const user = parsed.data;
  const removed = user['@removed'];
  if (removed !== undefined) {
    return {
      kind: 'removed',
      externalId: user.id,
      reason: removed.reason === 'deleted' ? 'deleted' : 'changed',
    };
  }
  if (!rules.includeGuests && isGuest(user)) {
    return { kind: 'excluded', externalId: user.id, reason: 'guest (include_guests is false)' };
  }
  return { kind: 'record', record: recordOf(user, rules) };
}

function recordOf(user: GraphUser, rules: MappingRules): SourceRecord {
  const upn = nonEmpty(user.userPrincipalName);
  const department = nonEmpty(user.department);
  const employeeId = nonEmpty(user.employeeId);
  const deviceLogin = deviceLoginOf(user, rules);
  const identifiers: SourceIdentifier[] = [];
  if (upn !== null) identifiers.push({ type: 'upn', value: upn, field: 'userPrincipalName' });
  for (const { field, value } of emailsOf(user)) identifiers.push({ type: 'email', value, field });
  if (employeeId !== null) identifiers.push({ type: 'employee_id', value: employeeId, field: 'employeeId' });
  if (deviceLogin !== null) {
    identifiers.push({
      type: 'device_login',
      value: deviceLogin.username,
      domain: deviceLogin.domain,
      field: 'onPremisesSamAccountName',
    });
  }
  return {
    externalId: user.id,
    identifiers,
    displayName: nonEmpty(user.displayName),
    timeZone: null,
    groups: department === null ? [] : [department],
    primaryGroup: department,
    state: user.accountEnabled === false ? 'disabled' : 'active',
  };
}

/** B2B guests: `userType: Guest`, or an `#EXT#` UPN (older invitations carry no userType). */
export function isGuest(user: Pick<GraphUser, 'userType' | 'userPrincipalName'>): boolean {
  if (user.userType?.toLowerCase() === 'guest') return true;
  return (user.userPrincipalName ?? '').toUpperCase().includes('#EXT#');
}

/**
 * `mail`, then `otherMails`, then the SMTP proxy addresses: `SMTP:` (primary) and `smtp:`
 * (aliases), prefix matched case-insensitively; `x500:`, `sip:`, `X400:` and the like are not
 * email addresses and are ignored. Each address keeps the Graph property it came from, and a
 * property's repeats (case-insensitive) are dropped: the same address under two properties is
 * asserted by both, so a delta that changes one of them leaves the other's claim standing.
 */
export function emailsOf(
  user: Pick<GraphUser, 'mail' | 'otherMails' | 'proxyAddresses'>,
): Array<{ field: EmailField; value: string }> {
  const candidates: Array<[EmailField, readonly string[]]> = [
    ['mail', user.mail ? [user.mail] : []],
    ['otherMails', user.otherMails ?? []],
    ['proxyAddresses', smtpAddresses(user.proxyAddresses ?? [])],
  ];
  const emails: Array<{ field: EmailField; value: string }> = [];
  for (const [field, values] of candidates) {
    const seen = new Set<string>();
    for (const candidate of values) {
      const email = candidate.trim();
      if (!looksLikeAddress(email)) continue;
      const key = email.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      emails.push({ field, value: email });
    }
  }
  return emails;
}

export type EmailField = 'mail' | 'otherMails' | 'proxyAddresses';

export function smtpAddresses(proxyAddresses: readonly string[]): string[] {
  const addresses: string[] = [];
  for (const proxy of proxyAddresses) {
    const trimmed = proxy.trim();
    if (trimmed.slice(0, 5).toLowerCase() === 'smtp:') addresses.push(trimmed.slice(5));
  }
  return addresses;
}

/**
 * `onPremisesSamAccountName` in the NetBIOS domain of `onPremisesDomainName`: the configured
 * mapping, else the DNS name's first label upper-cased (`corp.acme.com` -> `CORP`). Both are
 * needed: a cloud-only account has no Windows logon to match.
 */
export function deviceLoginOf(
  user: Pick<GraphUser, 'onPremisesSamAccountName' | 'onPremisesDomainName'>,
  rules: Pick<MappingRules, 'netbiosDomains'>,
): { username: string; domain: string } | null {
  const username = nonEmpty(user.onPremisesSamAccountName);
  const dnsDomain = nonEmpty(user.onPremisesDomainName);
  if (username === null || dnsDomain === null) return null;
  const netbios = rules.netbiosDomains.get(dnsDomain.toLowerCase()) ?? dnsDomain.split('.')[0]!.toUpperCase();
  return { username, domain: netbios };
}

function looksLikeAddress(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}

function nonEmpty(value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

function idOf(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const id = (raw as { id?: unknown }).id;
  return typeof id === 'string' && id.trim() !== '' ? id : null;
}
