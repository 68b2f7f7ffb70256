import { describe, expect, it } from 'vitest';
import { editDisplayName } from './display-name.ts';
import { ALL_STATUSES, context, expectChanges, expectRefusal, user } from './test-helpers.ts';

const ann = user({ id: 1, displayName: 'Ann Lee', identifiers: [{ type: 'upn', value: 'ann@acme.com' }] });
const bob = user({ id: 2, identifiers: [{ type: 'email', value: 'bob@acme.com' }] });
const ctx = context([ann, bob]);

describe('edit display name', () => {
  it.each(ALL_STATUSES)(
    'edit display name is allowed for an %s user, recorded as a manual edit',
    (status) => {
      const target = user({ id: 5, status, displayName: 'Old Name' });
      const changes = expectChanges(editDisplayName(context([target]), 5, '  New Name '));
      expect(changes).toEqual([
        { op: 'setAttributes', user: 5, displayName: { value: 'New Name', source: 'manual' } },
        {
          op: 'audit',
          user: 5,
          action: 'edit_display_name',
          before: { displayName: 'Old Name' },
          after: { displayName: 'New Name' },
        },
      ]);
    },
  );

  it('edit display name may change the case of the user’s own name', () => {
    const changes = expectChanges(editDisplayName(ctx, 1, 'ANN LEE'));
    expect(changes[0]).toMatchObject({ displayName: { value: 'ANN LEE', source: 'manual' } });
  });

  it('edit display name with null clears the name, as a manual edit a sync will not undo', () => {
    const changes = expectChanges(editDisplayName(ctx, 1, null));
    expect(changes[0]).toEqual({
      op: 'setAttributes',
      user: 1,
      displayName: { value: null, source: 'manual' },
    });
  });

  it('edit display name pins a synced name as manual even when the value is unchanged', () => {
    const changes = expectChanges(editDisplayName(ctx, 1, 'Ann Lee'));
    expect(changes[0]).toMatchObject({ displayName: { value: 'Ann Lee', source: 'manual' } });
  });

  it('edit display name changes nothing when the manual name is already that value', () => {
    const manual = user({ id: 6, displayName: 'Zoe', attributeSource: 'manual' });
    expect(expectChanges(editDisplayName(context([manual]), 6, 'Zoe'))).toEqual([]);
  });

  it('edit display name is refused for a name another user holds, case-insensitively, naming that user', () => {
    const error = expectRefusal(editDisplayName(ctx, 2, ' ann lee '), 'display_name_in_use');
    expect(error.details).toMatchObject({ userId: 1, user: 'Ann Lee', displayName: 'ann lee' });
    expect(error.message).toContain('Ann Lee');
  });

  it('edit display name is refused for a blank name', () => {
    expectRefusal(editDisplayName(ctx, 2, '   '), 'validation_failed');
  });

  it('edit display name is refused for an unknown user', () => {
    expectRefusal(editDisplayName(ctx, 99, 'Someone'), 'not_found');
  });
});
