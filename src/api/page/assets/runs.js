// The runs view: one connector's run history (newest first, older runs on demand), Sync now and
// Full sync; a run's details (run-detail.js) open under its row.
import { api, queryString } from './api.js';
import { $, feedback, fill, h, labelled, select, table, tell, when } from './dom.js';
import { toggleDetails } from './lists.js';
import { openRun } from './run-detail.js';
import { countsText, syncButtons } from './status.js';

const PAGE_SIZE = 20;
const state = { connector: '', status: '' };
let connectorIds = [];
let before;
const results = h('div', { id: 'run-results' });
const problem = feedback();
const syncPlace = feedback();
const older = h('button', { type: 'button', class: 'secondary', text: 'Older runs', hidden: true });
older.addEventListener('click', () => loadRuns(true));

export function setRunConnectors(ids) {
  connectorIds = ids;
}

function buildForm() {
  const form = h(
    'form',
    { class: 'filters', 'aria-label': 'Choose runs' },
    labelled(
      'Connector',
      select('connector', [['', 'Every connector'], ...connectorIds.map((id) => [id, id])], state.connector),
    ),
    labelled(
      'Status',
      select(
        'status',
        [['', 'Any status'], ...['blocked', 'failed', 'succeeded', 'running', 'queued'].map((s) => [s, s])],
        state.status,
      ),
    ),
  );
  form.addEventListener('change', () => {
    const data = new FormData(form);
    const connector = String(data.get('connector') ?? '');
    state.status = String(data.get('status') ?? '');
    // A new connector is a new address (Back returns to the previous one); the router shows it.
    if (connector !== state.connector)
      location.hash = connector ? `#runs/${encodeURIComponent(connector)}` : '#runs';
    else loadRuns(false);
  });
  const sync = h('div', { id: 'run-sync' });
  fill($('runs'), form, sync, problem, results, h('div', { class: 'actions' }, older));
  renderSync();
}

function renderSync() {
  const sync = $('run-sync');
  if (!sync) return;
  fill(
    sync,
    state.connector
      ? [
          h(
            'div',
            { class: 'actions' },
            syncButtons(state.connector, syncPlace, () => loadRuns(false)),
          ),
          syncPlace,
        ]
      : null,
  );
}

function row(run) {
  const details = h('button', {
    type: 'button',
    'aria-label': `Details of run ${run.id}`,
    'aria-expanded': 'false',
    text: 'Details',
  });
  details.addEventListener('click', () => toggleRun(details, run.id));
  const mode =
    run.requestedMode && run.requestedMode !== run.mode
      ? `${run.mode} (asked ${run.requestedMode})`
      : run.mode;
  return {
    attributes: { 'data-run': run.id },
    cells: [
      h('div', {}, h('strong', { text: `#${run.id}` }), h('div', { class: 'muted', text: run.connector })),
      h('span', { class: `run-status ${run.status}`, text: run.status }),
      `${mode} · ${run.trigger}`,
      when(run.startedAt ?? run.queuedAt),
      when(run.finishedAt),
      countsText(run.counts),
      details,
    ],
  };
}

async function loadRuns(append) {
  tell(problem, '', '');
  if (!append) before = undefined;
  try {
    const { runs } = await api(
      `/api/v1/runs${queryString({ connector: state.connector, status: state.status, limit: PAGE_SIZE, before })}`,
    );
    const headers = ['Run', 'Status', 'Mode', 'Started', 'Finished', 'Counts', 'Details'];
    const tbody = results.querySelector('tbody');
    if (append && tbody)
      for (const tr of table(headers, runs.map(row)).querySelectorAll('tbody tr')) tbody.append(tr);
    else
      fill(
        results,
        runs.length === 0
          ? h('p', { text: 'No runs yet.' })
          : h('div', { class: 'table-wrap' }, table(headers, runs.map(row), { id: 'run-table' })),
      );
    if (runs.length > 0) before = runs[runs.length - 1].id;
    older.hidden = runs.length < PAGE_SIZE;
  } catch (error) {
    tell(problem, error.message, 'error');
  }
}

function toggleRun(button, runId) {
  return toggleDetails(button, 7, { 'data-run-detail': runId }, (cell, close) => openRun(runId, cell, close));
}

/** Shows the view; `#runs/<connector>[/<run id>]` picks the connector and opens that run. */
export async function showRuns(args) {
  state.connector = args[0] ?? '';
  buildForm();
  await loadRuns(false);
  if (args[1]) {
    const button = results.querySelector(`tr[data-run="${args[1]}"] button`);
    if (button) return toggleRun(button, Number(args[1]));
    const cell = h('td', { colspan: 7 });
    results.prepend(
      h(
        'table',
        { class: 'data' },
        h('tbody', {}, h('tr', { class: 'detail-row', 'data-run-detail': args[1] }, cell)),
      ),
    );
    return openRun(Number(args[1]), cell, () => cell.closest('table').remove());
  }
  return null;
}
