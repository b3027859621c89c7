// Programme metrics (GET /api/v1/metrics/programme): fleet telemetry health, vulnerable devices, adoption of
// fixes, update failure and rollback rates, incidents by class, alert response times. A null is "no data".
import { api, ApiError } from './api.js';
import { h, time, section, table, num, badge } from './dom.js';

const percent = (v) => (v === null || v === undefined ? num(null) : num(v * 100, 1, ' %'));

export async function metricsPage() {
  let m;
  try {
    m = await api.get('/metrics/programme');
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      return h('div', {}, h('h1', {}, 'Programme metrics'),
        h('div', { class: 'banner', id: 'metrics-unavailable', role: 'status' },
          'Programme metrics are not available on this host: it does not serve GET /api/v1/metrics/programme (404). ',
          'Update the host to a version with programme metrics.'));
    }
    throw error;
  }
  const card = (label, value) => h('div', { class: 'card', role: 'listitem' }, h('span', { class: 'card-value' }, value), h('span', { class: 'card-label' }, label));
  const r = m.alertResponse ?? {};
  return h('div', { id: 'metrics' },
    h('div', { class: 'page-head' }, h('h1', {}, 'Programme metrics'),
      h('span', { class: 'muted' }, time(m.from), ' – ', time(m.to), ' · generated ', time(m.generatedAt))),
    h('div', { class: 'cards', role: 'list', 'aria-label': 'Headline figures' },
      card('devices', num(m.fleet?.devices)),
      card('reporting', num(m.fleet?.reporting)),
      card('silent', num(m.fleet?.silent)),
      card('dropped events', num(m.fleet?.droppedEvents)),
      card('vulnerable devices', num(m.vulnerable?.devices)),
      card('update failure rate', percent(m.updates?.failureRate)),
      card('rollback rate', percent(m.updates?.rollbackRate))),
    section('Advisories', table('Advisories and affected devices', ['Advisory', 'Title', 'Severity', 'Class', 'Affected', 'Fixed in', 'Devices'],
      (m.vulnerable?.advisories ?? []).map((a) => h('tr', {},
        h('td', { class: 'mono' }, a.id), h('td', {}, a.title), h('td', {}, badge('sev', a.severity)), h('td', {}, a.hardwareClass),
        h('td', {}, (a.affectedVersions ?? []).join(', ')), h('td', {}, a.fixedIn ?? '—'), h('td', { class: 'num' }, num(a.devices)))), { class: 'grid' })),
    section('Adoption of releases', table('Adoption per release', ['Bundle', 'Version', 'Class', 'Released', 'Devices', 'Adopted', 'Hours to 50 %', 'Hours to 90 %'],
      (m.adoption ?? []).map((a) => h('tr', {},
        h('td', { class: 'mono', title: a.bundleId }, String(a.bundleId).slice(0, 16)), h('td', {}, a.version), h('td', {}, a.hardwareClass),
        h('td', {}, time(a.releasedAt)), h('td', { class: 'num' }, num(a.devices)), h('td', { class: 'num' }, num(a.adopted)),
        h('td', { class: 'num' }, num(a.hoursTo50Percent, 1)), h('td', { class: 'num' }, num(a.hoursTo90Percent, 1)))), { class: 'grid' })),
    section('Updates', h('dl', { class: 'facts' },
      h('dt', {}, 'Attempts'), h('dd', {}, num(m.updates?.attempts)),
      h('dt', {}, 'Confirmed'), h('dd', {}, num(m.updates?.confirmed)),
      h('dt', {}, 'Failed'), h('dd', {}, num(m.updates?.failed), ' (', percent(m.updates?.failureRate), ')'),
      h('dt', {}, 'Rolled back'), h('dd', {}, num(m.updates?.rolledBack), ' (', percent(m.updates?.rollbackRate), ')'))),
    section('Incidents by class', table('Incidents by class', ['Class', 'Count'],
      (m.incidents ?? []).map((i) => h('tr', {}, h('td', {}, i.class), h('td', { class: 'num' }, num(i.count)))), { class: 'grid compact' })),
    section('Alert response', h('dl', { class: 'facts' },
      h('dt', {}, 'Acknowledged'), h('dd', {}, num(r.acknowledged)),
      h('dt', {}, 'Resolved'), h('dd', {}, num(r.resolved)),
      h('dt', {}, 'Time to acknowledge'), h('dd', {}, 'median ', num(r.medianMinutesToAcknowledge, 1, ' min'), ', p90 ', num(r.p90MinutesToAcknowledge, 1, ' min')),
      h('dt', {}, 'Time to resolve'), h('dd', {}, 'median ', num(r.medianMinutesToResolve, 1, ' min'), ', p90 ', num(r.p90MinutesToResolve, 1, ' min')))));
}
