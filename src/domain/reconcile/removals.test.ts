import { describe, expect, it } from 'vitest';
import type { Change } from '../changes.ts';
import { planReconciliation } from './plan.ts';
import { PARTIAL_SNAPSHOT_NOTE } from './removals.ts';
import { buildSnapshot, ENTRA, planInput, sourceRecord } from './test-fixtures.ts';

function opsOf(changes: Change[]): string[] {
  return changes.filter((c) => c.op !== 'audit').map((c) => c.op);
}

/** User 1 linked as ext-1: one entra UPN (id 1000), one manual email (1001), one entra group. */
function linked() {
  return buildSnapshot({
    users: [
      {
        id: 1,
        identifiers: [
          { type: 'upn', value: 'lee@acme.com', source: ENTRA },
          { type: 'email', value: 'lee.manual@acme.com', source: 'manual' },
        ],
        groups: [
          { group: 'Ops', source: ENTRA },
          { group: 'Admins', source: 'manual' },
        ],
      },
    ],
    links: [{ externalId: 'ext-1', userId: 1 }],
  });
}

const leeRecord = (state: 'active' | 'disabled' | 'terminated') =>
  sourceRecord('ext-1', { upns: ['lee@acme.com'], groups: ['Ops'], state });

describe('disabled and terminated records', () => {
  it('untracks the user of a disabled record when on_disable is untrack, keeping its identifiers', () => {
    const plan = planReconciliation(planInput(linked(), [leeRecord('disabled')]));
    expect(opsOf(plan.changes)).toEqual(['setTracking']);
    expect(plan.changes[0]).toEqual({ op: 'setTracking', user: 1, tracking: 'untracked' });
    expect(plan.linkStates[0]?.state).toBe('disabled');
  });

  it('removes the connector’s identifiers of a terminated record when on_disable is remove_identifiers, keeping the link', () => {
    const input = planInput(linked(), [leeRecord('terminated')]);
    input.policy.onDisable = 'remove_identifiers';
    const plan = planReconciliation(input);
    expect(plan.changes.filter((c) => c.op !== 'audit')).toEqual([
      { op: 'removeIdentifier', identifierId: 1000, userId: 1 },
    ]);
    expect(plan.linkStates).toEqual([expect.objectContaining({ externalId: 'ext-1', state: 'terminated' })]);
  });

  it('treats a disabled record as active when on_disable is ignore (attributes still follow it)', () => {
    const input = planInput(linked(), [{ ...leeRecord('disabled'), displayName: 'Lee Park' }]);
    input.policy.onDisable = 'ignore';
    const plan = planReconciliation(input);
    expect(opsOf(plan.changes)).toEqual(['setAttributes']);
  });

  it('never re-tracks a user when its record is active again (a rehire is the admin’s call), and says so', () => {
    const snapshot = linked();
    const stored = snapshot.users.get(1);
    if (stored) stored.tracking = 'untracked';
    const disabledLink = snapshot.links.get('ext-1');
    if (disabledLink) disabledLink.state = 'terminated';
    const plan = planReconciliation(planInput(snapshot, [leeRecord('active')]));
    expect(opsOf(plan.changes)).toEqual([]);
    expect(plan.notes.join('\n')).toMatch(/stays untracked/);
  });

  it('creates no user for a leaver the connector has never seen', () => {
    const plan = planReconciliation(
      planInput(buildSnapshot(), [sourceRecord('x', { emails: ['x@acme.com'], state: 'terminated' })]),
    );
    expect(plan.changes).toEqual([]);
    expect(plan.counts.skipped).toBe(1);
  });
});

describe('removals and absences', () => {
  it('unlinks a reported removal and takes back only its connector’s identifiers and memberships; the user stays', () => {
    const plan = planReconciliation(planInput(linked(), [], { removals: ['ext-1', 'never-linked'] }));
    expect(plan.changes.filter((c) => c.op !== 'audit')).toEqual([
      { op: 'unlinkSource', connectorId: 'entra', externalId: 'ext-1' },
      { op: 'removeIdentifier', identifierId: 1000, userId: 1 },
      { op: 'removeMembership', user: 1, group: 'Ops', source: ENTRA },
    ]);
    expect(plan.changes.some((c) => c.op === 'deleteUser')).toBe(false);
    expect(plan.removals).toEqual({ links: 1, identifiers: 1 });
  });

  it('treats links absent from a complete full run as removals', () => {
    const plan = planReconciliation(planInput(linked(), [], { outcome: { mode: 'full', complete: true } }));
    expect(opsOf(plan.changes)).toEqual(['unlinkSource', 'removeIdentifier', 'removeMembership']);
  });

  it('does not treat a record quarantined as invalid_record as absent from a complete full run', () => {
    const plan = planReconciliation(
      planInput(linked(), [], {
        invalid: [{ externalId: 'ext-1', reason: 'line 7: 3 fields, header has 5' }],
        outcome: { mode: 'full', complete: true },
      }),
    );
    expect(opsOf(plan.changes)).toEqual([]);
    expect(plan.conflicts.map((c) => c.kind)).toEqual(['invalid_record']);
  });

  it('ignores absences in an incremental run', () => {
    const plan = planReconciliation(
      planInput(linked(), [], { outcome: { mode: 'incremental', complete: true } }),
    );
    expect(plan.changes).toEqual([]);
  });

  it('removes nothing after a full run that did not read every page, and notes the partial snapshot', () => {
    const plan = planReconciliation(
      planInput(linked(), [], { removals: ['ext-1'], outcome: { mode: 'full', complete: false } }),
    );
    expect(plan.changes).toEqual([]);
    expect(plan.notes).toContain(PARTIAL_SNAPSHOT_NOTE);
  });

  it('lets a record present in the run win over a reported removal of the same id', () => {
    const plan = planReconciliation(planInput(linked(), [leeRecord('active')], { removals: ['ext-1'] }));
    expect(plan.changes.some((c) => c.op === 'unlinkSource')).toBe(false);
  });
});
