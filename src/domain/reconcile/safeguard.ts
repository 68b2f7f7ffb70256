// Deletion safeguard: a run that would take away too much stops before applying anything and
// waits for an admin's approval (`idsync approve`), which re-runs it with the safeguard lifted.
//
// Exactly: the run is blocked when, for links OR for identifiers,
//   removed > threshold.count, or
//   removed * 100 > threshold.percent * base   (base > 0),
// where links removed = unlinks (reported removals and absences), identifiers removed = every
// identifier of this connector the plan removes (absences, diffs, disable policy), and base = this
// connector's links / identifiers before the run. Zero removals never block.
import type { SyncSnapshot } from './snapshot.ts';
import { connectorSourceOf } from './snapshot.ts';

export interface DeletionThreshold {
  count: number;
  percent: number;
}

export type SafeguardVerdict = { blocked: false } | { blocked: true; reason: string };

export interface RemovalTotals {
  links: number;
  identifiers: number;
}

function exceeds(removed: number, base: number, threshold: DeletionThreshold): boolean {
  if (removed === 0) return false;
  if (removed > threshold.count) return true;
  return base > 0 && removed * 100 > threshold.percent * base;
}

function share(removed: number, base: number): string {
  return base > 0 ? `${((removed * 100) / base).toFixed(1)}%` : 'n/a';
}

export function connectorIdentifierCount(snapshot: SyncSnapshot): number {
  if (snapshot.connectorIdentifierTotal !== undefined) return snapshot.connectorIdentifierTotal;
  const source = connectorSourceOf(snapshot.connectorId);
  let count = 0;
  for (const user of snapshot.users.values()) {
    for (const identifier of user.identifiers) if (identifier.source === source) count++;
  }
  return count;
}

export function safeguardVerdict(args: {
  removals: RemovalTotals;
  base: { links: number; identifiers: () => number };
  threshold: DeletionThreshold;
  lifted: boolean;
}): SafeguardVerdict {
  if (args.lifted) return { blocked: false };
  const { removals, threshold } = args;
  const reasons: string[] = [];
  if (exceeds(removals.links, args.base.links, threshold)) {
    reasons.push(`${removals.links} links (${share(removals.links, args.base.links)} of ${args.base.links})`);
  }
  // Counting the connector's identifiers walks every user: only when something is removed.
  if (removals.identifiers > 0) {
    const base = args.base.identifiers();
    if (exceeds(removals.identifiers, base, threshold)) {
      reasons.push(`${removals.identifiers} identifiers (${share(removals.identifiers, base)} of ${base})`);
    }
  }
  if (reasons.length === 0) return { blocked: false };
  return {
    blocked: true,
    reason:
      `Deletion safeguard: the run would remove ${reasons.join(' and ')}, over the threshold of ` +
      `${threshold.count} or ${threshold.percent}%; approve the run to apply it`,
  };
}
