// One run opened from the history: its facts, counts, error, warnings and notes, what it changed
// (the run audit, page by page) and, for a run the deletion safeguard stopped, what it would do
// and Approve (or, once approved, the run that released it).
import { api, queryString } from './api.js';
import { auditList } from './audit.js';
import { facts, feedback, fill, h, list, tell, when } from './dom.js';
import { previewPanel } from './preview.js';

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

/** The run that released this approved one (among the connector's latest), else the approval alone. */
async function releaseOf(run) {
  const { runs } = await api(`/api/v1/runs${queryString({ connector: run.connector, limit: 100 })}`);
  return runs.find((candidate) => candidate.releasesRunId === run.id) ?? { approvedAt: run.approvedAt };
}

function approveBlock(run, release) {
  const place = feedback();
  if (release) {
    return h(
      'div',
      { class: 'blocked' },
      h('p', {
        text: release.id
          ? `Approved: released by run #${release.id} (${release.status}). What it was stopped for:`
          : `Approved ${when(release.approvedAt)}. What it was stopped for:`,
      }),
      previewPanel(run.id),
    );
  }
  const approve = h('button', {
    type: 'button',
    'aria-label': `Approve run ${run.id}`,
    text: 'Approve',
    onclick: async (event) => {
      const button = event.currentTarget;
      button.disabled = true;
      tell(place, 'Working…', '');
      try {
        const released = await api(`/api/v1/runs/${run.id}/approve`, { method: 'POST' });
        tell(
          place,
          `Approved: run #${released.runId} of ${run.connector} applies it now, with the safeguard lifted once.`,
          'ok',
        );
      } catch (error) {
        button.disabled = false;
        tell(place, error.message, 'error');
      }
    },
  });
  return h(
    'div',
    { class: 'blocked' },
    h('p', {
      class: 'error-text',
      text: 'The deletion safeguard stopped this run before it changed anything. Read what it would do, then approve it or leave it.',
    }),
    previewPanel(run.id),
    h('div', { class: 'actions' }, approve),
    place,
  );
}

export async function openRun(runId, container, onClose) {
  const place = feedback();
  fill(container, place);
  try {
    const run = await api(`/api/v1/runs/${runId}`);
    const release = run.status === 'blocked' && run.approvedAt ? await releaseOf(run) : null;
    const counts = run.counts ?? {};
    fill(
      container,
      h(
        'div',
        { class: 'review run-panel', role: 'region', 'aria-label': `Run ${run.id}` },
        h('h3', { text: `Run #${run.id} of ${run.connector}: ${run.status}` }),
        facts(
          [
            ['Mode', run.mode],
            ['Trigger', run.trigger],
            ['Queued', when(run.queuedAt)],
            ['Started', when(run.startedAt)],
            ['Finished', when(run.finishedAt)],
            [
              'Complete snapshot',
              run.complete === null || run.complete === undefined ? '—' : String(run.complete),
            ],
            run.releasesRunId ? ['Releases', `run #${run.releasesRunId}`] : null,
          ].filter(Boolean),
        ),
        h(
          'dl',
          { class: 'totals' },
          COUNT_ORDER.filter((key) => key in counts).map((key) =>
            h('div', {}, h('dt', { text: key }), h('dd', { text: counts[key] })),
          ),
        ),
        run.error
          ? h(
              'p',
              { class: 'error-text' },
              run.error.message,
              run.error.code ? ` (code ${run.error.code})` : '',
              run.error.requestId ? ` request id ${run.error.requestId}` : '',
            )
          : null,
        h('h4', { text: 'Warnings' }),
        list(run.warnings, 'None.'),
        h('h4', { text: 'Notes' }),
        list(run.notes, 'None.'),
        run.status === 'blocked' ? approveBlock(run, release) : null,
        h('h4', { text: 'What it changed' }),
        auditList(`/api/v1/runs/${run.id}/audit`, `run ${run.id}`, { showUser: true }),
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'button', class: 'secondary', text: 'Close run details', onclick: onClose }),
        ),
      ),
    );
    container.querySelector('h3')?.scrollIntoView({ block: 'nearest' });
  } catch (error) {
    tell(place, error.message, 'error');
  }
}
