import { describe, expect, it } from 'vitest';
import { setPrimaryGroup } from './primary-group.ts';
import { context, expectChanges, expectRefusal, user } from './test-helpers.ts';

const groups = ['Sales', 'Support'];

describe('set primary group', () => {
  it.each(['active', 'inactive'] as const)('set primary group is allowed for an %s user', (status) => {
    const target = user({ id: 5, status, groups, primaryGroup: 'Sales' });
    const changes = expectChanges(setPrimaryGroup(context([target]), 5, 'Support'));
    expect(changes).toEqual([
      { op: 'setAttributes', user: 5, primaryGroup: { value: 'Support', source: 'manual' } },
      {
        op: 'audit',
        user: 5,
        action: 'set_primary_group',
        before: { primaryGroup: 'Sales' },
        after: { primaryGroup: 'Support' },
      },
    ]);
  });

  it('set primary group with null clears it', () => {
    const target = user({ id: 5, status: 'active', groups, primaryGroup: 'Sales' });
    const changes = expectChanges(setPrimaryGroup(context([target]), 5, null));
    expect(changes[0]).toEqual({
      op: 'setAttributes',
      user: 5,
      primaryGroup: { value: null, source: 'manual' },
    });
  });

  it('set primary group is refused for an Unlicensed user', () => {
    const target = user({ id: 5, status: 'unlicensed', groups });
    const error = expectRefusal(setPrimaryGroup(context([target]), 5, 'Sales'), 'not_allowed_for_status');
    expect(error.details).toMatchObject({ status: 'unlicensed', allowed: ['active', 'inactive'] });
  });

  it('set primary group is refused for a group the user is not a member of', () => {
    const target = user({ id: 5, status: 'active', groups });
    const error = expectRefusal(setPrimaryGroup(context([target]), 5, 'Finance'), 'not_a_member');
    expect(error.details).toMatchObject({ group: 'Finance', groups });
  });

  it('set primary group is refused for an unknown user', () => {
    expectRefusal(setPrimaryGroup(context([]), 5, 'Sales'), 'not_found');
  });
});
