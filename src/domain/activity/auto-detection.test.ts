import { describe, expect, it } from 'vitest';
import { disableEmailAutoDetection } from './auto-detection.ts';
import { planActivity } from './record-activity.ts';
import { agent, changesOf, context, report, user } from './test-helpers.ts';

const owner = user(1, { identifiers: [{ type: 'upn', value: 'sam@acme.com' }] });
const samAgent = agent(10, 1, 'ACME\\sam', { hasData: true });

function addedEmails(changes: ReturnType<typeof planActivity>['changes']) {
  return changesOf(changes, 'addIdentifier').map((c) => [
    c.user,
    c.identifier.type,
    c.identifier.value,
    c.source,
  ]);
}

describe('email auto-detection', () => {
  it('adds business emails seen in activity to the agent’s user with source auto_detected, audited', () => {
    const ctx = context({ users: [owner], agents: [samAgent] });
    const plan = planActivity(ctx, [
      report('ACME\\sam', 1, ['Sam.Lee@acme.com']),
      report('ACME\\sam', 2, ['sam.lee@ACME.com', 'sales@acme.com']),
    ]);

    expect(addedEmails(plan.changes)).toEqual([
      [1, 'email', 'Sam.Lee@acme.com', 'auto_detected'],
      [1, 'email', 'sales@acme.com', 'auto_detected'],
    ]);
    expect(changesOf(plan.changes, 'audit').map((c) => [c.user, c.action])).toEqual([
      [1, 'add_identifier'],
      [1, 'add_identifier'],
    ]);
    expect(plan.counts.emailsDetected).toBe(2);
  });

  it('adds detected emails to a user created for a new agent', () => {
    const plan = planActivity(context(), [report('ACME\\newbie', 1, ['newbie@acme.com'])]);

    expect(addedEmails(plan.changes)).toContainEqual([
      'new:agent-1',
      'email',
      'newbie@acme.com',
      'auto_detected',
    ]);
  });

  it('never adds emails of personal domains', () => {
    const ctx = context({ users: [owner], agents: [samAgent] });
    const plan = planActivity(ctx, [report('ACME\\sam', 1, ['sam1987@gmail.com', 'Sam@Outlook.COM'])]);

    expect(addedEmails(plan.changes)).toEqual([]);
    expect(plan.counts.emailsDetected).toBe(0);
  });

  it('adds nothing when the setting is off', () => {
    const ctx = context({ users: [owner], agents: [samAgent], settings: { emailAutoDetection: false } });
    const plan = planActivity(ctx, [report('ACME\\sam', 1, ['sam.lee@acme.com'])]);

    expect(addedEmails(plan.changes)).toEqual([]);
    expect(changesOf(plan.changes, 'recordActivity')).toHaveLength(1);
  });

  it('skips an address the user already holds, as UPN or email', () => {
    const ctx = context({ users: [owner], agents: [samAgent] });
    const plan = planActivity(ctx, [report('ACME\\sam', 1, ['SAM@acme.com'])]);

    expect(addedEmails(plan.changes)).toEqual([]);
    expect(plan.conflicts).toEqual([]);
  });

  it('refuses an email owned by another user: identifier_in_use naming that user, nothing added', () => {
    const other = user(2, {
      displayName: 'Robin Roe',
      identifiers: [{ type: 'email', value: 'shared@acme.com' }],
    });
    const ctx = context({ users: [owner, other], agents: [samAgent] });
    const plan = planActivity(ctx, [report('ACME\\sam', 1, ['shared@acme.com'])]);

    expect(addedEmails(plan.changes)).toEqual([]);
    expect(plan.conflicts).toHaveLength(1);
    expect(plan.conflicts[0]).toMatchObject({
      kind: 'identifier_in_use',
      identifier: { type: 'email', value: 'shared@acme.com' },
      userIds: [1, 2],
      details: { source: 'auto_detected', agent: { username: 'sam', logonDomain: 'ACME' } },
    });
    expect(plan.conflicts[0]?.message).toContain('Robin Roe');
  });

  it('gives an address seen by two users’ agents in one batch to the first login only', () => {
    const kim = user(3, { identifiers: [{ type: 'upn', value: 'kim@acme.com' }] });
    const ctx = context({ users: [owner, kim], agents: [samAgent, agent(11, 3, 'ACME\\kim')] });
    const plan = planActivity(ctx, [
      report('ACME\\sam', 1, ['team@acme.com']),
      report('ACME\\kim', 2, ['team@acme.com']),
    ]);

    expect(addedEmails(plan.changes)).toEqual([[3, 'email', 'team@acme.com', 'auto_detected']]);
    expect(plan.conflicts).toMatchObject([{ kind: 'identifier_in_use', userIds: [1, 3] }]);
  });

  it('ignores invalid addresses and counts them', () => {
    const ctx = context({ users: [owner], agents: [samAgent] });
    const plan = planActivity(ctx, [report('ACME\\sam', 1, ['not-an-address', 'a@b', 'ok@acme.com'])]);

    expect(addedEmails(plan.changes)).toEqual([[1, 'email', 'ok@acme.com', 'auto_detected']]);
    expect(plan.counts.invalidEmails).toBe(2);
  });
});

describe('disabling email auto-detection', () => {
  it('removes only the auto-detected emails; manual, connector and agent ones stay', () => {
    const users = [
      user(2, {
        identifiers: [
          { type: 'email', value: 'manual@acme.com', source: 'manual' },
          { type: 'email', value: 'found@acme.com', source: 'auto_detected' },
          { type: 'upn', value: 'agent@acme.com', source: 'agent' },
        ],
      }),
      user(1, {
        identifiers: [
          { type: 'email', value: 'hr@acme.com', source: 'connector:bamboo' },
          { type: 'email', value: 'seen@acme.com', source: 'auto_detected' },
        ],
      }),
    ];
    const changes = disableEmailAutoDetection(users);

    const removed = changesOf(changes, 'removeIdentifier');
    const autoDetected = users.flatMap((u) => u.identifiers.filter((i) => i.source === 'auto_detected'));
    expect(removed).toEqual(
      [...autoDetected]
        .sort((a, b) => a.userId - b.userId)
        .map((i) => ({ op: 'removeIdentifier', identifierId: i.id, userId: i.userId })),
    );
    expect(changesOf(changes, 'audit').map((c) => [c.user, c.action, c.before])).toEqual([
      [1, 'remove_identifier', { type: 'email', value: 'seen@acme.com', source: 'auto_detected' }],
      [2, 'remove_identifier', { type: 'email', value: 'found@acme.com', source: 'auto_detected' }],
    ]);
  });

  it('changes nothing when no user has auto-detected emails', () => {
    const users = [user(1, { identifiers: [{ type: 'email', value: 'manual@acme.com' }] })];

    expect(disableEmailAutoDetection(users)).toEqual([]);
  });
});
