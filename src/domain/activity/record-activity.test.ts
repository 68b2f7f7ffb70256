import { describe, expect, it } from 'vitest';
import type { ActivityReport } from './context.ts';
import { FUTURE_TOLERANCE_MS, planActivity } from './record-activity.ts';
import { agent, at, changesOf, context, NOW, report, user } from './test-helpers.ts';

describe('recording activity', () => {
  it('first and last log are the min and max across a batch, one recordActivity per agent (case-insensitive login)', () => {
    const ctx = context({ users: [user(1)], agents: [agent(10, 1, 'ACME\\sam')] });
    const plan = planActivity(ctx, [
      report('ACME\\sam', 30),
      report('acme\\SAM', 5),
      report('ACME\\sam', 55),
      report('Acme\\Sam', 20),
    ]);

    expect(changesOf(plan.changes, 'recordActivity')).toEqual([
      { op: 'recordActivity', agent: 10, firstLog: at(5), lastLog: at(55) },
    ]);
    expect(plan.counts).toMatchObject({ reports: 4, agentsRecorded: 1 });
  });

  it('an agent with data keeps its earlier first log and later last log', () => {
    const stored = agent(10, 1, 'ACME\\sam', { hasData: true, firstLog: at(-600), lastLog: at(90) });
    const plan = planActivity(context({ users: [user(1)], agents: [stored] }), [report('ACME\\sam', 30)]);

    expect(changesOf(plan.changes, 'recordActivity')).toEqual([
      { op: 'recordActivity', agent: 10, firstLog: at(-600), lastLog: at(90) },
    ]);
  });

  it('after a reset (no data) the first log starts again from the batch', () => {
    const stored = agent(10, 1, 'ACME\\sam', { hasData: false, firstLog: at(-600), lastLog: at(-500) });
    const plan = planActivity(context({ users: [user(1)], agents: [stored] }), [report('ACME\\sam', 30)]);

    expect(changesOf(plan.changes, 'recordActivity')).toEqual([
      { op: 'recordActivity', agent: 10, firstLog: at(30), lastLog: at(30) },
    ]);
  });

  it('a new agent is created once per batch and its activity recorded after it', () => {
    const plan = planActivity(context(), [report('ACME\\new', 9), report('ACME\\NEW', 1)]);

    expect(plan.changes.filter((c) => c.op === 'createAgent' || c.op === 'recordActivity')).toEqual([
      { op: 'createAgent', ref: 'agent:1', user: 'new:agent-1', username: 'new', logonDomain: 'ACME' },
      { op: 'recordActivity', agent: 'agent:1', firstLog: at(1), lastLog: at(9) },
    ]);
  });

  it('invalid reports are rejected by index and the rest proceed', () => {
    const reports: ActivityReport[] = [
      report('ACME\\ok', 1),
      { username: '  ', logonDomain: 'ACME', at: at(2) },
      { username: 'x', logonDomain: 'ACME', at: new Date('not a date') },
      { username: 'x', logonDomain: '', at: at(3) },
      { username: 'x', logonDomain: '*', at: at(3) },
      { username: 'x', logonDomain: 'ACME', at: new Date(NOW.getTime() + FUTURE_TOLERANCE_MS + 1) },
      { username: 'a\\b', logonDomain: 'ACME', at: at(3) },
      report('ACME\\ok', 4),
    ];
    const plan = planActivity(context(), reports);

    expect(plan.rejected.map((r) => r.index)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(plan.rejected.every((r) => r.reason.length > 0)).toBe(true);
    expect(plan.counts).toMatchObject({ reports: 8, invalid: 6, agentsCreated: 1 });
    expect(changesOf(plan.changes, 'recordActivity')).toEqual([
      { op: 'recordActivity', agent: 'agent:1', firstLog: at(1), lastLog: at(4) },
    ]);
  });

  it('is deterministic: logins are planned in key order whatever the order of the reports', () => {
    const reports = [
      report('ACME\\zoe', 1),
      report('ACME\\adam', 2),
      report('BETA\\adam', 3),
      report('ACME\\mia', 4),
    ];
    const forward = planActivity(context(), reports);
    const backward = planActivity(context(), [...reports].reverse());

    expect(backward).toEqual(forward);
    expect(changesOf(forward.changes, 'createAgent').map((c) => `${c.logonDomain}\\${c.username}`)).toEqual([
      'ACME\\adam',
      'BETA\\adam',
      'ACME\\mia',
      'ACME\\zoe',
    ]);
  });

  it('an existing agent whose owner was not loaded is a loading bug and throws', () => {
    const ctx = context({ agents: [agent(10, 99, 'ACME\\sam')] });

    expect(() => planActivity(ctx, [report('ACME\\sam')])).toThrow(/user 99/);
  });

  it('plans a batch of thousands of logins against thousands of users in linear time', () => {
    const count = 20_000;
    const users = Array.from({ length: count }, (_, i) =>
      user(i + 1, { identifiers: [{ type: 'email', value: `person${i}@acme.com` }] }),
    );
    const reports = Array.from({ length: count }, (_, i) =>
      report(`ACME\\person${i}`, i % 60, [`p${i}@acme.com`]),
    );
    const ctx = context({ users });

    const started = performance.now();
    const plan = planActivity(ctx, reports);
    const elapsed = performance.now() - started;

    expect(plan.counts).toMatchObject({ agentsCreated: count, associated: count, emailsDetected: count });
    // A quadratic plan (every login against every user) takes minutes at this size.
    expect(elapsed).toBeLessThan(5_000);
  });
});
