// Fleet overview: devices by health, version and hardware class (counted by the host, GET /fleet/summary),
// then the device table a page at a time: a fleet of 10,000 devices is never downloaded to draw the page.
import { api, query } from './api.js';
import { h, ago, badge, section, table, num, show, failure } from './dom.js';

// Rows per page of the device table (docs/console.md, "Fleet").
const pageSize = 100;

/** The device's health in one word, by the rule the host's summary applies (Storage/Model/DeviceHealth.cs). */
export function healthOf(device, newAlerts, silentAfterMs) {
  const posture = device.posture ?? null;
  if (device.status === 1 || device.status === 'revoked' || device.revokedAtMs) {
    return 'revoked';
  }
  if (posture?.integrity === 'violated' || posture?.containment === 'contained') {
    return 'compromised';
  }
  if (newAlerts > 0) {
    return 'attention';
  }
  const lastSeen = posture?.lastSeenAt ?? device.lastSeenAtMs;
  if (lastSeen === null || lastSeen === undefined || Date.now() - new Date(lastSeen).getTime() > silentAfterMs) {
    return 'silent';
  }
  return 'healthy';
}

function countTable(caption, heading, rows, key) {
  return table(caption, [heading, 'Devices'],
    rows.map((r) => h('tr', {}, h('td', {}, r[key] ?? 'unknown'), h('td', { class: 'num' }, num(r.devices)))), { class: 'grid compact' });
}

function deviceRow(d, health, newAlerts) {
  const p = d.posture ?? {};
  return h('tr', { 'data-device-id': d.deviceId },
    h('td', {}, h('a', { href: `#/devices/${d.deviceId}` }, d.deviceId)),
    h('td', {}, badge('health', health)),
    h('td', { class: 'num' }, newAlerts ? String(newAlerts) : ''),
    h('td', {}, d.hardwareClass ?? '—'),
    h('td', {}, p.bundleVersion ?? d.firmwareVersion ?? '—'),
    h('td', { class: 'num' }, num(p.securityCounter)),
    h('td', {}, p.lastBoot ? [p.lastBoot.result, ' ', ago(p.lastBoot.at)] : '—'),
    h('td', {}, p.integrity ? badge('integrity', p.integrity) : '—'),
    h('td', {}, p.containment ?? '—'),
    h('td', {}, p.campaign ? h('a', { href: `#/campaigns/${p.campaign.id}` }, `#${p.campaign.id} ${p.campaign.state}`) : '—'),
    h('td', {}, p.certificateExpiresAt ? ago(p.certificateExpiresAt) : '—'),
    h('td', {}, ago(p.lastSeenAt ?? d.lastSeenAtMs)));
}

export async function fleetPage() {
  const [summary, first, alerts] = await Promise.all([
    api.get('/fleet/summary'),
    api.get(`/devices${query({ limit: pageSize })}`),
    api.get('/alerts?status=new&limit=1000'),
  ]);
  const silentAfterMs = summary.silentAfterSeconds * 1000;
  const newAlerts = new Map();
  for (const a of alerts.items) {
    newAlerts.set(a.deviceId, (newAlerts.get(a.deviceId) ?? 0) + 1);
  }
  const rowsOf = (devices) => devices.map((d) => deviceRow(d, healthOf(d, newAlerts.get(d.deviceId) ?? 0, silentAfterMs), newAlerts.get(d.deviceId) ?? 0));

  const devicesTable = table('Devices in id order', ['Device', 'Health', 'New alerts', 'Class', 'Version', 'Counter', 'Last boot', 'Integrity', 'Containment', 'Campaign', 'Certificate expires', 'Last seen'],
    rowsOf(first.items), { class: 'grid', id: 'device-table' });
  const body = devicesTable.querySelector('tbody');
  let shown = first.items.length;
  let cursor = first.nextCursor;
  const status = h('p', { class: 'muted', id: 'device-count', role: 'status' });
  const more = h('button', { type: 'button', class: 'secondary', id: 'more-devices' }, `Show ${pageSize} more devices`);
  const problem = h('div', {});
  const describe = () => {
    status.textContent = `${shown.toLocaleString()} of ${summary.devices.toLocaleString()} devices shown`;
    more.hidden = !cursor;
  };
  more.addEventListener('click', async () => {
    more.disabled = true;
    try {
      const page = await api.get(`/devices${query({ limit: pageSize, cursor })}`);
      body.append(...rowsOf(page.items));
      shown += page.items.length;
      cursor = page.nextCursor;
      show(problem);
      describe();
    } catch (error) {
      show(problem, failure(error));
    } finally {
      more.disabled = false;
    }
  });
  describe();

  return h('div', {},
    h('div', { class: 'page-head' }, h('h1', {}, 'Fleet'), h('span', { class: 'muted' }, `${summary.devices.toLocaleString()} devices`)),
    h('div', { class: 'cards', id: 'fleet-health', role: 'list', 'aria-label': 'Devices by health' },
      summary.byHealth.map(({ health, devices }) => h('div', { class: `card health-${health}`, role: 'listitem', 'data-health': health },
        h('span', { class: 'card-value' }, devices.toLocaleString()), h('span', { class: 'card-label' }, health)))),
    h('div', { class: 'columns' },
      section('Versions', countTable('Devices per running version', 'Version', summary.byVersion, 'version')),
      section('Hardware classes', countTable('Devices per hardware class', 'Class', summary.byHardwareClass, 'hardwareClass'))),
    section('Devices', devicesTable, status, problem, more));
}
