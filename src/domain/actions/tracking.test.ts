import { describe, expect, it } from 'vitest';
import { statusOf } from './context.ts';
import { ALL_STATUSES, context, expectChanges, expectRefusal, user } from './test-helpers.ts';
import { trackUser, untrackUser } from './tracking.ts';

describe('track', () => {
  it.each(['inactive', 'unlicensed'] as const)(
    'track is allowed for an untracked %s user: tracking resumes and its identifiers leave the DNT list',
    (status) => {
      const target = user({ id: 5, status, tracking: 'untracked' });
      const ctx = context([target]);
      expect(statusOf(ctx, target)).toBe(status);
      const changes = expectChanges(trackUser(ctx, 5));
      expect(changes).toEqual([
        { op: 'setTracking', user: 5, tracking: 'tracked' },
        {
          op: 'audit',
          user: 5,
          action: 'track',
          before: { tracking: 'untracked' },
          after: { tracking: 'tracked' },
        },
      ]);
    },
  );

  it.each(ALL_STATUSES)('track is refused for a %s user that is already tracked', (status) => {
    const target = user({ id: 5, status });
    const error = expectRefusal(trackUser(context([target]), 5), 'not_allowed_for_status');
    expect(error.details).toMatchObject({ status, tracking: 'tracked' });
  });

  it('track is refused for an unknown user', () => {
    expectRefusal(trackUser(context([]), 5), 'not_found');
  });
});

describe('untrack', () => {
  it.each(ALL_STATUSES)(
    'untrack is allowed for a tracked %s user, keeping history and licenses',
    (status) => {
      const target = user({ id: 5, status });
      const changes = expectChanges(untrackUser(context([target]), 5));
      // Only the flag changes: no reset, no agent or identifier change, so data and licenses stay.
      expect(changes).toEqual([
        { op: 'setTracking', user: 5, tracking: 'untracked' },
        {
          op: 'audit',
          user: 5,
          action: 'untrack',
          before: { tracking: 'tracked' },
          after: { tracking: 'untracked' },
        },
      ]);
    },
  );

  it('untrack is refused for a user that is already untracked', () => {
    const target = user({ id: 5, status: 'inactive', tracking: 'untracked' });
    const error = expectRefusal(untrackUser(context([target]), 5), 'not_allowed_for_status');
    expect(error.details).toMatchObject({ status: 'inactive', tracking: 'untracked' });
  });

  it('untrack is refused for an unknown user', () => {
    expectRefusal(untrackUser(context([]), 5), 'not_found');
  });
});
