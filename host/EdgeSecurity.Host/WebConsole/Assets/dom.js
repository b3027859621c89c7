// DOM building without markup strings: every value becomes a text node, so device-supplied text
// (event fields, alert details) is shown as text and can never become elements or script.

/** h('td', {class: 'x'}, 'text', child) — attributes are set as attributes, children as nodes or text. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the content of element. */
export function show(element, ...children) {
  element.replaceChildren();
  append(element, children);
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });

/** A time as "6 Dec 2026, 05:20:00 UTC" in a <time> element with the ISO value; "—" when there is none. */
export function time(value) {
  if (value === undefined || value === null) {
    return h('span', { class: 'muted', title: 'no data' }, '—');
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    return h('span', {}, String(value));
  }
  return h('time', { datetime: date.toISOString(), title: date.toISOString() }, `${dateTime.format(date)} UTC`);
}

/** "3 min ago" for a time in Unix ms or ISO text. */
export function ago(value) {
  if (value === undefined || value === null) {
    return h('span', { class: 'muted' }, 'never');
  }
  const date = new Date(value);
  const delta = Math.round((Date.now() - date.getTime()) / 1000);
  const seconds = Math.abs(delta);
  const span = seconds < 60 ? `${seconds} s`
    : seconds < 3600 ? `${Math.round(seconds / 60)} min`
      : seconds < 86400 ? `${Math.round(seconds / 3600)} h`
        : `${Math.round(seconds / 86400)} d`;
  const text = delta >= 0 ? `${span} ago` : `in ${span}`;
  return h('time', { datetime: date.toISOString(), title: `${date.toISOString()}` }, text);
}

/** A number, or "—" (no data) when null: a missing value is never shown as 0. */
export function num(value, digits = 0, suffix = '') {
  if (value === undefined || value === null) {
    return h('span', { class: 'muted', title: 'no data' }, '—');
  }
  return `${Number(value).toLocaleString(undefined, { maximumFractionDigits: digits, minimumFractionDigits: digits })}${suffix}`;
}

/** A word in a coloured badge: severity, status, chain, state. */
export function badge(kind, word) {
  return h('span', { class: `badge ${kind}-${String(word).replace(/[^a-z0-9-]/gi, '')}` }, String(word));
}

/** A page section with a heading. */
export function section(title, ...children) {
  const id = `s-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return h('section', { class: 'panel', 'aria-labelledby': id }, h('h2', { id }, title), ...children);
}

/** A table with a caption (its accessible name), headers and rows of cells. */
export function table(caption, headers, rows, attributes = {}) {
  return h('table', attributes,
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, headers.map((text) => h('th', { scope: 'col' }, text)))),
    h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: headers.length, class: 'muted' }, 'Nothing to show.'))));
}

/** "Loading…" placeholder and an error banner for a failed load. */
export function loading() {
  return h('p', { class: 'muted', 'aria-busy': 'true' }, 'Loading…');
}

export function failure(error) {
  return h('p', { class: 'banner banner-error', role: 'alert' }, error.message ?? String(error));
}
