import { describe, expect, it } from 'vitest';
import { ALL_STATUSES, context, expectChanges, expectRefusal, user } from './test-helpers.ts';
import { setTimeZone } from './time-zone.ts';

describe('set time zone', () => {
  it.each(ALL_STATUSES)('set time zone is allowed for an %s user, recorded as a manual edit', (status) => {
    const target = user({ id: 5, status, timeZone: 'UTC' });
    const changes = expectChanges(setTimeZone(context([target]), 5, ' Europe/Paris '));
    expect(changes).toEqual([
      { op: 'setAttributes', user: 5, timeZone: { value: 'Europe/Paris', source: 'manual' } },
      {
        op: 'audit',
        user: 5,
        action: 'set_time_zone',
        before: { timeZone: 'UTC' },
        after: { timeZone: 'Europe/Paris' },
      },
    ]);
  });

  it('set time zone with null returns the user to the account default', () => {
    const target = user({ id: 5, timeZone: 'Asia/Tokyo' });
    const changes = expectChanges(setTimeZone(context([target]), 5, null));
    expect(changes[0]).toEqual({ op: 'setAttributes', user: 5, timeZone: { value: null, source: 'manual' } });
  });

  it('set time zone is refused for a name that is not an IANA zone', () => {
    const target = user({ id: 5 });
    const error = expectRefusal(setTimeZone(context([target]), 5, 'Mars/Olympus_Mons'), 'validation_failed');
    expect(error.details).toEqual({ timeZone: 'Mars/Olympus_Mons' });
  });

  it('set time zone is refused for an unknown user', () => {
    expectRefusal(setTimeZone(context([]), 5, 'Europe/Paris'), 'not_found');
  });
});
