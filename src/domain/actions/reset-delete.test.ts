import { describe, expect, it } from 'vitest';
import { deleteUser, resetUserData } from './reset-delete.ts';
import { changesOf, context, expectChanges, expectRefusal, user } from './test-helpers.ts';

function subject(status: 'active' | 'inactive' | 'unlicensed') {
  return user({
    id: 5,
    status,
    identifiers: [
      { type: 'upn', value: 'Kim@acme.com' },
      { type: 'device_login', value: 'kim', domain: '*' },
    ],
  });
}

describe('reset user data', () => {
  it.each(['active', 'inactive'] as const)(
    'reset user data is allowed for an %s user: activity deleted, record and agents kept',
    (status) => {
      const changes = expectChanges(resetUserData(context([subject(status)]), 5, true));
      expect(changes.map((c) => c.op)).toEqual(['resetUserData', 'audit']);
      expect(changes[0]).toEqual({ op: 'resetUserData', userId: 5 });
      expect(changes[1]).toMatchObject({
        user: 5,
        action: 'reset_user_data',
        before: { status },
        after: { status: 'unlicensed' },
      });
    },
  );

  it('reset user data is refused for an Unlicensed user', () => {
    const error = expectRefusal(
      resetUserData(context([subject('unlicensed')]), 5, true),
      'not_allowed_for_status',
    );
    expect(error.details).toMatchObject({ status: 'unlicensed', allowed: ['active', 'inactive'] });
  });

  it('reset user data is refused without confirmation', () => {
    expectRefusal(resetUserData(context([subject('active')]), 5, undefined), 'confirmation_required');
  });

  it('reset user data is refused for an unknown user', () => {
    expectRefusal(resetUserData(context([]), 5, true), 'not_found');
  });
});

describe('delete user & data', () => {
  it.each(['active', 'inactive'] as const)(
    'delete user is allowed for an %s user, keeping its identifiers on the DNT list',
    (status) => {
      const changes = expectChanges(deleteUser(context([subject(status)]), 5, true));
      expect(changes.map((c) => c.op)).toEqual(['addDoNotTrack', 'deleteUser', 'audit']);
      expect(changesOf(changes, 'addDoNotTrack')[0]).toEqual({
        op: 'addDoNotTrack',
        reason: 'deleted',
        formerUserId: 5,
        identifiers: [
          { type: 'upn', value: 'Kim@acme.com', domain: null, namespace: 'address', key: 'kim@acme.com' },
          { type: 'device_login', value: 'kim', domain: '*', namespace: 'device_login', key: 'kim\\*' },
        ],
      });
      expect(changesOf(changes, 'audit')[0]).toMatchObject({
        user: 5,
        action: 'delete_user',
        after: { deleted: true },
      });
    },
  );

  it('delete user of a record without identifiers adds nothing to the DNT list', () => {
    const bare = user({ id: 6, status: 'active' });
    const changes = expectChanges(deleteUser(context([bare]), 6, true));
    expect(changes.map((c) => c.op)).toEqual(['deleteUser', 'audit']);
  });

  it('delete user is refused for an Unlicensed user', () => {
    const error = expectRefusal(
      deleteUser(context([subject('unlicensed')]), 5, true),
      'not_allowed_for_status',
    );
    expect(error.details).toMatchObject({ status: 'unlicensed', allowed: ['active', 'inactive'] });
  });

  it('delete user is refused without confirmation', () => {
    expectRefusal(deleteUser(context([subject('inactive')]), 5, false), 'confirmation_required');
  });

  it('delete user is refused for an unknown user', () => {
    expectRefusal(deleteUser(context([]), 5, true), 'not_found');
  });
});
