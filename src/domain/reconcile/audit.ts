// One `audit` change per user the plan touches: the fields that changed, before and after.
// Identifiers, groups and links are shown as whole sorted lists so the entry reads on its own.
import type { Change } from '../changes.ts';
import { formatIdentifier } from '../identifiers.ts';
import type { GroupMembership, SourcedValue } from '../types.ts';
import type { PlanState, WorkingIdentifier, WorkingUser } from './state.ts';

export interface AuditState {
  displayName: string | null;
  timeZone: string | null;
  primaryGroup: string | null;
  tracking: string;
  groups: string[];
  identifiers: string[];
  links: string[];
}

export const SYNC_AUDIT_ACTION = 'sync';

function sourced(value: SourcedValue<string>): string | null {
  return value.value;
}

export function describeIdentifier(
  identifier: Pick<WorkingIdentifier, 'type' | 'value' | 'domain' | 'source'>,
): string {
  return `${identifier.type}:${formatIdentifier(identifier)} (${identifier.source})`;
}

function describeGroups(groups: readonly GroupMembership[]): string[] {
  return groups.map((membership) => `${membership.group} (${membership.source})`).sort();
}

function auditState(
  user: Pick<WorkingUser, 'tracking' | 'displayName' | 'timeZone' | 'primaryGroup' | 'groups'> & {
    identifiers: ReadonlyArray<Pick<WorkingIdentifier, 'type' | 'value' | 'domain' | 'source'>>;
  },
  links: Iterable<string>,
  connectorId: string,
): AuditState {
  return {
    displayName: sourced(user.displayName),
    timeZone: sourced(user.timeZone),
    primaryGroup: sourced(user.primaryGroup),
    tracking: user.tracking,
    groups: describeGroups(user.groups),
    identifiers: user.identifiers.map(describeIdentifier).sort(),
    links: [...links].map((externalId) => `${connectorId}:${externalId}`).sort(),
  };
}

function changedFields(before: AuditState, after: AuditState): Array<keyof AuditState> {
  return (Object.keys(after) as Array<keyof AuditState>).filter(
    (field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]),
  );
}

function pick(state: AuditState, fields: Array<keyof AuditState>): Partial<AuditState> {
  return Object.fromEntries(fields.map((field) => [field, state[field]]));
}

export function auditChanges(state: PlanState): Change[] {
  const audits: Change[] = [];
  for (const user of state.users.values()) {
    if (!user.changed) continue;
    const after = auditState(user, user.links, state.connectorId);
    if (!user.stored) {
      audits.push({ op: 'audit', user: user.ref, action: SYNC_AUDIT_ACTION, before: null, after });
      continue;
    }
    const before = auditState(user.stored, user.linksBefore, state.connectorId);
    const fields = changedFields(before, after);
    if (fields.length === 0) continue;
    audits.push({
      op: 'audit',
      user: user.ref,
      action: SYNC_AUDIT_ACTION,
      before: pick(before, fields),
      after: pick(after, fields),
    });
  }
  return audits;
}
