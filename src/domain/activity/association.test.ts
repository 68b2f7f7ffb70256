import { describe, expect, it } from 'vitest';
import { planActivity } from './record-activity.ts';
import { agent, changesOf, context, identifier, report, user } from './test-helpers.ts';

describe('agent-user association', () => {
  it('first report assigns the agent to the user whose UPN is the login username', () => {
    const ctx = context({ users: [user(1, { identifiers: [{ type: 'upn', value: 'Jane.Doe@acme.com' }] })] });
    const plan = planActivity(ctx, [report('AzureAD\\jane.doe@acme.com')]);

    expect(changesOf(plan.changes, 'createUser')).toEqual([]);
    expect(changesOf(plan.changes, 'createAgent')).toEqual([
      { op: 'createAgent', ref: 'agent:1', user: 1, username: 'jane.doe@acme.com', logonDomain: 'AzureAD' },
    ]);
    expect(changesOf(plan.changes, 'recordActivity').map((c) => c.agent)).toEqual(['agent:1']);
    expect(plan.counts).toMatchObject({ agentsCreated: 1, associated: 1, usersCreated: 0 });
  });

  it('first report assigns by the local part of an email for a plain username', () => {
    const ctx = context({ users: [user(2, { identifiers: [{ type: 'email', value: 'jsmith@acme.com' }] })] });
    const plan = planActivity(ctx, [report('ACME\\JSmith')]);

    expect(changesOf(plan.changes, 'createAgent').map((c) => c.user)).toEqual([2]);
  });

  it('first report assigns by a device login whose domain is * (any domain)', () => {
    const ctx = context({
      users: [user(3, { identifiers: [{ type: 'device_login', value: 'kim', domain: '*' }] })],
    });
    const plan = planActivity(ctx, [report('BRANCH-7\\kim')]);

    expect(changesOf(plan.changes, 'createAgent').map((c) => c.user)).toEqual([3]);
  });

  it('a device login on another logon domain does not match', () => {
    const ctx = context({
      users: [user(3, { identifiers: [{ type: 'device_login', value: 'kim', domain: 'ACME' }] })],
    });
    const plan = planActivity(ctx, [report('OTHER\\kim')]);

    expect(changesOf(plan.changes, 'createAgent').map((c) => c.user)).toEqual(['new:agent-1']);
  });

  it('employee IDs are not an association path', () => {
    const ctx = context({ users: [user(4, { identifiers: [{ type: 'employee_id', value: 'e1001' }] })] });
    const plan = planActivity(ctx, [report('ACME\\e1001')]);

    expect(changesOf(plan.changes, 'createUser')).toHaveLength(1);
    expect(changesOf(plan.changes, 'createAgent').map((c) => c.user)).toEqual(['new:agent-1']);
  });

  describe('expanded association', () => {
    const patLee = user(5, { displayName: 'Pat.Lee' });
    const owner = user(6, { identifiers: [{ type: 'email', value: 'someone@acme.com' }] });

    it('matches display names when on', () => {
      const ctx = context({ users: [patLee], settings: { expandedAgentUserAssociation: true } });
      const plan = planActivity(ctx, [report('ACME\\pat.lee')]);

      expect(changesOf(plan.changes, 'createAgent').map((c) => c.user)).toEqual([5]);
    });

    it('does not match display names when off', () => {
      const ctx = context({ users: [patLee] });
      const plan = planActivity(ctx, [report('ACME\\pat.lee')]);

      expect(changesOf(plan.changes, 'createAgent').map((c) => c.user)).toEqual(['new:agent-1']);
    });

    it('matches display names for new agents only: an existing agent stays with its user', () => {
      const existing = agent(70, 6, 'OTHER\\pat.lee', { hasData: true });
      const ctx = context({
        users: [patLee, owner],
        agents: [existing],
        settings: { expandedAgentUserAssociation: true },
      });
      const plan = planActivity(ctx, [report('OTHER\\pat.lee')]);

      expect(changesOf(plan.changes, 'createAgent')).toEqual([]);
      expect(changesOf(plan.changes, 'assignAgent')).toEqual([]);
      expect(changesOf(plan.changes, 'recordActivity').map((c) => c.agent)).toEqual([70]);
    });
  });

  it('no match creates a tracked user with the login as its device login (source agent), with audit entries', () => {
    const plan = planActivity(context(), [report('ACME\\newbie')]);

    expect(plan.changes.filter((c) => c.op !== 'audit')).toEqual([
      { op: 'createUser', ref: 'new:agent-1', tracking: 'tracked' },
      {
        op: 'addIdentifier',
        user: 'new:agent-1',
        identifier: expect.objectContaining({ type: 'device_login', value: 'newbie', domain: 'ACME' }),
        source: 'agent',
      },
      { op: 'createAgent', ref: 'agent:1', user: 'new:agent-1', username: 'newbie', logonDomain: 'ACME' },
      { op: 'recordActivity', agent: 'agent:1', firstLog: expect.any(Date), lastLog: expect.any(Date) },
    ]);
    expect(changesOf(plan.changes, 'audit').map((c) => [c.user, c.action])).toEqual([
      ['new:agent-1', 'create_user'],
      ['new:agent-1', 'add_identifier'],
      ['new:agent-1', 'create_agent'],
    ]);
    expect(plan.counts).toMatchObject({ usersCreated: 1, agentsCreated: 1, associated: 0 });
  });

  it('several matches raise an ambiguous_match conflict naming the login, and create no agent', () => {
    const ctx = context({
      users: [
        user(8, { identifiers: [{ type: 'email', value: 'alex@acme.com' }] }),
        user(7, { identifiers: [{ type: 'device_login', value: 'alex', domain: '*' }] }),
      ],
    });
    const plan = planActivity(ctx, [report('ACME\\alex', 5), report('ACME\\alex', 9)]);

    expect(plan.conflicts).toHaveLength(1);
    const [conflict] = plan.conflicts;
    expect(conflict).toMatchObject({
      kind: 'ambiguous_match',
      userIds: [7, 8],
      identifier: { type: 'device_login', value: 'alex', domain: 'ACME' },
      details: { agent: { username: 'alex', logonDomain: 'ACME' } },
    });
    expect(conflict?.message).toContain('ACME\\alex');
    expect(plan.changes).toEqual([]);
    expect(plan.counts).toMatchObject({ ambiguous: 1, agentsCreated: 0, agentsRecorded: 0 });
  });

  it('existing agents are never re-associated, even when another user now matches', () => {
    const ctx = context({
      users: [user(1), user(2, { identifiers: [{ type: 'upn', value: 'lee@acme.com' }] })],
      agents: [agent(40, 1, 'ACME\\lee')],
    });
    const plan = planActivity(ctx, [report('acme\\LEE')]);

    expect(plan.changes).toEqual([
      { op: 'recordActivity', agent: 40, firstLog: expect.any(Date), lastLog: expect.any(Date) },
    ]);
  });

  describe('a login username in email form', () => {
    it('is recorded on a new user as a UPN with source agent', () => {
      const plan = planActivity(context(), [report('AzureAD\\ann@acme.com')]);

      const added = changesOf(plan.changes, 'addIdentifier').map((c) => [
        c.identifier.type,
        c.identifier.value,
        c.source,
      ]);
      expect(added).toEqual([
        ['device_login', 'ann@acme.com', 'agent'],
        ['upn', 'ann@acme.com', 'agent'],
      ]);
    });

    it('is recorded on the matched user when it does not hold that address yet', () => {
      const ctx = context({
        users: [user(9, { identifiers: [{ type: 'device_login', value: 'ann@acme.com', domain: '*' }] })],
      });
      const plan = planActivity(ctx, [report('AzureAD\\ann@acme.com')]);

      expect(changesOf(plan.changes, 'addIdentifier')).toEqual([
        {
          op: 'addIdentifier',
          user: 9,
          identifier: expect.objectContaining({ type: 'upn' }),
          source: 'agent',
        },
      ]);
      expect(changesOf(plan.changes, 'audit').map((c) => c.action)).toEqual([
        'create_agent',
        'add_identifier',
      ]);
    });

    it('is not recorded again on a user that holds it (as UPN or email)', () => {
      const ctx = context({ users: [user(9, { identifiers: [{ type: 'email', value: 'Ann@Acme.com' }] })] });
      const plan = planActivity(ctx, [report('AzureAD\\ann@acme.com')]);

      expect(changesOf(plan.changes, 'createAgent').map((c) => c.user)).toEqual([9]);
      expect(changesOf(plan.changes, 'addIdentifier')).toEqual([]);
    });

    it('is not recorded when another user owns it: the association stands, an identifier_in_use conflict says so', () => {
      // The owner is known to the ownership index only (not a candidate): the association chose user 9.
      const ctx = context({
        users: [
          user(9, { identifiers: [{ type: 'device_login', value: 'ann@acme.com', domain: 'AzureAD' }] }),
        ],
      });
      ctx.ownership.add({
        namespace: 'address',
        key: 'ann@acme.com',
        userId: 12,
        identifierId: identifier(12, { type: 'email', value: 'ann@acme.com' }).id,
      });
      const plan = planActivity(ctx, [report('AzureAD\\ann@acme.com')]);

      expect(changesOf(plan.changes, 'createAgent').map((c) => c.user)).toEqual([9]);
      expect(changesOf(plan.changes, 'addIdentifier')).toEqual([]);
      expect(plan.conflicts).toMatchObject([
        { kind: 'identifier_in_use', userIds: [9, 12], identifier: { type: 'upn', value: 'ann@acme.com' } },
      ]);
    });
  });

  it('two logins of one person in one batch land on the user created for the first', () => {
    const plan = planActivity(context(), [report('ACME\\ann'), report('AzureAD\\ann@acme.com')]);

    expect(changesOf(plan.changes, 'createUser').map((c) => c.ref)).toEqual(['new:agent-1']);
    expect(changesOf(plan.changes, 'createAgent').map((c) => [c.ref, c.user, c.username])).toEqual([
      ['agent:1', 'new:agent-1', 'ann@acme.com'],
      ['agent:2', 'new:agent-1', 'ann'],
    ]);
  });
});
