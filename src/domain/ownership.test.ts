import { describe, expect, it } from 'vitest';
import { normalizeIdentifier } from './identifiers.ts';
import { IdentifierOwnership, type OwnedKey, ownedKeyOf } from './ownership.ts';
import type { IdentifierInput, NormalizedIdentifier } from './types.ts';

function normalized(input: IdentifierInput): NormalizedIdentifier {
  const result = normalizeIdentifier(input);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

function owned(input: IdentifierInput, userId: number, identifierId?: number): OwnedKey {
  const id = normalized(input);
  return { namespace: id.namespace, key: id.key, userId, identifierId, type: id.type, source: 'manual' };
}

describe('IdentifierOwnership', () => {
  it('finds the owner of an address whether it was held as UPN or email', () => {
    const index = new IdentifierOwnership([owned({ type: 'upn', value: 'Ann@Example.com' }, 1)]);
    expect(index.ownersOf(normalized({ type: 'email', value: 'ann@example.com' }))).toEqual(new Set([1]));
    expect(index.ownersOf(normalized({ type: 'email', value: 'bob@example.com' }))).toEqual(new Set());
  });

  it('finds the owner of an employee ID only by the exact value', () => {
    const index = new IdentifierOwnership([owned({ type: 'employee_id', value: 'E-1' }, 7)]);
    expect(index.ownersOf(normalized({ type: 'employee_id', value: ' E-1 ' }))).toEqual(new Set([7]));
    expect(index.ownersOf(normalized({ type: 'employee_id', value: 'e-1' }))).toEqual(new Set());
  });

  it('does not confuse namespaces holding the same text', () => {
    const index = new IdentifierOwnership([owned({ type: 'employee_id', value: 'jdoe@example.com' }, 3)]);
    expect(index.ownersOf(normalized({ type: 'email', value: 'jdoe@example.com' })).size).toBe(0);
  });

  it('lets a "*" device login collide with the same username in every domain', () => {
    const index = new IdentifierOwnership([
      owned({ type: 'device_login', value: 'jdoe', domain: 'CORP' }, 1),
      owned({ type: 'device_login', value: 'jdoe', domain: 'LAB' }, 2),
      owned({ type: 'device_login', value: 'other', domain: 'CORP' }, 3),
    ]);
    expect(index.ownersOf(normalized({ type: 'device_login', value: 'JDOE', domain: '*' }))).toEqual(
      new Set([1, 2]),
    );
  });

  it('lets a held "*" device login collide with a query in any domain', () => {
    const index = new IdentifierOwnership([
      owned({ type: 'device_login', value: 'jdoe', domain: '*' }, 4),
      owned({ type: 'device_login', value: 'jdoe', domain: 'CORP' }, 5),
    ]);
    expect(index.ownersOf(normalized({ type: 'device_login', value: 'CORP\\jdoe' }))).toEqual(
      new Set([4, 5]),
    );
    expect(index.ownersOf(normalized({ type: 'device_login', value: 'LAB\\jdoe' }))).toEqual(new Set([4]));
  });

  it('does not collide device logins of different domains', () => {
    const index = new IdentifierOwnership([
      owned({ type: 'device_login', value: 'jdoe', domain: 'CORP' }, 1),
    ]);
    expect(index.ownersOf(normalized({ type: 'device_login', value: 'LAB\\jdoe' })).size).toBe(0);
  });

  it('keeps every holding of a key, so removing one leaves the others owning it', () => {
    const index = new IdentifierOwnership([
      owned({ type: 'upn', value: 'ann@example.com' }, 1, 10),
      owned({ type: 'email', value: 'ann@example.com' }, 1, 11),
    ]);
    const address = normalized({ type: 'email', value: 'ann@example.com' });
    expect(index.size).toBe(2);
    expect(index.entriesFor(address).map((e) => e.identifierId)).toEqual([10, 11]);

    expect(index.remove({ namespace: 'address', key: 'ann@example.com', userId: 1, identifierId: 11 })).toBe(
      true,
    );
    expect(index.ownersOf(address)).toEqual(new Set([1]));
    expect(index.remove({ namespace: 'address', key: 'ann@example.com', userId: 1 })).toBe(true);
    expect(index.ownersOf(address).size).toBe(0);
    expect(index.size).toBe(0);
  });

  it('removes only the given user holding of a key', () => {
    const index = new IdentifierOwnership([
      owned({ type: 'device_login', value: 'jdoe', domain: '*' }, 1),
      owned({ type: 'device_login', value: 'jdoe', domain: '*' }, 2),
    ]);
    expect(index.remove({ namespace: 'device_login', key: 'jdoe\\*', userId: 3 })).toBe(false);
    expect(index.remove({ namespace: 'device_login', key: 'jdoe\\*', userId: 1 })).toBe(true);
    expect(index.ownersOf(normalized({ type: 'device_login', value: 'jdoe', domain: 'CORP' }))).toEqual(
      new Set([2]),
    );
    expect(index.size).toBe(1);
  });

  it('builds entries from stored identifiers', () => {
    const identifier = {
      ...normalized({ type: 'upn', value: 'a@example.com' }),
      id: 9,
      userId: 2,
      source: 'agent',
      updatedAt: new Date(0),
    } as const;
    expect(ownedKeyOf(identifier)).toEqual({
      namespace: 'address',
      key: 'a@example.com',
      userId: 2,
      identifierId: 9,
      type: 'upn',
      source: 'agent',
    });
  });

  it('answers look-ups in constant time over 100k entries, including "*" device logins', () => {
    const entries: OwnedKey[] = [];
    for (let user = 0; user < 100_000; user++) {
      entries.push({ namespace: 'address', key: `user${user}@example.com`, userId: user });
      entries.push({ namespace: 'device_login', key: `user${user}\\corp`, userId: user });
    }
    const index = new IdentifierOwnership(entries);
    expect(index.size).toBe(200_000);
    const started = performance.now();
    for (let user = 0; user < 100_000; user++) {
      const owners = index.ownersOf({
        type: 'device_login',
        value: `user${user}`,
        domain: '*',
        namespace: 'device_login',
        key: `user${user}\\*`,
      });
      if (!owners.has(user)) throw new Error(`owner of user${user} not found`);
    }
    // A linear scan would be 100k x 200k comparisons (minutes); map hits take well under a second.
    // The bound leaves room for a slow CI machine.
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
