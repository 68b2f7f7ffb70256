import { describe, expect, it } from 'vitest';
import type { DomainError, Result } from './errors.ts';
import {
  deviceLoginsOverlap,
  emailDomain,
  formatIdentifier,
  identifiersCollide,
  namespaceOf,
  normalizeIdentifier,
  representativeIdentifier,
  sameKey,
  sortIdentifiers,
  userLabel,
} from './identifiers.ts';
import type { Identifier, IdentifierInput, IdentifierType, NormalizedIdentifier } from './types.ts';

function normalized(input: IdentifierInput): NormalizedIdentifier {
  const result = normalizeIdentifier(input);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(input)} to normalize: ${result.error.message}`);
  return result.value;
}

function refused<T>(result: Result<T>): DomainError {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.value)}`);
  return result.error;
}

let nextId = 1;
function identifier(type: IdentifierType, value: string, updatedAt: string, extra: Partial<Identifier> = {}) {
  const base = normalized({ type, value, domain: type === 'device_login' ? 'CORP' : null });
  return {
    ...base,
    id: nextId++,
    userId: 1,
    source: 'manual',
    updatedAt: new Date(updatedAt),
    ...extra,
  } satisfies Identifier;
}

describe('namespaces', () => {
  it('puts UPNs and emails in one shared address namespace', () => {
    expect(namespaceOf('upn')).toBe('address');
    expect(namespaceOf('email')).toBe('address');
  });

  it('gives employee IDs and device logins their own namespaces', () => {
    expect(namespaceOf('employee_id')).toBe('employee_id');
    expect(namespaceOf('device_login')).toBe('device_login');
  });

  it('treats an address that is one user UPN and another user email as the same key', () => {
    const upn = normalized({ type: 'upn', value: 'Ann.Lee@Example.com' });
    const email = normalized({ type: 'email', value: 'ann.lee@example.COM' });
    expect(sameKey(upn, email)).toBe(true);
  });

  it('does not match equal text across different namespaces', () => {
    const employeeId = normalized({ type: 'employee_id', value: 'jdoe' });
    const login = normalized({ type: 'device_login', value: 'jdoe', domain: '*' });
    expect(sameKey(employeeId, login)).toBe(false);
    expect(identifiersCollide(employeeId, login)).toBe(false);
  });
});

describe('normalization', () => {
  it('trims a UPN and keys it by the lower-cased address, keeping the case of the value', () => {
    expect(normalized({ type: 'upn', value: '  Ann.Lee@Example.com ' })).toEqual({
      type: 'upn',
      value: 'Ann.Lee@Example.com',
      domain: null,
      namespace: 'address',
      key: 'ann.lee@example.com',
    });
  });

  it('trims an email and keys it by the lower-cased address', () => {
    const email = normalized({ type: 'email', value: '\tBOB@Contoso.co.uk\n' });
    expect(email.value).toBe('BOB@Contoso.co.uk');
    expect(email.key).toBe('bob@contoso.co.uk');
    expect(email.namespace).toBe('address');
  });

  it.each([
    ['no @', 'ann.example.com'],
    ['two @', 'ann@lee@example.com'],
    ['a space inside', 'ann lee@example.com'],
    ['no top-level domain', 'ann@localhost'],
    ['an empty local part', '@example.com'],
    ['an empty domain label', 'ann@example..com'],
    ['a double dot in the local part', 'ann..lee@example.com'],
    ['a one-letter top-level domain', 'ann@example.c'],
  ])(
    'refuses an email or UPN that is not a valid address (%s), naming the type and value',
    (_case, value) => {
      const upnError = refused(normalizeIdentifier({ type: 'upn', value }));
      expect(upnError.code).toBe('validation_failed');
      expect(upnError.message).toContain('UPN');
      expect(upnError.message).toContain(value);
      const emailError = refused(normalizeIdentifier({ type: 'email', value }));
      expect(emailError.code).toBe('validation_failed');
      expect(emailError.message).toContain('email');
      expect(emailError.message).toContain(value);
    },
  );

  it('accepts practical addresses: plus tags, subdomains, hyphens, internationalized domains', () => {
    for (const value of [
      'ann+ops@example.com',
      'a.b-c@mail.eu.example.org',
      'jose@exämple.de',
      "o'neil@x.io",
    ]) {
      expect(normalizeIdentifier({ type: 'email', value }).ok).toBe(true);
    }
  });

  it.each<IdentifierType>(['upn', 'email', 'employee_id', 'device_login'])(
    'refuses an empty or blank %s value',
    (type) => {
      expect(refused(normalizeIdentifier({ type, value: '   ', domain: 'CORP' })).code).toBe(
        'validation_failed',
      );
    },
  );

  it('compares employee IDs exactly after trimming', () => {
    const id = normalized({ type: 'employee_id', value: '  E-0042 ' });
    expect(id.key).toBe('E-0042');
    expect(sameKey(id, normalized({ type: 'employee_id', value: 'e-0042' }))).toBe(false);
    expect(sameKey(id, normalized({ type: 'employee_id', value: '00E-0042' }))).toBe(false);
    expect(sameKey(id, normalized({ type: 'employee_id', value: 'E-0042' }))).toBe(true);
  });

  it('keys a device login by lower-cased username and domain, keeping case in the value', () => {
    expect(normalized({ type: 'device_login', value: ' JDoe ', domain: ' CORP ' })).toEqual({
      type: 'device_login',
      value: 'JDoe',
      domain: 'CORP',
      namespace: 'device_login',
      key: 'jdoe\\corp',
    });
  });

  it('keeps the any-domain "*" of a device login', () => {
    const login = normalized({ type: 'device_login', value: 'jdoe', domain: '*' });
    expect(login.domain).toBe('*');
    expect(login.key).toBe('jdoe\\*');
  });

  it('splits a device login written DOMAIN\\user when no domain is given', () => {
    const login = normalized({ type: 'device_login', value: 'CORP\\JDoe' });
    expect(login).toMatchObject({ value: 'JDoe', domain: 'CORP', key: 'jdoe\\corp' });
    expect(normalized({ type: 'device_login', value: '*\\jdoe', domain: null }).key).toBe('jdoe\\*');
  });

  it('refuses a device login without a domain', () => {
    const error = refused(normalizeIdentifier({ type: 'device_login', value: 'jdoe' }));
    expect(error.code).toBe('validation_failed');
    expect(error.message).toContain('jdoe');
  });

  it('refuses a device login whose username is empty or contains a backslash', () => {
    expect(refused(normalizeIdentifier({ type: 'device_login', value: 'CORP\\' })).code).toBe(
      'validation_failed',
    );
    expect(refused(normalizeIdentifier({ type: 'device_login', value: 'a\\b', domain: 'CORP' })).code).toBe(
      'validation_failed',
    );
  });
});

describe('device login overlap', () => {
  it('overlaps equal usernames and domains case-insensitively', () => {
    expect(
      deviceLoginsOverlap({ username: 'JDoe', domain: 'corp' }, { username: 'jdoe', domain: 'CORP' }),
    ).toBe(true);
  });

  it('lets "*" overlap every domain, on either side', () => {
    expect(deviceLoginsOverlap({ username: 'jdoe', domain: '*' }, { username: 'jdoe', domain: 'CORP' })).toBe(
      true,
    );
    expect(deviceLoginsOverlap({ username: 'jdoe', domain: 'LAB' }, { username: 'JDOE', domain: '*' })).toBe(
      true,
    );
  });

  it('does not overlap different domains or different usernames', () => {
    expect(
      deviceLoginsOverlap({ username: 'jdoe', domain: 'CORP' }, { username: 'jdoe', domain: 'LAB' }),
    ).toBe(false);
    expect(deviceLoginsOverlap({ username: 'jdoe', domain: '*' }, { username: 'jdoe2', domain: '*' })).toBe(
      false,
    );
  });

  it('makes normalized device logins collide through "*"', () => {
    const any = normalized({ type: 'device_login', value: 'jdoe', domain: '*' });
    const corp = normalized({ type: 'device_login', value: 'CORP\\JDOE' });
    expect(sameKey(any, corp)).toBe(false);
    expect(identifiersCollide(any, corp)).toBe(true);
  });
});

describe('ordering and representative identifier', () => {
  it('lists identifiers grouped by type, the most recently updated first within a type', () => {
    const oldEmail = identifier('email', 'old@example.com', '2024-01-01T00:00:00Z');
    const login = identifier('device_login', 'jdoe', '2025-06-01T00:00:00Z');
    const newEmail = identifier('email', 'new@example.com', '2025-01-01T00:00:00Z');
    const employeeId = identifier('employee_id', 'E1', '2025-03-01T00:00:00Z');
    const upn = identifier('upn', 'jdoe@example.com', '2020-01-01T00:00:00Z');
    const input = [oldEmail, login, newEmail, employeeId, upn];
    expect(sortIdentifiers(input)).toEqual([upn, newEmail, oldEmail, employeeId, login]);
    expect(input[0]).toBe(oldEmail);
  });

  it('breaks an updatedAt tie by the higher id first', () => {
    const first = identifier('email', 'a@example.com', '2025-01-01T00:00:00Z', { id: 10 });
    const second = identifier('email', 'b@example.com', '2025-01-01T00:00:00Z', { id: 11 });
    expect(sortIdentifiers([first, second]).map((i) => i.id)).toEqual([11, 10]);
  });

  it('picks the first UPN as representative over emails, employee IDs and device logins', () => {
    const ids = [
      identifier('email', 'mail@example.com', '2025-05-01T00:00:00Z'),
      identifier('upn', 'older@example.com', '2020-01-01T00:00:00Z'),
      identifier('upn', 'newer@example.com', '2021-01-01T00:00:00Z'),
    ];
    expect(representativeIdentifier(ids)?.value).toBe('newer@example.com');
  });

  it('falls back to email, then employee ID, then device login as representative', () => {
    const email = identifier('email', 'mail@example.com', '2025-05-01T00:00:00Z');
    const employeeId = identifier('employee_id', 'E7', '2025-06-01T00:00:00Z');
    const login = identifier('device_login', 'jdoe', '2025-07-01T00:00:00Z');
    expect(representativeIdentifier([login, employeeId, email])).toBe(email);
    expect(representativeIdentifier([login, employeeId])).toBe(employeeId);
    expect(representativeIdentifier([login])).toBe(login);
    expect(representativeIdentifier([])).toBeNull();
  });
});

describe('display', () => {
  it('formats a device login as DOMAIN\\user and "*\\user" for any domain', () => {
    expect(formatIdentifier({ type: 'device_login', value: 'jdoe', domain: 'CORP' })).toBe('CORP\\jdoe');
    expect(formatIdentifier({ type: 'device_login', value: 'jdoe', domain: '*' })).toBe('*\\jdoe');
    expect(formatIdentifier({ type: 'email', value: 'a@example.com', domain: null })).toBe('a@example.com');
  });

  it('labels a user by display name, else representative identifier, else User #id', () => {
    const login = identifier('device_login', 'jdoe', '2025-01-01T00:00:00Z');
    const named = {
      id: 5,
      displayName: { value: 'Jane Doe', source: 'manual' as const },
      identifiers: [login],
    };
    expect(userLabel(named)).toBe('Jane Doe');
    expect(userLabel({ ...named, displayName: { value: null, source: null } })).toBe('CORP\\jdoe');
    expect(userLabel({ ...named, displayName: { value: '  ', source: null }, identifiers: [] })).toBe(
      'User #5',
    );
  });

  it('takes the lower-cased domain of an email address', () => {
    expect(emailDomain('Ann@Example.COM')).toBe('example.com');
    expect(emailDomain('no-at-sign')).toBe('');
  });
});
