import { describe, expect, it } from 'vitest';
import { NEW_USER_REF } from './context.ts';
import { changesOf, context, expectChanges, expectRefusal, user } from './test-helpers.ts';
import { addUser } from './users.ts';

const ann = user({
  id: 1,
  displayName: 'Ann Lee',
  status: 'active',
  identifiers: [{ type: 'upn', value: 'ann@acme.com' }],
});
// A record auto-created for an agent: it holds that agent's device login, which does not block.
const shell = user({
  id: 2,
  identifiers: [{ type: 'device_login', value: 'jdoe', domain: 'ACME' }],
  agents: [{ id: 201, username: 'jdoe' }],
});
const owner = user({
  id: 3,
  identifiers: [{ type: 'email', value: 'kim@acme.com' }],
  agents: [{ id: 301, username: 'kim' }],
});
const ctx = context([ann, shell, owner]);

describe('add user', () => {
  it('add user creates a record with a manual display name, time zone and identifiers', () => {
    const changes = expectChanges(
      addUser(ctx, {
        displayName: ' Jane Doe ',
        timeZone: 'America/Chicago',
        identifiers: [
          { type: 'upn', value: 'jane@acme.com' },
          { type: 'employee_id', value: ' E-7 ' },
        ],
      }),
    );
    expect(changes[0]).toEqual({
      op: 'createUser',
      ref: NEW_USER_REF,
      tracking: 'tracked',
      displayName: { value: 'Jane Doe', source: 'manual' },
      timeZone: { value: 'America/Chicago', source: 'manual' },
    });
    expect(changesOf(changes, 'addIdentifier').map((c) => [c.user, c.identifier.key, c.source])).toEqual([
      [NEW_USER_REF, 'jane@acme.com', 'manual'],
      [NEW_USER_REF, 'E-7', 'manual'],
    ]);
    expect(changesOf(changes, 'audit')).toEqual([
      expect.objectContaining({ user: NEW_USER_REF, action: 'add_user', before: null }),
    ]);
  });

  it('add user with nothing else creates a bare tracked record (Unlicensed: it has no agent)', () => {
    const changes = expectChanges(addUser(ctx, {}));
    expect(changes[0]).toEqual({ op: 'createUser', ref: NEW_USER_REF, tracking: 'tracked' });
    expect(changesOf(changes, 'assignAgent')).toEqual([]);
  });

  it('add user may create an untracked record', () => {
    const changes = expectChanges(addUser(ctx, { tracking: 'untracked' }));
    expect(changes[0]).toMatchObject({ op: 'createUser', tracking: 'untracked' });
  });

  it('add user may give one address as both UPN and email', () => {
    const changes = expectChanges(
      addUser(ctx, {
        identifiers: [
          { type: 'upn', value: 'jane@acme.com' },
          { type: 'email', value: 'Jane@acme.com' },
        ],
      }),
    );
    expect(changesOf(changes, 'addIdentifier')).toHaveLength(2);
  });

  it('add user assigns the given agents to the new record and audits the user they left', () => {
    const changes = expectChanges(addUser(ctx, { displayName: 'Jane Doe', agentIds: [201, 201] }));
    expect(changesOf(changes, 'assignAgent')).toEqual([
      { op: 'assignAgent', agentId: 201, fromUserId: 2, toUser: NEW_USER_REF },
    ]);
    expect(changesOf(changes, 'audit').map((a) => [a.user, a.action])).toEqual([
      [NEW_USER_REF, 'add_user'],
      [2, 'assign_agent'],
    ]);
  });

  it('add user is refused for a display name another user holds, naming that user', () => {
    const error = expectRefusal(addUser(ctx, { displayName: 'ANN LEE' }), 'display_name_in_use');
    expect(error.details).toMatchObject({ userId: 1, user: 'Ann Lee' });
  });

  it('add user is refused for a blank display name', () => {
    expectRefusal(addUser(ctx, { displayName: ' ' }), 'validation_failed');
  });

  it('add user is refused for an invalid time zone', () => {
    expectRefusal(addUser(ctx, { timeZone: 'Nowhere/Else' }), 'validation_failed');
  });

  it('add user is refused for an invalid identifier', () => {
    expectRefusal(addUser(ctx, { identifiers: [{ type: 'upn', value: 'jane' }] }), 'validation_failed');
  });

  it('add user is refused for an identifier given twice with the same type', () => {
    const error = expectRefusal(
      addUser(ctx, {
        identifiers: [
          { type: 'email', value: 'jane@acme.com' },
          { type: 'email', value: 'JANE@acme.com' },
        ],
      }),
      'validation_failed',
    );
    expect(error.message).toContain('already present');
  });

  it('add user is refused for an identifier owned by another user, naming that user', () => {
    const error = expectRefusal(
      addUser(ctx, { identifiers: [{ type: 'email', value: 'ann@acme.com' }] }),
      'identifier_in_use',
    );
    expect(error.details).toMatchObject({ userId: 1, user: 'Ann Lee' });
  });

  it('add user is refused for an unknown agent', () => {
    expectRefusal(addUser(ctx, { agentIds: [999] }), 'not_found');
  });

  it('add user is refused for an agent whose current owner still holds an identifier matching it, listing it', () => {
    const error = expectRefusal(addUser(ctx, { agentIds: [201, 301] }), 'conflicting_identifiers');
    expect(error.details).toMatchObject({
      userId: 3,
      identifiers: [{ type: 'email', value: 'kim@acme.com' }],
    });
  });
});
