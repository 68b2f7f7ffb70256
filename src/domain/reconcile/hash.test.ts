import { describe, expect, it } from 'vitest';
import { hashSourceRecord } from './hash.ts';
import { sourceRecord } from './test-fixtures.ts';

describe('content hash', () => {
  const record = sourceRecord('ext-1', {
    upns: ['a@acme.com'],
    emails: ['b@acme.com', 'c@acme.com'],
    groups: ['Ops', 'Sales'],
    deviceLogins: [
      { username: 'a', domain: 'ACME' },
      { username: 'a', domain: '*' },
    ],
  });

  it('hashes a record the same whatever the order of its lists', () => {
    const reordered = {
      ...record,
      emails: ['c@acme.com', 'b@acme.com'],
      groups: ['Sales', 'Ops'],
      deviceLogins: [...record.deviceLogins].reverse(),
    };
    expect(hashSourceRecord(reordered)).toBe(hashSourceRecord(record));
  });

  it('hashes any change of content or state differently', () => {
    const variants = [
      { ...record, state: 'disabled' as const },
      { ...record, displayName: 'Ann' },
      { ...record, emails: ['b@acme.com'] },
      { ...record, primaryGroup: 'Ops' },
      { ...record, deviceLogins: [{ username: 'a\\ACME', domain: '' }] },
    ];
    const hashes = new Set([record, ...variants].map(hashSourceRecord));
    expect(hashes.size).toBe(variants.length + 1);
  });
});
