// One conflict under review: what it is, the evidence side by side, and the actions that fit its
// kind (give the value to one of the users it names, link the record to one of them, merge them,
// dismiss). Each action's outcome is said next to the button that asked for it.
import { api, loadUser } from './api.js';
import { facts, feedback, fill, h, identifierText, tell, valueText, when } from './dom.js';
import { kindEvidence, recordEvidence, rolesByUser, userCard } from './evidence.js';

/** The words of "assign" for each kind, before and after; kinds missing here have nothing to give. */
function assignWords(conflict, name) {
  const details = conflict.details ?? {};
  const value = conflict.identifier ? valueText(conflict.identifier) : 'the value';
  switch (conflict.kind) {
    case 'identifier_in_use':
    case 'duplicate_in_source':
      return [`Give ${value} to ${name}`, `${value} given to ${name}`];
    case 'display_name_in_use':
      return [`Give the display name to ${name}`, `display name given to ${name}`];
    case 'ambiguous_match':
      if (details.agent?.username) return [`Assign the agent to ${name}`, `agent assigned to ${name}`];
      return [
        `Link record ${(conflict.externalIds ?? []).join(', ')} to ${name}`,
        `record linked to ${name}`,
      ];
    default:
      return null;
  }
}

/** How a closed conflict ended: who closed it, how, and for which user. */
function resolutionText(resolution, names) {
  const user = resolution.userId ?? resolution.primaryUserId;
  const whom = typeof user === 'number' ? ` (${names.get(user) ?? `user ${user}`})` : '';
  return `${resolution.by ?? 'closed'}: ${resolution.action ?? 'closed'}${whom}`;
}

function guidance(conflict, existing) {
  if (conflict.status !== 'open') return null;
  if (existing.length === 0) {
    return (
      'No user record holds this: the source records disagree among themselves. Correct them in the ' +
      'source (the conflict closes itself on the next sync), or dismiss it.'
    );
  }
  if (conflict.kind === 'do_not_track' || conflict.kind === 'invalid_record') {
    return 'Nothing here can be given to a user: fix the record in its source, or dismiss the conflict.';
  }
  return null;
}

export async function openReview(conflictId, container, { onClose, onResolved }) {
  const place = feedback();
  fill(
    container,
    h('div', { class: 'review', role: 'region', 'aria-label': `Conflict ${conflictId}` }, place),
  );
  tell(place, 'Loading…', '');
  try {
    const conflict = await api(`/api/v1/conflicts/${conflictId}`);
    const named = conflict.users ?? conflict.userIds.map((id) => ({ id, name: null }));
    const users = await Promise.all(named.map((user) => (user.name === null ? null : loadUser(user.id))));
    fill(container, renderReview(conflict, named, users, { onClose, onResolved }));
    container.querySelector('h3')?.scrollIntoView({ block: 'nearest' });
  } catch (error) {
    tell(place, error.message, 'error');
  }
}

function renderReview(conflict, named, users, { onClose, onResolved }) {
  const names = new Map(named.map((user) => [user.id, user.name ?? `user ${user.id} (deleted)`]));
  const existing = named.filter((_, index) => users[index]);
  const open = conflict.status === 'open';
  const canMerge = open && existing.length >= 2;
  const panel = h('div', { class: 'review', role: 'region', 'aria-label': `Conflict ${conflict.id}` });
  const confirm = h('input', { type: 'checkbox', id: `merge-confirm-${conflict.id}` });
  let resolved = false;

  async function resolve(button, place, body, success) {
    button.disabled = true;
    tell(place, 'Working…', '');
    try {
      const closed = await api(`/api/v1/conflicts/${conflict.id}/resolve`, { method: 'POST', body });
      resolved = true;
      for (const control of panel.querySelectorAll('button[data-resolve], input[type=checkbox]'))
        control.disabled = true;
      tell(place, `Conflict #${conflict.id} ${closed.status}: ${success}.`, 'ok');
      onResolved(closed);
    } catch (error) {
      tell(place, error.message, 'error');
    } finally {
      if (!resolved) button.disabled = false;
    }
  }

  const roles = rolesByUser(conflict);
  const cards = named.map((user, index) => {
    const place = feedback();
    const name = names.get(user.id);
    const words = open && users[index] ? assignWords(conflict, name) : null;
    const buttons = [
      words
        ? h('button', {
            type: 'button',
            'data-resolve': 'assign',
            text: words[0],
            onclick: (event) =>
              resolve(event.currentTarget, place, { action: 'assign', userId: user.id }, words[1]),
          })
        : null,
      canMerge && users[index]
        ? h('button', {
            type: 'button',
            class: 'danger',
            'data-resolve': 'merge',
            text: `Merge the others into ${name}`,
            onclick: (event) => {
              if (!confirm.checked) {
                tell(place, 'Tick "I understand that merging users cannot be undone" first.', 'error');
                confirm.focus();
                return;
              }
              resolve(
                event.currentTarget,
                place,
                { action: 'merge', primaryUserId: user.id },
                `merged into ${name}`,
              );
            },
          })
        : null,
    ];
    return userCard(
      conflict,
      user,
      users[index],
      roles.get(user.id),
      h('div', {}, h('div', { class: 'actions' }, buttons), place),
    );
  });

  const bottom = feedback();
  const advice = guidance(conflict, existing);
  fill(
    panel,
    h('h3', { text: `Conflict #${conflict.id}: ${conflict.kind.replaceAll('_', ' ')}` }),
    h('p', { class: 'conflict-message', text: conflict.message }),
    facts(
      [
        ['Status', conflict.status],
        ['Value', identifierText(conflict.identifier)],
        ['Connectors', (conflict.connectors ?? []).join(', ') || '—'],
        ['First seen', when(conflict.firstSeen)],
        ['Last seen', when(conflict.lastSeen)],
        conflict.closedAt ? ['Closed', when(conflict.closedAt)] : null,
        conflict.resolution ? ['How', resolutionText(conflict.resolution, names)] : null,
      ].filter(Boolean),
    ),
    kindEvidence(conflict),
    h('div', { class: 'side-by-side' }, recordEvidence(conflict, names), cards),
    advice ? h('p', { class: 'no-users', text: advice }) : null,
    canMerge
      ? h(
          'p',
          { class: 'confirm' },
          confirm,
          h('label', { for: confirm.id, text: ' I understand that merging users cannot be undone' }),
        )
      : null,
    h(
      'div',
      { class: 'actions' },
      open
        ? h('button', {
            type: 'button',
            class: 'secondary',
            'data-resolve': 'dismiss',
            text: 'Dismiss conflict',
            onclick: (event) => resolve(event.currentTarget, bottom, { action: 'dismiss' }, 'left as it is'),
          })
        : null,
      h('button', { type: 'button', class: 'secondary', text: 'Close', onclick: onClose }),
    ),
    bottom,
  );
  return panel;
}
