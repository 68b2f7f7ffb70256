// What a blocked (or dry) run would do, before the admin approves it (GET /runs/{id}/preview): the
// totals by action, then the items of one action at a time, page by page.
import { api, queryString } from './api.js';
import { feedback, fill, h, identifierText, table, tell } from './dom.js';

const PAGE_SIZE = 10;
const ACTION_WORDS = {
  create_user: 'users created',
  link: 'records linked',
  untrack: 'users untracked',
  remove_link: 'links removed',
  add_identifier: 'identifiers added',
  remove_identifier: 'identifiers removed',
  set_attribute: 'attributes set',
  conflict: 'conflicts raised',
};

function shown(value) {
  if (value === undefined || value === null) return 'none';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function itemCells(item) {
  const user = item.user ? `${item.user.name ?? '—'} (user ${item.user.id})` : '—';
  const record = item.externalId ? [item.connector, item.externalId].filter(Boolean).join(' ') : '—';
  let change = '—';
  if (item.identifier) change = identifierText(item.identifier);
  if (item.attribute) change = `${item.attribute}: ${shown(item.before)} → ${shown(item.after)}`;
  if (item.conflict) change = `${item.conflict.kind}: ${item.conflict.message}`;
  return [item.action.replaceAll('_', ' '), user, record, change];
}

/** The preview of one run, in its own element (the caller places it next to Approve). */
export function previewPanel(runId) {
  const place = feedback();
  const totals = h('div', {
    class: 'actions preview-totals',
    role: 'group',
    'aria-label': 'Changes by action',
  });
  const items = h('div', { class: 'table-wrap' });
  const more = h('button', { type: 'button', class: 'secondary', text: 'More items', hidden: true });
  const element = h(
    'div',
    { class: 'preview', 'aria-label': `Preview of run ${runId}`, role: 'region' },
    h('h4', { text: 'What it would do' }),
    totals,
    items,
    h('div', { class: 'actions' }, more),
    place,
  );
  let action = '';
  let cursor = null;

  async function load(append) {
    tell(place, 'Loading…', '');
    more.disabled = true;
    try {
      const data = await api(
        `/api/v1/runs/${runId}/preview${queryString({ action, limit: PAGE_SIZE, cursor: append ? cursor : '' })}`,
      );
      if (!append) renderTotals(data.totals ?? {});
      const rows = data.items.map((item) => ({
        attributes: { 'data-action': item.action },
        cells: itemCells(item),
      }));
      const tbody = items.querySelector('tbody');
      if (append && tbody)
        for (const row of table(['Action', 'User', 'Record', 'Change'], rows).querySelectorAll('tbody tr'))
          tbody.append(row);
      else
        fill(
          items,
          rows.length
            ? table(['Action', 'User', 'Record', 'Change'], rows, { class: 'data preview-items' })
            : h('p', { class: 'muted', text: 'Nothing.' }),
        );
      cursor = data.nextCursor ?? null;
      more.hidden = !cursor;
      // :scope: the preview sits inside the runs table, whose own tbody would match 'tbody tr' too.
      const count = items.querySelectorAll(':scope > table > tbody > tr').length;
      tell(
        place,
        `${count} of ${action ? (data.totals?.[action] ?? count) : sum(data.totals ?? {})} shown.`,
        '',
      );
    } catch (error) {
      const missing = error.status === 404;
      tell(place, missing ? `No preview of run #${runId}: ${error.message}` : error.message, 'error');
    } finally {
      more.disabled = false;
    }
  }

  function renderTotals(counts) {
    const entries = Object.entries(counts).filter(([, count]) => count > 0);
    const button = (key, text) =>
      h('button', {
        type: 'button',
        class: key === action ? undefined : 'secondary',
        'aria-pressed': String(key === action),
        'data-preview-action': key || 'all',
        text,
        onclick: () => {
          action = key;
          cursor = null;
          renderTotals(counts);
          load(false);
        },
      });
    fill(
      totals,
      button('', `All: ${sum(counts)}`),
      entries.map(([key, count]) => button(key, `${ACTION_WORDS[key] ?? key}: ${count}`)),
    );
  }

  more.addEventListener('click', () => load(true));
  load(false);
  return element;
}

function sum(counts) {
  return Object.values(counts).reduce((total, count) => total + (typeof count === 'number' ? count : 0), 0);
}
