// Previous / next over a list the API pages with cursors: the cursors of the pages already seen are
// kept, so Previous goes back to exactly the page the admin saw.
import { h } from './dom.js';

export function createPager(label, pageSize, load) {
  let cursors = [''];
  let index = 0;
  const summary = h('span', { class: 'muted' });
  const previous = h('button', {
    type: 'button',
    class: 'secondary',
    'aria-label': `Previous page of ${label}`,
    text: 'Previous',
  });
  const next = h('button', {
    type: 'button',
    class: 'secondary',
    'aria-label': `Next page of ${label}`,
    text: 'Next',
  });
  previous.addEventListener('click', () => {
    if (index === 0) return;
    index -= 1;
    load(cursors[index]);
  });
  next.addEventListener('click', () => {
    if (index + 1 >= cursors.length) return;
    index += 1;
    load(cursors[index]);
  });
  return {
    element: h('div', { class: 'pager' }, previous, summary, next),
    /** Back to the first page (filters changed). */
    reset() {
      cursors = [''];
      index = 0;
    },
    cursor() {
      return cursors[index];
    },
    /** Shows where this page sits and remembers the next page's cursor. */
    update(count, total, nextCursor) {
      cursors = cursors.slice(0, index + 1);
      if (nextCursor) cursors.push(nextCursor);
      const first = index * pageSize + 1;
      summary.textContent = count === 0 ? `0 of ${total}` : `${first}–${first + count - 1} of ${total}`;
      previous.disabled = index === 0;
      next.disabled = !nextCursor;
    },
  };
}
