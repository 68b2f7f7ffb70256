// The human-readable preview of a plan (`idsync sync --dry-run`, the API's preview): creates,
// links, identifier adds and removes, attribute changes and conflicts, read off the plan's own
// changes and audit entries so the preview cannot drift from what apply would do.
import type { Change, UserRef } from '../changes.ts';
import type { AuditState } from './audit.ts';
import type { ReconciliationPlan } from './plan.ts';

type AuditChange = Extract<Change, { op: 'audit' }>;

const SCALAR_FIELDS = ['displayName', 'timeZone', 'primaryGroup', 'tracking'] as const;

function userName(ref: UserRef | null): string {
  if (ref === null) return '(none)';
  return typeof ref === 'number' ? `user #${ref}` : `new user ${ref}`;
}

function quoted(value: unknown): string {
  return value === null || value === undefined ? '(unset)' : JSON.stringify(value);
}

function listDiff(before: readonly string[] = [], after: readonly string[] = []): string[] {
  const was = new Set(before);
  const is = new Set(after);
  return [
    ...after.filter((item) => !was.has(item)).map((item) => `+ ${item}`),
    ...before.filter((item) => !is.has(item)).map((item) => `- ${item}`),
  ];
}

function auditLines(audit: AuditChange): { identifiers: string[]; attributes: string[] } {
  const before = (audit.before ?? {}) as Partial<AuditState>;
  const after = (audit.after ?? {}) as Partial<AuditState>;
  const attributes: string[] = [];
  for (const field of SCALAR_FIELDS) {
    if (!(field in after)) continue;
    if (audit.before === null && after[field] === null) continue;
    attributes.push(`${field} ${quoted(before[field])} -> ${quoted(after[field])}`);
  }
  attributes.push(...listDiff(before.groups, after.groups).map((line) => `group ${line}`));
  return { identifiers: listDiff(before.identifiers, after.identifiers), attributes };
}

function section(title: string, lines: string[]): string[] {
  return lines.length === 0 ? [] : [`${title}:`, ...lines.map((line) => `  ${line}`)];
}

export function describePlan(plan: ReconciliationPlan): string {
  const c = plan.counts;
  const out: string[] = [
    `Counts: fetched ${c.fetched}, created ${c.created}, updated ${c.updated}, linked ${c.linked}, ` +
      `unchanged ${c.unchanged}, identifiers +${c.identifiersAdded} -${c.identifiersRemoved}, ` +
      `conflicts ${c.conflicts}, invalid ${c.invalid}, skipped ${c.skipped}`,
    `Removals weighed by the safeguard: ${plan.removals.links} links, ${plan.removals.identifiers} identifiers`,
  ];
  if (plan.verdict.blocked) out.push(`BLOCKED: ${plan.verdict.reason}`, 'Nothing will be applied.');
  out.push(...section('Notes', plan.notes));

  const creates: UserRef[] = [];
  const links: string[] = [];
  const identifiers: string[] = [];
  const attributes: string[] = [];
  for (const change of plan.changes) {
    if (change.op === 'createUser') creates.push(change.ref);
    if (change.op === 'linkSource')
      links.push(`+ ${change.connectorId}:${change.externalId} -> ${userName(change.user)}`);
    if (change.op === 'unlinkSource') links.push(`- ${change.connectorId}:${change.externalId}`);
    if (change.op !== 'audit') continue;
    const lines = auditLines(change);
    if (lines.identifiers.length > 0)
      identifiers.push(`${userName(change.user)}: ${lines.identifiers.join('; ')}`);
    if (lines.attributes.length > 0)
      attributes.push(`${userName(change.user)}: ${lines.attributes.join('; ')}`);
  }
  out.push(
    ...section(
      'Creates',
      creates.map((ref) => userName(ref)),
    ),
  );
  out.push(...section('Links', links));
  out.push(...section('Identifiers', identifiers));
  out.push(...section('Attributes', attributes));
  out.push(
    ...section(
      'Conflicts',
      plan.conflicts.map((conflict) => `[${conflict.kind}] ${conflict.message}`),
    ),
  );
  if (plan.changes.length === 0 && plan.conflicts.length === 0 && !plan.verdict.blocked)
    out.push('No changes.');
  return out.join('\n');
}
