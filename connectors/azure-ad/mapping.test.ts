import { describe, expect, it } from 'vitest';
import { valuesOf } from '../types.ts';
import { emailsOf, type MappingRules, mapGraphUser, mappingRulesFrom } from './mapping.ts';
import { ianaTimeZoneOf } from './time-zones.ts';

const rules: MappingRules = mappingRulesFrom({
  include_guests: false,
  netbios_domains: { 'corp.acme.com': 'ACME' },
});

function member(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '6e7b768e-07e2-4810-8459-485f84f8f204',
    userPrincipalName: 'ada.lovelace@acme.com',
    mail: 'ada.lovelace@acme.com',
    otherMails: [],
    proxyAddresses: ['SMTP:ada.lovelace@acme.com'],
    employeeId: 'E000042',
    displayName: 'Ada Lovelace',
    onPremisesSamAccountName: 'alovelace',
    onPremisesDomainName: 'corp.acme.com',
    department: 'Engineering',
    accountEnabled: true,
    userType: 'Member',
    ...overrides,
  };
}

function recordOf(raw: Record<string, unknown>, with_: MappingRules = rules) {
  const mapped = mapGraphUser(raw, with_);
  if (mapped.kind !== 'record') throw new Error(`expected a record, got ${mapped.kind}`);
  return mapped.record;
}

describe('azure-ad mapping', () => {
  it('maps id, UPN, mail, employeeId, displayName, department and the on-premises logon', () => {
    expect(recordOf(member())).toEqual({
      externalId: '6e7b768e-07e2-4810-8459-485f84f8f204',
      identifiers: [
        { type: 'upn', value: 'ada.lovelace@acme.com', field: 'userPrincipalName' },
        { type: 'email', value: 'ada.lovelace@acme.com', field: 'mail' },
        { type: 'email', value: 'ada.lovelace@acme.com', field: 'proxyAddresses' },
        { type: 'employee_id', value: 'E000042', field: 'employeeId' },
        { type: 'device_login', value: 'alovelace', domain: 'ACME', field: 'onPremisesSamAccountName' },
      ],
      displayName: 'Ada Lovelace',
      timeZone: null,
      groups: ['Engineering'],
      primaryGroup: 'Engineering',
      state: 'active',
    });
  });

  it('makes accountEnabled: false a disabled record', () => {
    expect(recordOf(member({ accountEnabled: false })).state).toBe('disabled');
  });

  it('reads SMTP: and smtp: proxy addresses, prefix case-insensitive, and ignores x500:, sip: and X400:', () => {
    const emails = emailsOf({
      mail: null,
      otherMails: null,
      proxyAddresses: [
        'SMTP:Primary@acme.com',
        'smtp:alias@acme.onmicrosoft.com',
        'Smtp:mixed@acme.com',
        'x500:/o=ACME/ou=Exchange/cn=Recipients/cn=ada',
        'sip:ada@acme.com',
        'X400:C=US;A= ;P=ACME;O=Exchange;S=Lovelace;',
        'eum:1234;phone-context=acme.com',
      ],
    });
    expect(emails.map((email) => email.value)).toEqual([
      'Primary@acme.com',
      'alias@acme.onmicrosoft.com',
      'mixed@acme.com',
    ]);
    expect(new Set(emails.map((email) => email.field))).toEqual(new Set(['proxyAddresses']));
  });

  it('orders emails mail, otherMails, proxyAddresses, each under its property, dropping repeats within a property and non-addresses', () => {
    const emails = emailsOf({
      mail: 'Ada@acme.com',
      otherMails: ['ada@ACME.com', 'ada.personal@example.org', 'ADA.personal@example.org', ''],
      proxyAddresses: ['SMTP:ada@acme.com', 'smtp:', 'smtp:not-an-address', ' smtp:ada.l@acme.com '],
    });
    expect(emails).toEqual([
      { field: 'mail', value: 'Ada@acme.com' },
      { field: 'otherMails', value: 'ada@ACME.com' },
      { field: 'otherMails', value: 'ada.personal@example.org' },
      { field: 'proxyAddresses', value: 'ada@acme.com' },
      { field: 'proxyAddresses', value: 'ada.l@acme.com' },
    ]);
  });

  it('leaves guests out unless include_guests, by userType or by an #EXT# UPN', () => {
    const byType = member({ userType: 'Guest' });
    const byUpn = member({
      userType: null,
      userPrincipalName: 'bob_partner.example#EXT#@acme.onmicrosoft.com',
    });
    expect(mapGraphUser(byType, rules)).toMatchObject({
      kind: 'excluded',
      reason: expect.stringContaining('guest'),
    });
    expect(mapGraphUser(byUpn, rules).kind).toBe('excluded');
    const withGuests = mappingRulesFrom({ include_guests: true, netbios_domains: {} });
    expect(mapGraphUser(byType, withGuests).kind).toBe('record');
  });

  it('uses the first label of onPremisesDomainName upper-cased when no NetBIOS name is configured', () => {
    const record = recordOf(member({ onPremisesDomainName: 'emea.contoso.local' }));
    expect(record.identifiers.filter((identifier) => identifier.type === 'device_login')).toEqual([
      { type: 'device_login', value: 'alovelace', domain: 'EMEA', field: 'onPremisesSamAccountName' },
    ]);
  });

  it('gives a cloud-only user (no sAMAccountName or no domain) no device login', () => {
    expect(valuesOf(recordOf(member({ onPremisesSamAccountName: null })), 'device_login')).toEqual([]);
    expect(valuesOf(recordOf(member({ onPremisesDomainName: null })), 'device_login')).toEqual([]);
  });

  it('treats missing and blank optional properties as absent', () => {
    const record = recordOf({ id: 'only-an-id', displayName: '  ', department: '', employeeId: null });
    expect(record).toMatchObject({
      identifiers: [],
      displayName: null,
      groups: [],
      primaryGroup: null,
    });
  });

  it('quarantines a malformed user with a reason, keeping its id when the id is a string', () => {
    const mapped = mapGraphUser(member({ accountEnabled: 'yes', proxyAddresses: 'SMTP:a@b.c' }), rules);
    expect(mapped.kind).toBe('invalid');
    if (mapped.kind !== 'invalid') return;
    expect(mapped.invalid.externalId).toBe('6e7b768e-07e2-4810-8459-485f84f8f204');
    expect(mapped.invalid.reason).toMatch(/accountEnabled/);
    expect(mapped.invalid.reason).toMatch(/proxyAddresses/);
  });

  it('quarantines a user without a usable id with a null external id', () => {
    expect(mapGraphUser({ displayName: 'No Id' }, rules)).toMatchObject({
      kind: 'invalid',
      invalid: { externalId: null },
    });
    expect(mapGraphUser({ id: 42 }, rules)).toMatchObject({ kind: 'invalid', invalid: { externalId: null } });
    expect(mapGraphUser('not an object', rules)).toMatchObject({
      kind: 'invalid',
      invalid: { externalId: null },
    });
  });

  it('reports @removed entries as removals with their reason', () => {
    expect(mapGraphUser({ id: 'x', '@removed': { reason: 'changed' } }, rules)).toEqual({
      kind: 'removed',
      externalId: 'x',
      reason: 'changed',
    });
    expect(mapGraphUser({ id: 'y', '@removed': { reason: 'deleted' } }, rules)).toMatchObject({
      reason: 'deleted',
    });
  });
});

describe('mailbox time zones', () => {
  it('converts common Windows zone names to IANA names', () => {
    expect(ianaTimeZoneOf('Pacific Standard Time')).toBe('America/Los_Angeles');
    expect(ianaTimeZoneOf('W. Europe Standard Time')).toBe('Europe/Berlin');
    expect(ianaTimeZoneOf('India Standard Time')).toBe('Asia/Kolkata');
  });

  it('keeps IANA names and leaves unknown names unset', () => {
    expect(ianaTimeZoneOf('Europe/London')).toBe('Europe/London');
    expect(ianaTimeZoneOf('Mars Standard Time')).toBeNull();
    expect(ianaTimeZoneOf('')).toBeNull();
    expect(ianaTimeZoneOf(null)).toBeNull();
  });
});
