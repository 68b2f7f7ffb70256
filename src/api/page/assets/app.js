// The status and conflict-review page. Plain browser JavaScript, no build step, no CDN. Every
// value from the API goes into the page as text (never as HTML), so a directory record cannot
// inject markup. The token lives in sessionStorage: it leaves with the tab.

const TOKEN_KEY = 'idsync.apiToken';
const STATUS_REFRESH_MS = 15_000;

const ACTION_LABELS = {
  identifier_in_use: 'Give the value to this user',
  display_name_in_use: 'Give the display name to this user',
  ambiguous_match: 'Link the record to this user',
  duplicate_in_source: 'Give the value to this user',
  do_not_track: 'Assign to this user',
  invalid_record: 'Assign to this user',
};

// CONTRACT.md's order of a run's counts.
const COUNT_ORDER = [
  'fetched',
  'created',
  'updated',
  'linked',
  'unchanged',
  'identifiersAdded',
  'identifiersRemoved',
  'conflicts',
  'invalid',
  'skipped',
];

function $(id) {
  return document.getElementById(id);
}

/** Builds an element; children are nodes or strings (strings become text nodes). */
function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
    else if (key === 'text') element.textContent = String(value);
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** `replaceChildren` without the empty slots (it would print them as "null"). */
function fill(element, ...children) {
  element.replaceChildren(
    ...children.flat().filter((child) => child !== null && child !== undefined && child !== false),
  );
}

function token() {
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function say(text, kind) {
  const message = $('message');
  message.textContent = text;
  message.className = `message ${kind ?? ''}`;
}

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function api(path, options = {}) {
  const headers = { Authorization: `Bearer ${token()}`, Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  const data = text === '' ? null : JSON.parse(text);
  if (!response.ok) {
    const error = data?.error ?? {};
    throw new ApiError(response.status, error.code ?? 'error', error.message ?? `HTTP ${response.status}`);
  }
  return data;
}

function when(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : date.toLocaleString();
}

function countsText(counts) {
  if (!counts) return '—';
  const shown = ['fetched', 'created', 'updated', 'linked', 'conflicts', 'invalid'];
  return shown.map((key) => `${key} ${counts[key] ?? 0}`).join(', ');
}

function renderTotals(status) {
  const totals = $('totals');
  totals.replaceChildren();
  const users = status.users ?? {};
  for (const [key, value] of Object.entries(users)) {
    if (typeof value !== 'number') continue;
    totals.append(h('div', {}, h('dt', { text: key }), h('dd', { text: value })));
  }
}

function renderConnectors(connectors) {
  const body = $('connectors').querySelector('tbody');
  body.replaceChildren();
  if (connectors.length === 0) {
    body.append(h('tr', {}, h('td', { colspan: 6, text: 'No connectors are configured.' })));
    return;
  }
  for (const connector of connectors) {
    const last = connector.lastRun;
    const current = connector.current;
    const lastCell = last
      ? h(
          'td',
          {},
          h('button', {
            type: 'button',
            class: 'link',
            'aria-label': `Details of run ${last.id} of ${connector.id}`,
            onclick: () => showRun(last.id),
            text: `#${last.id} ${last.status}`,
          }),
          ` ${when(last.finishedAt ?? last.startedAt)}`,
          last.error ? h('div', { class: 'error-text', text: last.error.message }) : null,
        )
      : h('td', { text: 'never run' });
    const schedule = [connector.schedule ?? 'on demand'];
    if (connector.fullSchedule) schedule.push(`full: ${connector.fullSchedule}`);
    const next = [when(connector.nextRunAt)];
    if (connector.backedOffUntil) next.push(`backed off until ${when(connector.backedOffUntil)}`);
    body.append(
      h(
        'tr',
        { 'data-connector': connector.id },
        h('th', { scope: 'row' }, connector.id, h('div', { class: 'muted', text: connector.kind })),
        h('td', { text: schedule.join(' · ') }),
        lastCell,
        h(
          'td',
          {},
          next.join(' · '),
          current ? h('div', { class: 'running', text: `run #${current.id} ${current.status}` }) : null,
          connector.consecutiveFailures > 0
            ? h('div', { class: 'error-text', text: `${connector.consecutiveFailures} failure(s) in a row` })
            : null,
        ),
        h('td', { text: countsText(last?.counts) }),
        h(
          'td',
          {},
          h('button', {
            type: 'button',
            'aria-label': `Sync ${connector.id} now`,
            onclick: (event) => syncNow(connector.id, event.currentTarget),
            text: 'Sync now',
          }),
        ),
      ),
    );
  }
}

async function syncNow(connectorId, button) {
  button.disabled = true;
  try {
    const result = await api(`/api/v1/connectors/${encodeURIComponent(connectorId)}/sync`, {
      method: 'POST',
      body: { mode: 'delta' },
    });
    say(`Run #${result.runId} of ${connectorId} is queued.`, 'ok');
    await loadStatus();
  } catch (error) {
    report(error);
  } finally {
    button.disabled = false;
  }
}

function list(items, empty) {
  if (!items || items.length === 0) return h('p', { class: 'muted', text: empty });
  return h(
    'ul',
    {},
    items.map((item) => h('li', { text: item })),
  );
}

async function showRun(runId) {
  try {
    const run = await api(`/api/v1/runs/${runId}`);
    const details = $('run-details');
    const counts = run.counts ?? {};
    fill(
      details,
      h(
        'dl',
        { class: 'facts' },
        [
          ['Connector', run.connector],
          ['Mode', run.mode],
          ['Status', run.status],
          ['Trigger', run.trigger],
          ['Started', when(run.startedAt)],
          ['Finished', when(run.finishedAt)],
          [
            'Complete snapshot',
            run.complete === null || run.complete === undefined ? '—' : String(run.complete),
          ],
        ].map(([term, value]) => h('div', {}, h('dt', { text: term }), h('dd', { text: value ?? '—' }))),
      ),
      h('h3', { text: 'Counts' }),
      h(
        'dl',
        { class: 'totals' },
        COUNT_ORDER.filter((key) => key in counts).map((key) =>
          h('div', {}, h('dt', { text: key }), h('dd', { text: counts[key] })),
        ),
      ),
      h('h3', { text: 'Error' }),
      run.error
        ? h(
            'p',
            { class: 'error-text' },
            run.error.message,
            run.error.code ? ` (code ${run.error.code})` : '',
            run.error.requestId ? ` request id ${run.error.requestId}` : '',
          )
        : h('p', { class: 'muted', text: 'None.' }),
      h('h3', { text: 'Warnings' }),
      list(run.warnings, 'None.'),
      h('h3', { text: 'Notes' }),
      list(run.notes, 'None.'),
    );
    $('run-title').textContent = `Run #${run.id}`;
    $('run-panel').hidden = false;
    $('run-title').scrollIntoView({ block: 'nearest' });
  } catch (error) {
    report(error);
  }
}

function identifierText(identifier) {
  if (!identifier) return '—';
  const domain = identifier.domain ? `\\${identifier.domain}` : '';
  return `${identifier.type}: ${identifier.value}${domain}`;
}

function renderConflicts(conflicts) {
  const body = $('conflicts').querySelector('tbody');
  body.replaceChildren();
  $('conflict-count').textContent = `(${conflicts.length})`;
  $('conflicts-empty').hidden = conflicts.length > 0;
  $('conflicts').hidden = conflicts.length === 0;
  for (const conflict of conflicts) {
    body.append(
      h(
        'tr',
        { 'data-conflict': conflict.id },
        h('td', { text: conflict.kind }),
        h('td', { text: identifierText(conflict.identifier) }),
        h('td', { text: conflict.message }),
        h('td', { text: when(conflict.lastSeen) }),
        h(
          'td',
          {},
          h('button', {
            type: 'button',
            'aria-label': `Review conflict ${conflict.id}`,
            onclick: () => openConflict(conflict.id),
            text: 'Review',
          }),
        ),
      ),
    );
  }
}

async function loadUser(userId) {
  try {
    return await api(`/api/v1/users/${userId}`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

function userCard(conflict, user, userId, allowMerge) {
  const label = ACTION_LABELS[conflict.kind] ?? 'Assign to this user';
  if (user === null) {
    return h(
      'article',
      { class: 'user-card' },
      h('h3', { text: `User ${userId}` }),
      h('p', { text: 'No longer exists.' }),
    );
  }
  const name = user.displayName ?? user.user ?? `User ${user.id}`;
  const identifiers = (user.identifiers ?? []).map((identifier) => {
    const disputed =
      conflict.identifier &&
      identifier.type === conflict.identifier.type &&
      String(identifier.value).toLowerCase() === String(conflict.identifier.value).toLowerCase();
    return h(
      'li',
      { class: disputed ? 'disputed' : undefined },
      h('span', { class: 'id-type', text: identifier.type }),
      ` ${identifier.value}${identifier.domain ? `\\${identifier.domain}` : ''} `,
      h('span', { class: 'source', text: `from ${identifier.source}` }),
      disputed ? h('strong', { text: ' (disputed)' }) : null,
    );
  });
  const links = (user.links ?? []).map((link) => h('li', { text: `${link.connector}: ${link.externalId}` }));
  return h(
    'article',
    { class: 'user-card', 'aria-label': `User ${user.id}: ${name}` },
    h('h3', { text: `${name} (user ${user.id})` }),
    h('p', { class: 'muted', text: `${user.status ?? ''} · ${user.tracking ?? ''}` }),
    h('h4', { text: 'Identifiers' }),
    identifiers.length
      ? h('ul', { class: 'identifiers' }, identifiers)
      : h('p', { class: 'muted', text: 'None.' }),
    h('h4', { text: 'Linked source records' }),
    links.length ? h('ul', {}, links) : h('p', { class: 'muted', text: 'None.' }),
    h(
      'div',
      { class: 'actions' },
      h('button', {
        type: 'button',
        'aria-label': `${label}: user ${user.id}`,
        onclick: () => resolve(conflict.id, { action: 'assign', userId: user.id }),
        text: label,
      }),
      allowMerge
        ? h('button', {
            type: 'button',
            class: 'danger',
            'aria-label': `Merge the users into user ${user.id}`,
            onclick: () => mergeInto(conflict.id, user.id),
            text: 'Merge others into this user',
          })
        : null,
    ),
  );
}

async function openConflict(conflictId) {
  try {
    const conflict = await api(`/api/v1/conflicts/${conflictId}`);
    const users = await Promise.all(conflict.userIds.map((userId) => loadUser(userId)));
    const allowMerge = conflict.userIds.length >= 2;
    const facts = [
      ['Kind', conflict.kind],
      ['Identifier', identifierText(conflict.identifier)],
      ['Connectors', (conflict.connectors ?? []).join(', ') || '—'],
      ['Source records', (conflict.externalIds ?? []).join(', ') || '—'],
      ['First seen', when(conflict.firstSeen)],
      ['Last seen', when(conflict.lastSeen)],
    ];
    fill(
      $('conflict-details'),
      h('p', { class: 'conflict-message', text: conflict.message }),
      h(
        'dl',
        { class: 'facts' },
        facts.map(([term, value]) => h('div', {}, h('dt', { text: term }), h('dd', { text: value }))),
      ),
      users.length > 0
        ? h(
            'div',
            { class: 'side-by-side' },
            users.map((user, index) => userCard(conflict, user, conflict.userIds[index], allowMerge)),
          )
        : h('p', {
            class: 'no-users',
            text:
              'No user record holds this yet: the source records above disagree among themselves. ' +
              'Correct them in the source (the conflict closes itself on the next sync), or dismiss it.',
          }),
      allowMerge
        ? h(
            'p',
            {},
            h('input', { type: 'checkbox', id: 'merge-confirm' }),
            h('label', { for: 'merge-confirm', text: ' I understand that merging users cannot be undone' }),
          )
        : null,
      h(
        'div',
        { class: 'actions' },
        h('button', {
          type: 'button',
          class: 'secondary',
          onclick: () => resolve(conflict.id, { action: 'dismiss' }),
          text: 'Dismiss conflict',
        }),
        h('button', { type: 'button', class: 'secondary', onclick: closeConflict, text: 'Close' }),
      ),
    );
    $('conflict-title').textContent = `Conflict #${conflict.id}`;
    $('conflict-panel').hidden = false;
    $('conflict-title').scrollIntoView({ block: 'start' });
  } catch (error) {
    report(error);
  }
}

function closeConflict() {
  $('conflict-panel').hidden = true;
  fill($('conflict-details'));
}

function mergeInto(conflictId, primaryUserId) {
  const confirmed = $('merge-confirm')?.checked;
  if (!confirmed) {
    say('Tick "I understand that merging users cannot be undone" first.', 'error');
    $('merge-confirm')?.focus();
    return;
  }
  return resolve(conflictId, { action: 'merge', primaryUserId });
}

async function resolve(conflictId, body) {
  try {
    const result = await api(`/api/v1/conflicts/${conflictId}/resolve`, { method: 'POST', body });
    closeConflict();
    say(`Conflict #${conflictId} ${result?.status ?? 'resolved'}.`, 'ok');
    await loadConflicts();
  } catch (error) {
    report(error);
  }
}

function report(error) {
  if (error instanceof ApiError && error.status === 401) {
    say('The API refused the token. Enter the api.token of this daemon.', 'error');
    $('content').hidden = true;
    $('token-input').focus();
    return;
  }
  say(error instanceof Error ? error.message : String(error), 'error');
}

async function loadStatus() {
  const status = await api('/api/v1/status');
  renderTotals(status);
  renderConnectors(status.connectors ?? []);
}

async function loadConflicts() {
  const conflicts = await api('/api/v1/conflicts?status=open');
  renderConflicts(Array.isArray(conflicts) ? conflicts : (conflicts?.items ?? conflicts?.conflicts ?? []));
}

async function loadAll() {
  if (token() === '') {
    say('Enter the API token to see the status.', '');
    $('content').hidden = true;
    return;
  }
  try {
    await Promise.all([loadStatus(), loadConflicts()]);
    $('content').hidden = false;
    if ($('message').classList.contains('error')) say('', '');
  } catch (error) {
    report(error);
  }
}

document.addEventListener('DOMContentLoaded', () => {
  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token-input').value.trim());
    $('token-input').value = '';
    say('', '');
    loadAll();
  });
  $('token-forget').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    $('content').hidden = true;
    say('Token forgotten.', '');
  });
  $('refresh').addEventListener('click', loadAll);
  $('run-close').addEventListener('click', () => {
    $('run-panel').hidden = true;
  });
  loadAll();
  // Runs finish on their own schedule: the connector table follows them while the tab is visible.
  // The open conflict and run panels are left alone, so a review is never pulled from under the admin.
  setInterval(() => {
    if (document.visibilityState !== 'visible' || token() === '' || $('content').hidden) return;
    loadStatus().catch(report);
  }, STATUS_REFRESH_MS);
});
