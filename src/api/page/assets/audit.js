// The audit log of a user or of a run, newest first, a page at a time ("Older entries"), each entry
// shown as what changed: one line per field, before -> after.
import { api, queryString } from './api.js';
import { feedback, h, table, tell, when } from './dom.js';

const PAGE_SIZE = 25;

function shown(value) {
  if (value === undefined) return '∅';
  if (value === null) return 'none';
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string'))
    return value.join(', ') || 'none';
  return JSON.stringify(value);
}

/** One line per field that differs between before and after. */
export function changeLines(before, after) {
  const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
  if (!isObject(before) && !isObject(after)) return [`${shown(before)} → ${shown(after)}`];
  const b = isObject(before) ? before : {};
  const a = isObject(after) ? after : {};
  const lines = [];
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    const was = shown(b[key]);
    const is = shown(a[key]);
    if (was === is) continue;
    lines.push(
      !(key in b) ? `${key}: ${is}` : !(key in a) ? `${key}: ${was} → removed` : `${key}: ${was} → ${is}`,
    );
  }
  return lines.length > 0 ? lines : ['no field changed'];
}

function who(entry) {
  return entry.runId ? `${entry.actor} #${entry.runId}` : entry.actor;
}

function userCell(entry) {
  if (entry.userId === null) return '—';
  return h('a', { href: `#users/${entry.userId}`, text: entry.user ?? `user ${entry.userId} (deleted)` });
}

/** An audit list for `basePath` (…/audit) with its own "Older entries" button and feedback. */
export function auditList(basePath, label, { showUser }) {
  const body = h('div', { class: 'table-wrap' });
  const place = feedback();
  const more = h('button', {
    type: 'button',
    class: 'secondary',
    text: 'Older entries',
    'aria-label': `Older entries of ${label}`,
  });
  const element = h('div', { class: 'audit' }, body, h('div', { class: 'actions' }, more), place);
  let before;
  let shownCount = 0;

  async function load() {
    more.disabled = true;
    try {
      const { entries } = await api(`${basePath}${queryString({ limit: PAGE_SIZE, before })}`);
      const headers = showUser
        ? ['When', 'By', 'User', 'Action', 'Changes']
        : ['When', 'By', 'Action', 'Changes'];
      const rows = entries.map((entry) => {
        const cells = [when(entry.at), who(entry)];
        if (showUser) cells.push(userCell(entry));
        cells.push(
          entry.action,
          h(
            'ul',
            { class: 'changes' },
            changeLines(entry.before, entry.after).map((line) => h('li', { text: line })),
          ),
        );
        return { attributes: { 'data-audit': entry.id }, cells };
      });
      shownCount += entries.length;
      if (entries.length > 0) {
        const existing = body.querySelector('tbody');
        if (existing)
          for (const row of table(headers, rows).querySelectorAll('tbody tr')) existing.append(row);
        else body.append(table(headers, rows, { class: 'data audit-table' }));
        before = entries[entries.length - 1].id;
      }
      if (shownCount === 0) tell(place, 'No changes recorded.', '');
      else
        tell(
          place,
          entries.length < PAGE_SIZE ? `All ${shownCount} entries shown.` : `${shownCount} entries shown.`,
          '',
        );
      more.hidden = entries.length < PAGE_SIZE;
    } catch (error) {
      tell(place, error.message, 'error');
    } finally {
      more.disabled = false;
    }
  }
  more.addEventListener('click', load);
  load();
  return element;
}
