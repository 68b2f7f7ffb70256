// The conflicts view: search (value, user, record id), filters (kind, connector, status) and pages
// of the conflict report; Review opens a conflict right under its row.
import { api, queryString } from './api.js';
import { openReview } from './conflict-review.js';
import { $, feedback, fill, h, identifierText, labelled, select, table, tell, when } from './dom.js';
import { filterForm, toggleDetails } from './lists.js';
import { createPager } from './pager.js';

const PAGE_SIZE = 25;
// The API's conflict kinds (ConflictKindSchema): a browser module cannot import the TypeScript.
export const KINDS = [
  'identifier_in_use',
  'display_name_in_use',
  'ambiguous_match',
  'duplicate_in_source',
  'do_not_track',
  'invalid_record',
];
const STATUSES = [
  ['open', 'Open'],
  ['resolved', 'Resolved'],
  ['dismissed', 'Dismissed'],
  ['', 'Any status'],
];

const state = { q: '', kind: '', connector: '', status: 'open' };
let connectorIds = [];
let form = null;
const results = h('div', { id: 'conflict-results' });
const problem = feedback();
const pager = createPager('conflicts', PAGE_SIZE, (cursor) => loadPage(cursor));

export function setConnectors(ids) {
  connectorIds = ids;
  if (form) form.querySelector('[name=connector]').replaceWith(connectorSelect());
}

function connectorSelect() {
  const options = [['', 'Any connector'], ...connectorIds.map((id) => [id, id])];
  if (state.connector && !connectorIds.includes(state.connector))
    options.push([state.connector, state.connector]);
  return select('connector', options, state.connector);
}

function buildForm() {
  const search = h('input', {
    type: 'search',
    name: 'q',
    id: 'conflict-q',
    placeholder: 'value, user name, record id',
    value: state.q,
  });
  const kinds = [['', 'Any kind'], ...KINDS.map((k) => [k, k.replaceAll('_', ' ')])];
  form = filterForm(
    'Conflict filters',
    [
      labelled('Search conflicts', search),
      labelled('Kind', select('kind', kinds, state.kind)),
      labelled('Connector', connectorSelect()),
      labelled('Status', select('status', STATUSES, state.status)),
    ],
    state,
    () => {
      pager.reset();
      loadPage('');
    },
  );
  fill($('conflicts'), form, problem, results, pager.element);
}

function subjectOf(conflict) {
  if (conflict.identifier) return identifierText(conflict.identifier);
  const details = conflict.details ?? {};
  if (typeof details.displayName === 'string') return `display name: ${details.displayName}`;
  if (details.agent?.username) return `agent: ${details.agent.logonDomain}\\${details.agent.username}`;
  if (Array.isArray(details.matches)) {
    const matched = details.matches.flatMap((match) => match.identifiers ?? []).map(identifierText);
    if (matched.length > 0) return [...new Set(matched)].join(', ');
  }
  return details.record?.displayName ?? '—';
}

function recordsText(conflict) {
  const records = conflict.records ?? conflict.externalIds.map((externalId) => ({ externalId }));
  return records.map((record) =>
    record.connector ? `${record.connector} ${record.externalId}` : record.externalId,
  );
}

function row(conflict) {
  const users = (conflict.users ?? []).map((user) => user.name ?? `user ${user.id} (deleted)`);
  const review = h('button', {
    type: 'button',
    'aria-label': `Review conflict ${conflict.id}`,
    'aria-expanded': 'false',
    text: 'Review',
  });
  const tableRow = {
    attributes: { 'data-conflict': conflict.id },
    cells: [
      h(
        'div',
        {},
        conflict.kind.replaceAll('_', ' '),
        h('div', { class: 'muted', text: `#${conflict.id} ${conflict.status}` }),
      ),
      subjectOf(conflict),
      users.join(', ') || '—',
      recordsText(conflict).join(', ') || '—',
      h('div', {}, when(conflict.lastSeen), h('div', { class: 'muted', text: conflict.message })),
      review,
    ],
  };
  review.addEventListener('click', () => toggleReview(review, conflict));
  return tableRow;
}

function toggleReview(button, conflict) {
  const tr = button.closest('tr');
  return toggleDetails(button, 6, { 'data-review': conflict.id }, (cell, close) =>
    openReview(conflict.id, cell, {
      onClose: close,
      onResolved(closed) {
        tr.querySelector('td .muted').textContent = `#${closed.id} ${closed.status}`;
        tr.classList.add('closed');
      },
    }),
  );
}

// Filters change while a page is on its way: only the answer to the latest request is shown.
let latest = 0;

async function loadPage(cursor) {
  const ticket = ++latest;
  tell(problem, '', '');
  try {
    const { kind, connector, q, status } = state;
    const data = await api(
      `/api/v1/conflicts${queryString({ status, kind, connector, q, limit: PAGE_SIZE, cursor })}`,
    );
    if (ticket !== latest) return;
    $('conflict-count').textContent = `(${data.total})`;
    const filtered = q || kind || connector || status !== 'open';
    fill(
      results,
      data.conflicts.length === 0
        ? h('p', { id: 'conflicts-empty', text: filtered ? 'No conflicts match.' : 'No open conflicts.' })
        : h(
            'div',
            { class: 'table-wrap' },
            table(
              ['Kind', 'Value', 'Users', 'Source records', 'Last seen', 'Review'],
              data.conflicts.map(row),
              {
                id: 'conflict-table',
              },
            ),
          ),
    );
    pager.update(data.conflicts.length, data.total, data.nextCursor);
  } catch (error) {
    tell(problem, error.message, 'error');
  }
}

/** Shows the view; `#conflicts/<kind>` opens it filtered to that kind. */
export function showConflicts(args) {
  if (args[0] && KINDS.includes(args[0])) {
    Object.assign(state, { kind: args[0], status: 'open', q: '', connector: '' });
    form = null;
  }
  if (!form) buildForm();
  pager.reset();
  return loadPage('');
}
