// The reconcile planner's public surface.
export type { AuditState } from './audit.ts';
export { SYNC_AUDIT_ACTION } from './audit.ts';
export type { PlannedConflict } from './conflicts.ts';
export { conflictFingerprint } from './conflicts.ts';
export { describePlan } from './describe.ts';
export { hashSourceRecord } from './hash.ts';
export type { LinkStateUpdate, PlanInput, PlanPolicy, ReconciliationPlan, RunCounts } from './plan.ts';
export { planReconciliation } from './plan.ts';
export type { OnDisable } from './plan-record.ts';
export { PARTIAL_SNAPSHOT_NOTE, type RunOutcome } from './removals.ts';
export type { DeletionThreshold, SafeguardVerdict } from './safeguard.ts';
export { snapshotScope } from './scope.ts';
export type {
  LinkState,
  SnapshotIdentifier,
  SnapshotLink,
  SnapshotScope,
  SnapshotUser,
  SyncSnapshot,
} from './snapshot.ts';
export { connectorSourceOf, precedenceOf } from './snapshot.ts';
