// One user opened from the list: why it is as it is (GET /users/{id}/explain: its source records,
// where each identifier came from, the open conflicts naming it, any trace the engine gives) and
// its whole audit log, page by page.
import { api } from './api.js';
import { auditList } from './audit.js';
import { openReview } from './conflict-review.js';
import { facts, feedback, fill, h, table, tell, valueText, when } from './dom.js';
import { sourcesText } from './evidence.js';

function sourced(value, source) {
  if (value === null || value === undefined || value === '') return '—';
  return source ? `${value} (from ${source})` : String(value);
}

/** A step of the engine's explain trace, whatever its shape: its words, else its fields. */
function traceLine(step) {
  if (typeof step === 'string') return step;
  if (step && typeof step === 'object') {
    const text = step.message ?? step.reason ?? step.text;
    if (typeof text === 'string') return step.step ? `${step.step}: ${text}` : text;
    return JSON.stringify(step);
  }
  return String(step);
}

function conflictItem(conflict) {
  const slot = h('div');
  const button = h('button', {
    type: 'button',
    class: 'secondary',
    text: 'Review',
    'aria-label': `Review conflict ${conflict.id}`,
    onclick: () =>
      openReview(conflict.id, slot, {
        onClose: () => fill(slot),
        onResolved: () => {},
      }),
  });
  return h(
    'li',
    {},
    `#${conflict.id} ${conflict.kind.replaceAll('_', ' ')}: ${conflict.message} `,
    button,
    slot,
  );
}

function render(explanation) {
  const user = explanation.user;
  const sources = user.attributeSources ?? {};
  const trace = explanation.trace ?? explanation.steps;
  return [
    h('h3', { text: `${user.user} (user ${user.id})` }),
    facts([
      ['Display name', sourced(user.displayName, sources.displayName)],
      ['Status', user.status],
      ['Tracking', user.tracking],
      [
        'Time zone',
        sourced(user.timeZone, sources.timeZone) === '—'
          ? 'account default'
          : sourced(user.timeZone, sources.timeZone),
      ],
      ['Primary group', sourced(user.primaryGroup, sources.primaryGroup)],
      ['Groups', user.groups.join(', ') || '—'],
      ['Licenses', user.licenses],
    ]),
    h('h4', { text: 'Identifiers' }),
    (explanation.identifiers ?? user.identifiers).length === 0
      ? h('p', { class: 'muted', text: 'None.' })
      : table(
          ['Type', 'Value', 'Sources', 'Updated'],
          (explanation.identifiers ?? user.identifiers).map((identifier) => [
            identifier.type,
            valueText(identifier),
            sourcesText(identifier).replace(/^from /, ''),
            when(identifier.updatedAt),
          ]),
          { class: 'data compact' },
        ),
    h('h4', { text: 'Source records' }),
    (explanation.links ?? []).length === 0
      ? h('p', { class: 'muted', text: 'Linked to no source record.' })
      : table(
          ['Connector', 'Record', 'State', 'First seen', 'Last seen'],
          explanation.links.map((link) => [
            link.connector,
            link.externalId,
            link.state,
            when(link.firstSeen),
            when(link.lastSeen),
          ]),
          { class: 'data compact' },
        ),
    h('h4', { text: 'Agents' }),
    (user.agents ?? []).length === 0
      ? h('p', { class: 'muted', text: 'No agents.' })
      : table(
          ['Login', 'First log', 'Last log', 'Has data'],
          user.agents.map((agent) => [
            `${agent.logonDomain}\\${agent.username}`,
            when(agent.firstLog),
            when(agent.lastLog),
            agent.hasData ? 'yes' : 'no',
          ]),
          { class: 'data compact' },
        ),
    Array.isArray(trace) && trace.length > 0
      ? [
          h('h4', { text: 'Why' }),
          h(
            'ol',
            { class: 'trace' },
            trace.map((step) => h('li', { text: traceLine(step) })),
          ),
        ]
      : null,
    h('h4', { text: 'Open conflicts naming this user' }),
    (explanation.openConflicts ?? []).length === 0
      ? h('p', { class: 'muted', text: 'None.' })
      : h('ul', { class: 'conflict-list' }, explanation.openConflicts.map(conflictItem)),
    h('h4', { text: 'Audit log' }),
    auditList(`/api/v1/users/${user.id}/audit`, `user ${user.id}`, { showUser: false }),
  ];
}

export async function openUser(userId, container, onClose) {
  const place = feedback();
  const close = h('button', { type: 'button', class: 'secondary', text: 'Close', onclick: onClose });
  const panel = h(
    'div',
    { class: 'review user-panel', role: 'region', 'aria-label': `User ${userId}` },
    place,
  );
  fill(container, panel);
  tell(place, 'Loading…', '');
  try {
    const explanation = await api(`/api/v1/users/${encodeURIComponent(userId)}/explain`);
    fill(panel, render(explanation), h('div', { class: 'actions' }, close));
    panel.querySelector('h3')?.scrollIntoView({ block: 'nearest' });
  } catch (error) {
    fill(panel, place, h('div', { class: 'actions' }, close));
    tell(place, error.message, 'error');
  }
}
