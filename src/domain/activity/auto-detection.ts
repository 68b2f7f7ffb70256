// Email auto-detection (DOMAIN.md): business emails seen in an agent's activity are added to the
// agent's user with source `auto_detected`; personal domains never. Turning the setting off removes
// exactly those; manual, connector and agent-recorded addresses stay.
import type { AgentLogin } from '../agent-matching.ts';
import type { Change, UserRef } from '../changes.ts';
import { emailDomain, normalizeIdentifier } from '../identifiers.ts';
import type { UserRecord } from '../types.ts';
import { addAddressIfFree, audit, identifierView, type PlanState } from './plan-state.ts';

/**
 * Adds the business emails among `emails` to `user`. Skipped: personal domains, addresses the user
 * holds, addresses another user owns (an identifier_in_use conflict names the owner). Invalid
 * addresses are ignored and counted.
 */
export function detectEmails(
  state: PlanState,
  user: UserRef,
  login: AgentLogin,
  emails: readonly unknown[],
): void {
  if (!state.ctx.settings.emailAutoDetection) return;
  for (const raw of emails) {
    const email = typeof raw === 'string' ? normalizeIdentifier({ type: 'email', value: raw }) : null;
    if (!email?.ok) {
      state.counts.invalidEmails++;
      continue;
    }
    if (state.personalDomains.has(emailDomain(email.value.value))) continue;
    if (addAddressIfFree(state, user, email.value, 'auto_detected', login) === 'added') {
      state.counts.emailsDetected++;
    }
  }
}

/** The setting turned off: every auto-detected identifier is removed, with its audit entry. */
export function disableEmailAutoDetection(users: Pick<UserRecord, 'id' | 'identifiers'>[]): Change[] {
  const changes: Change[] = [];
  const byId = [...users].sort((a, b) => a.id - b.id);
  for (const user of byId) {
    const detected = user.identifiers
      .filter((identifier) => identifier.source === 'auto_detected')
      .sort((a, b) => a.id - b.id);
    for (const identifier of detected) {
      changes.push(
        { op: 'removeIdentifier', identifierId: identifier.id, userId: user.id },
        audit(user.id, 'remove_identifier', identifierView(identifier, identifier.source), null),
      );
    }
  }
  return changes;
}
