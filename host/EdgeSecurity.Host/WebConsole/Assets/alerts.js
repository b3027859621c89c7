// The alert queue (live) and one alert with its triage actions and audit log.
import { api, query } from './api.js';
import { h, show, time, ago, badge, section, table, loading, failure } from './dom.js';
import { session } from './session.js';

const statuses = ['new', 'acknowledged', 'resolved', 'false-positive'];

let filter = 'open';

export async function alertsPage(live) {
  const body = h('div', {}, loading());
  const select = h('select', { id: 'alert-status', 'aria-label': 'Show alerts with status' },
    h('option', { value: 'open' }, 'open (new and acknowledged)'),
    h('option', { value: '' }, 'all'),
    statuses.map((s) => h('option', { value: s }, s)));
  select.value = filter;
  const render = async () => {
    try {
      const status = filter === 'open' ? undefined : filter;
      const page = await api.get(`/alerts${query({ status, limit: 200 })}`);
      show(body, alertTable(page.items.filter((a) => filter !== 'open' || a.status === 'new' || a.status === 'acknowledged'), live.fresh));
    } catch (error) {
      show(body, failure(error));
    }
  };
  select.addEventListener('change', () => {
    filter = select.value;
    render();
  });
  await render();
  live.markSeen();
  // New alerts appear without a reload: every poll re-renders the queue while this page is shown.
  const unsubscribe = live.subscribe(() => {
    if (!body.isConnected) {
      unsubscribe();
      return;
    }
    render();
    live.markSeen();
  });
  return h('div', {},
    h('div', { class: 'page-head' }, h('h1', {}, 'Alert queue'),
      h('label', { class: 'inline', for: 'alert-status' }, 'Status ', select)),
    body);
}

function alertTable(alerts, fresh) {
  const rows = alerts.map((a) => h('tr', { class: fresh.has(a.id) ? 'fresh' : null, 'data-alert-id': a.id },
    h('td', {}, badge('sev', a.severity)),
    h('td', {}, h('a', { href: `#/alerts/${a.id}` }, a.title)),
    h('td', {}, a.deviceId === 'host' ? 'host' : h('a', { href: `#/devices/${a.deviceId}` }, a.deviceId)),
    h('td', {}, a.rule),
    h('td', {}, badge('status', a.status)),
    h('td', {}, a.assignee ?? h('span', { class: 'muted' }, 'unassigned')),
    h('td', {}, ago(a.createdAtMs))));
  return table('Alerts, newest first', ['Severity', 'Alert', 'Device', 'Rule', 'Status', 'Assignee', 'Raised'], rows, { class: 'grid', id: 'alert-table' });
}

export async function alertPage(id) {
  const detail = await api.get(`/alerts/${id}`);
  const a = detail.alert;
  const message = h('p', { id: 'triage-result', role: 'status' });
  const root = h('div', {});
  const act = async (path, bodyValue, done) => {
    try {
      await api.post(`/alerts/${id}/${path}`, bodyValue);
      show(root, await alertPage(id));
      document.getElementById('triage-result').textContent = done;
    } catch (error) {
      message.textContent = error.message;
      message.className = 'form-error';
    }
  };
  show(root,
    h('p', { class: 'crumbs' }, h('a', { href: '#/alerts' }, '← Alert queue')),
    h('div', { class: 'page-head' }, h('h1', {}, a.title), badge('sev', a.severity), badge('status', a.status)),
    section('Alert',
      h('dl', { class: 'facts' },
        h('dt', {}, 'Device'), h('dd', {}, a.deviceId === 'host' ? 'host' : h('a', { href: `#/devices/${a.deviceId}` }, a.deviceId)),
        h('dt', {}, 'Rule'), h('dd', {}, a.rule),
        h('dt', {}, 'Raised'), h('dd', {}, time(a.createdAtMs)),
        h('dt', {}, 'Updated'), h('dd', {}, time(a.updatedAtMs)),
        h('dt', {}, 'Assignee'), h('dd', {}, a.assignee ?? 'unassigned'),
        h('dt', {}, a.deviceId === 'host' ? 'Host events' : 'Event sequences'), h('dd', {}, a.eventSequences.join(', ') || '—')),
      h('pre', { class: 'detail', 'aria-label': 'Alert detail' }, a.detail)),
    triage(a, act, message),
    section('Audit log', auditTable(detail.audit)));
  return root;
}

function triage(alert, act, message) {
  if (!session.may('analyst')) {
    return section('Triage', h('p', { class: 'muted', id: 'triage-denied' },
      `Your role (${session.role}) may read alerts but not triage them: an analyst token can.`));
  }
  const note = h('textarea', { id: 'triage-note', rows: 2, maxlength: 2000 });
  const assignee = h('input', { id: 'triage-assignee', value: alert.assignee ?? '', pattern: '[a-z0-9-]*', autocomplete: 'off' });
  const statusButton = (status, label) => h('button', {
    type: 'button',
    disabled: alert.status === status,
    onclick: () => act('status', { status, ...(note.value.trim() ? { note: note.value } : {}) }, `Marked ${status}.`),
  }, label);
  return section('Triage',
    h('div', { class: 'actions' },
      statusButton('acknowledged', 'Acknowledge'),
      statusButton('resolved', 'Resolve'),
      statusButton('false-positive', 'False positive')),
    h('label', { for: 'triage-note' }, 'Note (kept in the audit log with a status change, or on its own)'), note,
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', onclick: () => act('notes', { text: note.value }, 'Note added.') }, 'Add note only')),
    h('form', { class: 'actions', onsubmit: (e) => { e.preventDefault(); act('assignee', { assignee: assignee.value.trim() || null }, 'Assignee changed.'); } },
      h('label', { for: 'triage-assignee' }, 'Assignee'), assignee,
      h('button', { type: 'submit', class: 'secondary' }, 'Assign')),
    message);
}

function auditTable(entries) {
  const rows = entries.map((e) => h('tr', {},
    h('td', {}, time(e.atMs)),
    h('td', {}, e.actor),
    h('td', {}, e.action),
    h('td', {}, describeChange(e)),
    h('td', { class: 'note' }, e.note ?? '')));
  return table('Audit log, oldest first', ['When', 'Who', 'Action', 'Change', 'Note'], rows, { class: 'grid', id: 'audit-table' });
}

function describeChange(e) {
  if (e.from === null && e.to === null) {
    return '';
  }
  return `${e.from ?? '—'} → ${e.to ?? '—'}`;
}
