// One `audit` change per user the plan touches: the fields that changed, before and after.
// Identifiers, groups and links are shown as whole sorted lists so the entry reads on its own.
import type { Change } from '../changes.ts';
import { formatIdentifier } from '../identifiers.ts';
import type { GroupMembership, SourcedValue } from '../types.ts';
import type { AuditedField, PlanState, WorkingIdentifier, WorkingUser } from './state.ts';

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

type AuditSubject = Pick<WorkingUser, 'tracking' | 'displayName' | 'timeZone' | 'primaryGroup' | 'groups'> & {
  identifiers: ReadonlyArray<Pick<WorkingIdentifier, 'type' | 'value' | 'domain' | 'source'>>;
};

function fieldValue(
  user: AuditSubject,
  links: Iterable<string>,
  connectorId: string,
  field: AuditedField,
): unknown {
  switch (field) {
    case 'displayName':
    case 'timeZone':
    case 'primaryGroup':
      return sourced(user[field]);
    case 'tracking':
      return user.tracking;
    case 'groups':
      return describeGroups(user.groups);
    case 'identifiers':
      return user.identifiers.map(describeIdentifier).sort();
    case 'links':
      return [...links].map((externalId) => `${connectorId}:${externalId}`).sort();
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (!Array.isArray(a) || !Array.isArray(b)) return a === b;
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

const ALL_FIELDS: readonly AuditedField[] = [
  'displayName',
  'timeZone',
  'primaryGroup',
  'tracking',
  'groups',
  'identifiers',
  'links',
];

// Only the fields the plan marked dirty are rendered and compared: 100k touched users must not
// each pay for stringifying every field.
export function auditChanges(state: PlanState): Change[] {
  const audits: Change[] = [];
  for (const user of state.users.values()) {
    if (user.dirty.size === 0) continue;
    if (!user.stored) {
      const after: Record<string, unknown> = {};
      for (const field of ALL_FIELDS) after[field] = fieldValue(user, user.links, state.connectorId, field);
      audits.push({ op: 'audit', user: user.ref, action: SYNC_AUDIT_ACTION, before: null, after });
      continue;
    }
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const field of user.dirty) {
      const was = fieldValue(user.stored, user.linksBefore, state.connectorId, field);
      const is = fieldValue(user, user.links, state.connectorId, field);
      if (sameValue(was, is)) continue;
      before[field] = was;
      after[field] = is;
    }
    if (Object.keys(after).length === 0) continue;
    audits.push({ op: 'audit', user: user.ref, action: SYNC_AUDIT_ACTION, before, after });
  }
  return audits;
}
