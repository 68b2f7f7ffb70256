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
      identifiers: [...record.identifiers].reverse(),
      groups: ['Sales', 'Ops'],
    };
    expect(hashSourceRecord(reordered)).toBe(hashSourceRecord(record));
  });

  it('hashes any change of content or state differently', () => {
    const withoutEmail = record.identifiers.filter((i) => i.value !== 'c@acme.com');
    const variants = [
      { ...record, state: 'disabled' as const },
      { ...record, displayName: 'Ann' },
      { ...record, identifiers: withoutEmail },
      { ...record, primaryGroup: 'Ops' },
      {
        ...record,
        identifiers: [{ type: 'device_login' as const, value: 'a\\ACME', domain: '', field: 'device_login' }],
      },
      // The same value under another source field is another statement (a delta replaces by field).
      { ...record, identifiers: record.identifiers.map((i) => ({ ...i, field: `x-${i.field}` })) },
    ];
    const hashes = new Set([record, ...variants].map(hashSourceRecord));
    expect(hashes.size).toBe(variants.length + 1);
  });

  it('tells an unknown attribute from an empty one', () => {
    const named = { ...record, displayName: 'Ann' };
    const unknown = { ...record, displayName: undefined };
    const empty = { ...record, displayName: null };
    const unknownState = { ...record, state: undefined };
    expect(new Set([named, unknown, empty, unknownState].map(hashSourceRecord)).size).toBe(4);
  });
});
