import { describe, expect, it } from 'vitest';
import { buildDoNotTrackCheck } from './dnt.ts';
import { planActivity } from './record-activity.ts';
import { agent, context, normalized, report, user } from './test-helpers.ts';

describe('Do Not Track', () => {
  it('a deleted user’s DNT entry blocks a new login: no agent, no user, no activity', () => {
    const ctx = context({ doNotTrack: [normalized({ type: 'upn', value: 'gone@acme.com' })] });
    const plan = planActivity(ctx, [report('ACME\\gone', 1, ['gone.work@acme.com'])]);

    expect(plan.changes).toEqual([]);
    expect(plan.conflicts).toEqual([]);
    expect(plan.counts).toMatchObject({
      notTracked: 1,
      usersCreated: 0,
      agentsCreated: 0,
      emailsDetected: 0,
    });
  });

  it('a deleted user’s DNT device login blocks the existing agent that still reports', () => {
    const ctx = context({
      users: [user(1)],
      agents: [agent(10, 1, 'ACME\\gone', { hasData: true })],
      doNotTrack: [normalized({ type: 'device_login', value: 'gone', domain: '*' })],
    });
    const plan = planActivity(ctx, [report('ACME\\gone')]);

    expect(plan.changes).toEqual([]);
    expect(plan.counts.notTracked).toBe(1);
  });

  it('a login matching an untracked user’s identifier is not tracked, and no user is created for it', () => {
    const ctx = context({
      users: [user(2, { tracking: 'untracked', identifiers: [{ type: 'email', value: 'quiet@acme.com' }] })],
    });
    const plan = planActivity(ctx, [report('LAPTOP-9\\quiet')]);

    expect(plan.changes).toEqual([]);
    expect(plan.counts.notTracked).toBe(1);
  });

  it('a login matching an untracked user is not tracked even when a tracked user matches it too', () => {
    const ctx = context({
      users: [
        user(2, { tracking: 'untracked', identifiers: [{ type: 'email', value: 'quiet@acme.com' }] }),
        user(3, { identifiers: [{ type: 'device_login', value: 'quiet', domain: 'LAPTOP-9' }] }),
      ],
    });
    const plan = planActivity(ctx, [report('LAPTOP-9\\quiet')]);

    expect(plan.changes).toEqual([]);
    expect(plan.conflicts).toEqual([]);
    expect(plan.counts).toMatchObject({ notTracked: 1, ambiguous: 0 });
  });

  it('an untracked user’s employee ID counts for DNT (the agent-matching rule)', () => {
    const check = buildDoNotTrackCheck(
      context({
        users: [user(2, { tracking: 'untracked', identifiers: [{ type: 'employee_id', value: 'E77' }] })],
      }),
    );

    expect(check({ username: 'e77', logonDomain: 'ACME' })).toMatchObject({ reason: 'untracked', userId: 2 });
    expect(check({ username: 'e78', logonDomain: 'ACME' })).toBeNull();
  });

  it('a tracked user’s identifiers are not on the DNT list', () => {
    const check = buildDoNotTrackCheck(
      context({ users: [user(3, { identifiers: [{ type: 'email', value: 'busy@acme.com' }] })] }),
    );

    expect(check({ username: 'busy', logonDomain: 'ACME' })).toBeNull();
  });

  it('an untracked user’s agent collects nothing: no activity, no has-data, no emails', () => {
    const ctx = context({
      users: [user(4, { tracking: 'untracked' })],
      agents: [agent(11, 4, 'ACME\\reassigned')],
    });
    const plan = planActivity(ctx, [report('ACME\\reassigned', 3, ['reassigned@acme.com'])]);

    expect(plan.changes).toEqual([]);
    expect(plan.counts).toMatchObject({ notTracked: 1, agentsRecorded: 0, emailsDetected: 0 });
  });

  it('a new login matched to an untracked user by display name is not tracked either', () => {
    const ctx = context({
      users: [user(5, { tracking: 'untracked', displayName: 'robin' })],
      settings: { expandedAgentUserAssociation: true },
    });
    const plan = planActivity(ctx, [report('ACME\\robin')]);

    expect(plan.changes).toEqual([]);
    expect(plan.counts.notTracked).toBe(1);
  });
});
