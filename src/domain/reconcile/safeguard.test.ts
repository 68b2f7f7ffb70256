import { describe, expect, it } from 'vitest';
import { planReconciliation } from './plan.ts';
import { buildSnapshot, ENTRA, planInput, sourceRecord } from './test-fixtures.ts';

/** Ten users, each linked and holding one entra email. */
function tenLinkedUsers() {
  const ids = Array.from({ length: 10 }, (_, i) => i + 1);
  return buildSnapshot({
    users: ids.map((id) => ({
      id,
      identifiers: [{ type: 'email', value: `u${id}@acme.com`, source: ENTRA }],
    })),
    links: ids.map((id) => ({ externalId: `ext-${id}`, userId: id })),
  });
}

function fullRunKeeping(kept: number, threshold: { count: number; percent: number }, lifted = false) {
  const records = Array.from({ length: kept }, (_, i) =>
    sourceRecord(`ext-${i + 1}`, { emails: [`u${i + 1}@acme.com`] }),
  );
  return planReconciliation(
    planInput(tenLinkedUsers(), records, {
      outcome: { mode: 'full', complete: true },
      policy: { onDisable: 'untrack', deletionThreshold: threshold, safeguardLifted: lifted },
    }),
  );
}

describe('deletion safeguard', () => {
  it('blocks a run removing more links than the count threshold, planning no change at all', () => {
    const plan = fullRunKeeping(7, { count: 2, percent: 100 });
    expect(plan.removals).toEqual({ links: 3, identifiers: 3 });
    expect(plan.verdict.blocked).toBe(true);
    expect(plan.changes).toEqual([]);
    expect(plan.linkStates).toEqual([]);
    expect(plan.closeConflictIds).toEqual([]);
  });

  it('blocks a run removing more than the percent share of the connector’s links or identifiers', () => {
    const plan = fullRunKeeping(7, { count: 1000, percent: 20 });
    expect(plan.verdict).toMatchObject({ blocked: true, reason: expect.stringMatching(/30\.0% of 10/) });
  });

  it('lets the run through at the threshold (only more than count or percent blocks)', () => {
    const plan = fullRunKeeping(8, { count: 2, percent: 20 });
    expect(plan.verdict.blocked).toBe(false);
    expect(plan.changes.filter((c) => c.op === 'unlinkSource')).toHaveLength(2);
  });

  it('applies an over-threshold run once an admin lifted the safeguard', () => {
    const plan = fullRunKeeping(0, { count: 2, percent: 20 }, true);
    expect(plan.verdict.blocked).toBe(false);
    expect(plan.removals.links).toBe(10);
  });
});
