// 100,000 records against 100,000 users: the planner must stay linear (Map look-ups per record,
// no scan over all users per record). It is measured in CPU time, not wall time, because test
// runners share their cores with parallel workers; the bound is loose (measured: about 4 s of CPU
// per 100k plan on a 2-core machine at load average 14, where a plain CPU loop also ran ~3x
// slower than idle), yet anything quadratic (10^10 steps) misses it by minutes.
import { beforeAll, describe, expect, it } from 'vitest';
import { IdentifierOwnership } from '../ownership.ts';
import { planReconciliation } from './plan.ts';
import type { SnapshotLink, SnapshotUser, SyncSnapshot } from './snapshot.ts';
import { displayNamesOf, ENTRA, ownedKeysOf, planInput, sourceRecord } from './test-fixtures.ts';

const N = 100_000;
/** CPU-time bound per 100k-record plan, generous for a loaded CI runner. */
const BOUND_MS = 15_000;

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

/** Built directly (not through buildSnapshot) so the set-up itself stays fast. */
function largeAccount(): SyncSnapshot {
  const users = new Map<number, SnapshotUser>();
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
  }
  return {
    connectorId: 'entra',
    precedence: new Map([['entra', 1]]),
    users,
    links: new Map(),
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
  // One account for both runs: the planner never mutates its snapshot.
  let account: SyncSnapshot;
  beforeAll(() => {
    account = largeAccount();
  }, 120_000);

  it('plans 100,000 unlinked records against 100,000 users in linear time', { timeout: 120_000 }, () => {
    const input = planInput(account, records());
    const started = process.cpuUsage();
    const plan = planReconciliation(input);
    const elapsed = cpuMs(started);
    expect(plan.counts.linked).toBe(N);
    expect(plan.counts.identifiersAdded).toBe(N);
    expect(elapsed).toBeLessThan(BOUND_MS);
  });

  it(
    'plans 100,000 changed linked records in a complete full run in linear time',
    {
      timeout: 120_000,
    },
    () => {
      const links = new Map<string, SnapshotLink>();
      for (let id = 1; id <= N; id++) {
        links.set(`ext-${id}`, {
          externalId: `ext-${id}`,
          userId: id,
          contentHash: 'stale',
          state: 'active',
        });
      }
      const input = planInput({ ...account, links }, records(), {
        outcome: { mode: 'full', complete: true },
      });
      const started = process.cpuUsage();
      const plan = planReconciliation(input);
      const elapsed = cpuMs(started);
      expect(plan.counts.updated).toBe(N);
      expect(plan.removals.links).toBe(0);
      expect(elapsed).toBeLessThan(BOUND_MS);
    },
  );
});
