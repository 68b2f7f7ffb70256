// The status view: user totals, every connector (schedule, last and next run, counts) with Sync now,
// Full sync and its history, and the open conflicts by kind.
import { api } from './api.js';
import { $, act, feedback, fill, h, table, when } from './dom.js';

const SHOWN_COUNTS = ['fetched', 'created', 'updated', 'linked', 'conflicts', 'invalid'];

export function countsText(counts) {
  if (!counts) return '—';
  return SHOWN_COUNTS.map((key) => `${key} ${counts[key] ?? 0}`).join(', ');
}

// One feedback line per connector, kept across refreshes so a queued run's message stays put.
const feedbackByConnector = new Map();
function feedbackFor(connectorId) {
  if (!feedbackByConnector.has(connectorId)) feedbackByConnector.set(connectorId, feedback());
  return feedbackByConnector.get(connectorId);
}

/** POST /connectors/{id}/sync; the outcome is said next to the buttons. */
export function syncButtons(connectorId, place, after) {
  const sync = (mode, label) =>
    h('button', {
      type: 'button',
      class: mode === 'full' ? 'secondary' : undefined,
      'aria-label': `${label} ${connectorId}`,
      text: label,
      onclick: (event) =>
        act(event.currentTarget, place, async () => {
          const result = await api(`/api/v1/connectors/${encodeURIComponent(connectorId)}/sync`, {
            method: 'POST',
            body: { mode },
          });
          after?.();
          const kind = mode === 'full' ? 'Full run' : 'Run';
          return result.reused
            ? `Run #${result.runId} of ${connectorId} is already queued or running.`
            : `${kind} #${result.runId} of ${connectorId} is queued.`;
        }),
    });
  return [sync('delta', 'Sync now'), sync('full', 'Full sync')];
}

function lastRunCell(connector) {
  const last = connector.lastRun;
  if (!last) return 'never run';
  return h(
    'div',
    {},
    h('a', {
      href: `#runs/${encodeURIComponent(connector.id)}/${last.id}`,
      'aria-label': `Details of run ${last.id} of ${connector.id}`,
      text: `#${last.id} ${last.status}`,
    }),
    ` ${when(last.finishedAt ?? last.startedAt)}`,
    last.error ? h('div', { class: 'error-text', text: last.error.message }) : null,
    last.status === 'blocked'
      ? h('div', { class: 'error-text', text: 'Stopped by the deletion safeguard: waits for approval.' })
      : null,
  );
}

function nextRunCell(connector) {
  const next = [when(connector.nextRunAt)];
  if (connector.backedOffUntil) next.push(`backed off until ${when(connector.backedOffUntil)}`);
  const current = connector.current;
  return h(
    'div',
    {},
    next.join(' · '),
    current ? h('div', { class: 'running', text: `run #${current.id} ${current.status}` }) : null,
    connector.consecutiveFailures > 0
      ? h('div', { class: 'error-text', text: `${connector.consecutiveFailures} failure(s) in a row` })
      : null,
  );
}

function renderConnectors(connectors, reload) {
  if (connectors.length === 0) {
    fill($('connectors'), h('p', { class: 'muted', text: 'No connectors are configured.' }));
    return;
  }
  const rows = connectors.map((connector) => {
    const place = feedbackFor(connector.id);
    const schedule = [connector.schedule ?? 'on demand'];
    if (connector.fullSchedule) schedule.push(`full: ${connector.fullSchedule}`);
    return {
      attributes: { 'data-connector': connector.id },
      cells: [
        h('div', {}, h('strong', { text: connector.id }), h('div', { class: 'muted', text: connector.kind })),
        schedule.join(' · '),
        lastRunCell(connector),
        nextRunCell(connector),
        countsText(connector.lastRun?.counts),
        h(
          'div',
          {},
          h(
            'div',
            { class: 'actions' },
            syncButtons(connector.id, place, reload),
            h('a', {
              class: 'button-link',
              href: `#runs/${encodeURIComponent(connector.id)}`,
              'aria-label': `Run history of ${connector.id}`,
              text: 'History',
            }),
          ),
          place,
        ),
      ],
    };
  });
  fill(
    $('connectors'),
    h(
      'div',
      { class: 'table-wrap' },
      table(['Connector', 'Schedule', 'Last run', 'Next run', 'Counts', 'Actions'], rows, {
        id: 'connector-table',
      }),
    ),
  );
}

function renderTotals(users) {
  fill(
    $('totals'),
    Object.entries(users ?? {})
      .filter(([, value]) => typeof value === 'number')
      .map(([key, value]) => h('div', {}, h('dt', { text: key }), h('dd', { text: value }))),
  );
}

function renderConflictKinds(conflicts) {
  const byKind = Object.entries(conflicts?.byKind ?? {}).filter(([, count]) => count > 0);
  fill(
    $('conflict-kinds'),
    byKind.length === 0
      ? h('p', { class: 'muted', text: 'No open conflicts.' })
      : h(
          'ul',
          { class: 'inline-list' },
          byKind.map(([kind, count]) =>
            h(
              'li',
              {},
              h('a', { href: `#conflicts/${kind}`, text: `${kind.replaceAll('_', ' ')}: ${count}` }),
            ),
          ),
        ),
  );
}

/** Reads /status and renders the view; returns the status for the other views (connector ids). */
export async function loadStatus() {
  const status = await api('/api/v1/status');
  renderTotals(status.users);
  renderConnectors(status.connectors ?? [], () => loadStatus().catch(() => {}));
  renderConflictKinds(status.conflicts);
  return status;
}
