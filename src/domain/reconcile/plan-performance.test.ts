// 100,000 records against 100,000 users: the planner must stay linear (Map look-ups per record,
// no scan over all users per record) and plan in well under a few seconds.
import { describe, expect, it } from 'vitest';
import { IdentifierOwnership } from '../ownership.ts';
import { planReconciliation } from './plan.ts';
import type { SnapshotLink, SnapshotUser, SyncSnapshot } from './snapshot.ts';
import { displayNamesOf, ENTRA, ownedKeysOf, planInput, sourceRecord } from './test-fixtures.ts';

const N = 100_000;

/** Built directly (not through buildSnapshot) so the set-up itself stays fast. */
function largeAccount(linked: boolean): SyncSnapshot {
  const users = new Map<number, SnapshotUser>();
  const links = new Map<string, SnapshotLink>();
  for (let id = 1; id <= N; id++) {
    const address = `user${id}@acme.com`;
    users.set(id, {
      id,
      tracking: 'tracked',
      displayName: { value: `User ${id}`, source: ENTRA },
      timeZone: { value: null, source: null },
      primaryGroup: { value: null, source: null },
      groups: [{ group: `Team ${id % 50}`, source: ENTRA }],
      identifiers: [
        {
          id: id * 3,
          userId: id,
          type: 'upn',
          value: address,
          domain: null,
          namespace: 'address',
          key: address,
          source: ENTRA,
        },
        {
          id: id * 3 + 1,
          userId: id,
          type: 'employee_id',
          value: `E${id}`,
          domain: null,
          namespace: 'employee_id',
          key: `E${id}`,
          source: 'manual',
        },
        {
          id: id * 3 + 2,
          userId: id,
          type: 'device_login',
          value: `u${id}`,
          domain: 'ACME',
          namespace: 'device_login',
          key: `u${id}\\acme`,
          source: 'agent',
        },
      ],
    });
    if (linked)
      links.set(`ext-${id}`, { externalId: `ext-${id}`, userId: id, contentHash: 'stale', state: 'active' });
  }
  return {
    connectorId: 'entra',
    precedence: new Map([['entra', 1]]),
    users,
    links,
    ownership: new IdentifierOwnership(ownedKeysOf(users.values())),
    displayNames: displayNamesOf(users.values()),
    doNotTrack: new IdentifierOwnership(),
    openConflicts: new Map(),
  };
}

function records() {
  return Array.from({ length: N }, (_, i) => {
    const id = i + 1;
    return sourceRecord(`ext-${id}`, {
      upns: [`user${id}@acme.com`],
      emails: [`user${id}.mail@acme.com`],
      employeeIds: [`E${id}`],
      displayName: `User ${id}`,
      groups: [`Team ${id % 50}`, 'All'],
      timeZone: 'Europe/Paris',
    });
  });
}

describe('planner performance', () => {
  it('plans 100,000 unlinked records against 100,000 users in well under a few seconds', () => {
    const snapshot = largeAccount(false);
    const input = planInput(snapshot, records());
    const started = performance.now();
    const plan = planReconciliation(input);
    const elapsed = performance.now() - started;
    expect(plan.counts.linked).toBe(N);
    expect(plan.counts.identifiersAdded).toBe(N);
    expect(elapsed).toBeLessThan(4_000);
  });

  it('plans 100,000 changed linked records in a complete full run in well under a few seconds', () => {
    const snapshot = largeAccount(true);
    const input = planInput(snapshot, records(), { outcome: { mode: 'full', complete: true } });
    const started = performance.now();
    const plan = planReconciliation(input);
    const elapsed = performance.now() - started;
    expect(plan.counts.updated).toBe(N);
    expect(plan.removals.links).toBe(0);
    expect(elapsed).toBeLessThan(4_000);
  });
});
