import { describe, expect, it } from 'vitest';
import { addIdentifier, editIdentifier, removeIdentifier } from './identifiers.ts';
import { ALL_STATUSES, changesOf, context, expectChanges, expectRefusal, user } from './test-helpers.ts';

const ann = user({
  id: 1,
  displayName: 'Ann Lee',
  identifiers: [
    { id: 11, type: 'upn', value: 'ann@acme.com' },
    { id: 12, type: 'device_login', value: 'alee', domain: '*' },
  ],
});
const bob = user({ id: 2, identifiers: [{ id: 21, type: 'email', value: 'bob@acme.com' }] });
const carl = user({ id: 3, identifiers: [{ id: 31, type: 'device_login', value: 'carl', domain: 'ACME' }] });
const ctx = context([ann, bob, carl]);

describe('add identifier', () => {
  it.each(ALL_STATUSES)('add identifier is allowed for an %s user, as a manual identifier', (status) => {
    const target = user({ id: 5, status });
    const changes = expectChanges(
      addIdentifier(context([target]), 5, { type: 'email', value: ' Eve@Acme.com ' }),
    );
    const [added] = changesOf(changes, 'addIdentifier');
    expect(added).toMatchObject({ user: 5, source: 'manual' });
    expect(added?.identifier).toMatchObject({ type: 'email', value: 'Eve@Acme.com', key: 'eve@acme.com' });
    expect(changesOf(changes, 'audit')).toEqual([
      {
        op: 'audit',
        user: 5,
        action: 'add_identifier',
        before: null,
        after: { type: 'email', value: 'Eve@Acme.com', source: 'manual' },
      },
    ]);
  });

  it('add identifier adds a device login with the Any domain', () => {
    const changes = expectChanges(
      addIdentifier(ctx, 2, { type: 'device_login', value: 'bsmith', domain: '*' }),
    );
    expect(changesOf(changes, 'addIdentifier')[0]?.identifier).toMatchObject({
      type: 'device_login',
      value: 'bsmith',
      domain: '*',
    });
  });

  it('add identifier lets a user hold one address both as UPN and as email', () => {
    const changes = expectChanges(addIdentifier(ctx, 1, { type: 'email', value: 'ANN@acme.com' }));
    expect(changesOf(changes, 'addIdentifier')).toHaveLength(1);
  });

  it('add identifier is refused for an address owned by another user, naming that user', () => {
    const error = expectRefusal(
      addIdentifier(ctx, 2, { type: 'email', value: 'Ann@Acme.com' }),
      'identifier_in_use',
    );
    expect(error.details).toMatchObject({
      identifier: { type: 'email', value: 'Ann@Acme.com' },
      userId: 1,
      user: 'Ann Lee',
    });
    expect(error.message).toContain('Ann Lee');
  });

  it('add identifier is refused for an email that is another user’s UPN (UPNs and emails share one namespace)', () => {
    const error = expectRefusal(
      addIdentifier(ctx, 2, { type: 'upn', value: 'ann@acme.com' }),
      'identifier_in_use',
    );
    expect(error.details).toMatchObject({ userId: 1 });
  });

  it('add identifier is refused for a device login overlapped by another user’s Any-domain login', () => {
    const error = expectRefusal(
      addIdentifier(ctx, 2, { type: 'device_login', value: 'ALEE', domain: 'corp' }),
      'identifier_in_use',
    );
    expect(error.details).toMatchObject({ userId: 1, user: 'Ann Lee' });
  });

  it('add identifier is refused for an Any-domain login that overlaps another user’s device login', () => {
    const error = expectRefusal(
      addIdentifier(ctx, 2, { type: 'device_login', value: 'carl', domain: '*' }),
      'identifier_in_use',
    );
    expect(error.details).toMatchObject({ userId: 3, user: 'ACME\\carl' });
  });

  it('add identifier is refused when the user already has it with the same type', () => {
    const error = expectRefusal(
      addIdentifier(ctx, 1, { type: 'upn', value: 'ANN@ACME.COM' }),
      'validation_failed',
    );
    expect(error.message).toContain('already present');
  });

  it('add identifier is refused for an email that is not a valid address', () => {
    expectRefusal(addIdentifier(ctx, 1, { type: 'email', value: 'not an address' }), 'validation_failed');
  });

  it('add identifier is refused for an unknown user', () => {
    expectRefusal(addIdentifier(ctx, 99, { type: 'email', value: 'x@acme.com' }), 'not_found');
  });
});

describe('edit identifier', () => {
  it('edit identifier replaces the value: the old one removed, the new one added as manual', () => {
    const changes = expectChanges(editIdentifier(ctx, 2, 21, { type: 'email', value: 'robert@acme.com' }));
    expect(changes.slice(0, 2)).toEqual([
      { op: 'removeIdentifier', identifierId: 21, userId: 2 },
      expect.objectContaining({ op: 'addIdentifier', user: 2, source: 'manual' }),
    ]);
    expect(changesOf(changes, 'audit')[0]).toMatchObject({
      action: 'edit_identifier',
      before: { type: 'email', value: 'bob@acme.com' },
      after: { type: 'email', value: 'robert@acme.com', source: 'manual' },
    });
  });

  it('edit identifier may change only the case of the value', () => {
    const changes = expectChanges(editIdentifier(ctx, 2, 21, { type: 'email', value: 'Bob@acme.com' }));
    expect(changesOf(changes, 'addIdentifier')[0]?.identifier.value).toBe('Bob@acme.com');
  });

  it('edit identifier changes nothing when a manual identifier is given its own value again', () => {
    expect(expectChanges(editIdentifier(ctx, 2, 21, { type: 'email', value: 'bob@acme.com' }))).toEqual([]);
  });

  it('edit identifier is refused when the new value is owned by another user, naming that user', () => {
    const error = expectRefusal(
      editIdentifier(ctx, 2, 21, { type: 'email', value: 'ann@acme.com' }),
      'identifier_in_use',
    );
    expect(error.details).toMatchObject({ userId: 1, user: 'Ann Lee' });
  });

  it('edit identifier is refused when the user already has the new value with the same type', () => {
    const both = user({
      id: 7,
      identifiers: [
        { id: 71, type: 'email', value: 'a@acme.com' },
        { id: 72, type: 'email', value: 'b@acme.com' },
      ],
    });
    expectRefusal(
      editIdentifier(context([both]), 7, 72, { type: 'email', value: 'A@acme.com' }),
      'validation_failed',
    );
  });

  it('edit identifier is refused for an invalid new value', () => {
    expectRefusal(editIdentifier(ctx, 2, 21, { type: 'upn', value: 'bob@' }), 'validation_failed');
  });

  it('edit identifier is refused for an identifier the user does not hold', () => {
    expectRefusal(editIdentifier(ctx, 2, 11, { type: 'email', value: 'x@acme.com' }), 'not_found');
  });
});

describe('remove identifier', () => {
  it('remove identifier removes it, whatever its source, and audits the removed value', () => {
    const synced = user({
      id: 8,
      status: 'active',
      identifiers: [{ id: 81, type: 'employee_id', value: 'E-1', source: 'connector:hr' }],
    });
    const changes = expectChanges(removeIdentifier(context([synced]), 8, 81));
    expect(changes).toEqual([
      { op: 'removeIdentifier', identifierId: 81, userId: 8 },
      {
        op: 'audit',
        user: 8,
        action: 'remove_identifier',
        before: { type: 'employee_id', value: 'E-1', source: 'connector:hr' },
        after: null,
      },
    ]);
  });

  it('remove identifier is refused for an identifier the user does not hold', () => {
    expectRefusal(removeIdentifier(ctx, 1, 21), 'not_found');
  });

  it('remove identifier is refused for an unknown user', () => {
    expectRefusal(removeIdentifier(ctx, 99, 11), 'not_found');
  });
});
