// The users view: search (name, any identifier value, id), DOMAIN.md's filters (status, tracking,
// group, display name), pages; Open shows a user's explanation and audit under its row.
import { api, queryString } from './api.js';
import { $, feedback, fill, h, labelled, select, table, tell, valueText } from './dom.js';
import { filterForm, toggleDetails } from './lists.js';
import { createPager } from './pager.js';
import { openUser } from './user-detail.js';

const PAGE_SIZE = 25;
const state = { q: '', status: 'all', tracking: 'all', group: 'all', groupName: '', displayName: 'all' };
let form = null;
const results = h('div', { id: 'user-results' });
const problem = feedback();
const pager = createPager('users', PAGE_SIZE, (cursor) => loadPage(cursor));

function buildForm() {
  form = filterForm(
    'User filters',
    [
      labelled(
        'Search users',
        h('input', {
          type: 'search',
          name: 'q',
          placeholder: 'name, UPN, email, employee ID, login',
          value: state.q,
        }),
      ),
      labelled(
        'Status',
        select(
          'status',
          [
            ['all', 'All'],
            ['active', 'Active'],
            ['inactive', 'Inactive'],
            ['unlicensed', 'Unlicensed'],
          ],
          state.status,
        ),
      ),
      labelled(
        'Tracking',
        select(
          'tracking',
          [
            ['all', 'All'],
            ['tracked', 'Tracked'],
            ['untracked', 'Untracked'],
          ],
          state.tracking,
        ),
      ),
      labelled(
        'Group',
        select(
          'group',
          [
            ['all', 'All'],
            ['any', 'In a group'],
            ['none', 'In none'],
          ],
          state.group,
        ),
      ),
      labelled(
        'Group name',
        h('input', { type: 'text', name: 'groupName', placeholder: 'any group', value: state.groupName }),
      ),
      labelled(
        'Display name',
        select(
          'displayName',
          [
            ['all', 'All'],
            ['with', 'With'],
            ['without', 'Without'],
          ],
          state.displayName,
        ),
      ),
    ],
    state,
    () => {
      pager.reset();
      loadPage('');
    },
  );
  fill($('users'), form, problem, results, pager.element);
}

function row(user) {
  const open = h('button', {
    type: 'button',
    'aria-label': `Open user ${user.id}`,
    'aria-expanded': 'false',
    text: 'Open',
  });
  open.addEventListener('click', () => toggleUser(open, user.id));
  const identifiers = (user.identifiers ?? []).slice(0, 3).map(valueText);
  if ((user.identifiers ?? []).length > 3) identifiers.push(`+${user.identifiers.length - 3} more`);
  return {
    attributes: { 'data-user': user.id },
    cells: [
      h('div', {}, h('strong', { text: user.user }), h('div', { class: 'muted', text: `user ${user.id}` })),
      user.status,
      user.tracking,
      identifiers.join(', ') || '—',
      user.groups.length === 0 ? '—' : user.groups.join(', '),
      open,
    ],
  };
}

/** Opens (or closes) the user's panel right under its row. */
function toggleUser(button, userId) {
  return toggleDetails(button, 6, { 'data-user-detail': userId }, (cell, close) =>
    openUser(userId, cell, close),
  );
}

// Filters change while a page is on its way: only the answer to the latest request is shown.
let latest = 0;

async function loadPage(cursor) {
  const ticket = ++latest;
  tell(problem, '', '');
  try {
    const { q, status, tracking, displayName } = state;
    const group = state.groupName || state.group;
    const data = await api(
      `/api/v1/users${queryString({ q, status, tracking, group, displayName, limit: PAGE_SIZE, cursor })}`,
    );
    if (ticket !== latest) return;
    $('user-count').textContent = `(${data.total})`;
    fill(
      results,
      data.users.length === 0
        ? h('p', { text: 'No users match.' })
        : h(
            'div',
            { class: 'table-wrap' },
            table(['User', 'Status', 'Tracking', 'Identifiers', 'Groups', 'Open'], data.users.map(row), {
              id: 'user-table',
            }),
          ),
    );
    pager.update(data.users.length, data.total, data.nextCursor);
  } catch (error) {
    tell(problem, error.message, 'error');
  }
}

/** Shows the view; `#users/<id>` searches for that user and opens it. */
export async function showUsers(args) {
  const wanted = args[0] && /^\d+$/.test(args[0]) ? args[0] : null;
  if (wanted) {
    Object.assign(state, {
      q: wanted,
      status: 'all',
      tracking: 'all',
      group: 'all',
      groupName: '',
      displayName: 'all',
    });
    form = null;
  }
  if (!form) buildForm();
  pager.reset();
  await loadPage('');
  if (wanted) results.querySelector(`tr[data-user="${wanted}"] button`)?.click();
}
