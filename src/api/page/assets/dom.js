// Small DOM helpers for the page. Every value from the API goes into the page as text (text nodes,
// textContent, setAttribute), never as HTML, so a directory record cannot inject markup.

export function $(id) {
  return document.getElementById(id);
}

/** Builds an element; children are nodes or strings (strings become text nodes). */
export function h(tag, attributes, ...children) {
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
export function fill(element, ...children) {
  element.replaceChildren(
    ...children.flat().filter((child) => child !== null && child !== undefined && child !== false),
  );
}

export function when(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : date.toLocaleString();
}

/** An identifier as the product shows it: a device login as DOMAIN\username. */
export function valueText(identifier) {
  if (!identifier) return '—';
  return identifier.domain ? `${identifier.domain}\\${identifier.value}` : String(identifier.value);
}

export function identifierText(identifier) {
  return identifier ? `${identifier.type}: ${valueText(identifier)}` : '—';
}

// UPNs and emails share one namespace (DOMAIN.md): an address is the same value under either type.
const NAMESPACE = {
  upn: 'address',
  email: 'address',
  employee_id: 'employee_id',
  device_login: 'device_login',
};

/** One value in one namespace, compared as the domain compares them (case-insensitively). */
export function sameIdentifier(a, b) {
  if (!a || !b || (NAMESPACE[a.type] ?? a.type) !== (NAMESPACE[b.type] ?? b.type)) return false;
  const norm = (x) => `${String(x.value).trim().toLowerCase()}\\${String(x.domain ?? '').toLowerCase()}`;
  return norm(a) === norm(b);
}

/** A definition list of [term, value] pairs (values are text or nodes). */
export function facts(pairs) {
  return h(
    'dl',
    { class: 'facts' },
    pairs.map(([term, value]) => h('div', {}, h('dt', { text: term }), h('dd', {}, value ?? '—'))),
  );
}

export function list(items, empty) {
  if (!items || items.length === 0) return h('p', { class: 'muted', text: empty });
  return h(
    'ul',
    {},
    items.map((item) => h('li', {}, item)),
  );
}

/**
 * A table whose cells carry their column's name, so at phone width each row becomes a card with
 * labelled lines (CSS) instead of a table wider than the screen. Rows are arrays of cells, or
 * { cells, attributes } to set attributes on the row.
 */
export function table(headers, rows, attributes = {}) {
  return h(
    'table',
    { class: 'data', ...attributes },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        headers.map((header) => h('th', { scope: 'col', text: header })),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((row) => {
        const cells = Array.isArray(row) ? row : row.cells;
        return h(
          'tr',
          Array.isArray(row) ? {} : row.attributes,
          cells.map((cell, index) => h('td', { 'data-label': headers[index] }, cell)),
        );
      }),
    ),
  );
}

/** The line next to an action where its outcome is said (polite live region). */
export function feedback() {
  return h('p', { class: 'feedback', role: 'status', 'aria-live': 'polite' });
}

export function tell(element, text, kind) {
  element.textContent = text;
  element.className = `feedback ${kind ?? ''}`;
}

/** Runs an action from a button: disabled while it runs, its outcome said next to it. */
export async function act(button, place, work) {
  button.disabled = true;
  tell(place, 'Working…', '');
  try {
    const text = await work();
    if (text) tell(place, text, 'ok');
    else tell(place, '', '');
  } catch (error) {
    tell(place, error instanceof Error ? error.message : String(error), 'error');
  } finally {
    button.disabled = false;
  }
}

export function labelled(labelText, control) {
  return h('label', { class: 'field' }, h('span', { text: labelText }), control);
}

export function select(name, options, value) {
  return h(
    'select',
    { name },
    options.map(([optionValue, text]) =>
      h('option', { value: optionValue, selected: optionValue === value, text }),
    ),
  );
}
