// What the list views share: a filter form whose Search button and selects reload the list, and
// a row's details opened in a row of their own right under it (so the admin's context stays).
import { h } from './dom.js';

/**
 * A filter form over `state` (keys are the controls' names): Search or a changed select copies the
 * form into `state` and calls `changed`.
 */
export function filterForm(label, controls, state, changed) {
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': label },
    controls,
    h('div', { class: 'actions' }, h('button', { type: 'submit', text: 'Search' })),
  );
  const read = () => {
    const data = new FormData(form);
    for (const key of Object.keys(state)) state[key] = String(data.get(key) ?? '').trim();
    changed();
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    read();
  });
  form.addEventListener('change', (event) => {
    if (event.target.tagName === 'SELECT') read();
  });
  return form;
}

/**
 * Opens the details of the button's row in a row under it, or closes them when open. `open(cell,
 * close)` fills the cell; `close` removes the row and gives the focus back to the button.
 */
export function toggleDetails(button, colspan, attributes, open) {
  const tr = button.closest('tr');
  const next = tr.nextElementSibling;
  if (next?.classList.contains('detail-row')) {
    next.remove();
    button.setAttribute('aria-expanded', 'false');
    return null;
  }
  const cell = h('td', { colspan });
  const row = h('tr', { class: 'detail-row', ...attributes }, cell);
  tr.after(row);
  button.setAttribute('aria-expanded', 'true');
  return open(cell, () => {
    row.remove();
    button.setAttribute('aria-expanded', 'false');
    button.focus();
  });
}
