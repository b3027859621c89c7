// Fleet overview: devices grouped by health, the versions they run, and each device's posture.
import { api } from './api.js';
import { h, ago, badge, section, table, num } from './dom.js';

// A device that has not been heard from for this long is silent (heartbeats come every minute or faster).
const silentAfterMs = 5 * 60 * 1000;

/** The device's health in one word, from its status, its posture (when the host reports one) and its open alerts. */
export function healthOf(device, openAlerts) {
  const posture = device.posture ?? null;
  if (device.status === 1 || device.status === 'revoked' || device.revokedAtMs) {
    return 'revoked';
  }
  if (posture?.integrity === 'violated' || posture?.containment === 'contained') {
    return 'compromised';
  }
  if (openAlerts > 0) {
    return 'attention';
  }
  const lastSeen = posture?.lastSeenAt ?? device.lastSeenAtMs;
  if (lastSeen === null || lastSeen === undefined || Date.now() - new Date(lastSeen).getTime() > silentAfterMs) {
    return 'silent';
  }
  return 'healthy';
}

const healthOrder = ['compromised', 'attention', 'silent', 'healthy', 'revoked'];

export async function fleetPage() {
  const [devices, alerts] = await Promise.all([api.get('/devices'), api.get('/alerts?status=new&limit=1000')]);
  const open = new Map();
  for (const a of alerts.items) {
    open.set(a.deviceId, (open.get(a.deviceId) ?? 0) + 1);
  }
  const rows = devices.map((d) => ({ device: d, health: healthOf(d, open.get(d.deviceId) ?? 0), alerts: open.get(d.deviceId) ?? 0 }));
  rows.sort((a, b) => healthOrder.indexOf(a.health) - healthOrder.indexOf(b.health) || a.device.deviceId.localeCompare(b.device.deviceId));

  const byHealth = healthOrder.map((health) => [health, rows.filter((r) => r.health === health).length]);
  const versions = new Map();
  for (const { device } of rows) {
    const version = device.posture?.bundleVersion ?? device.firmwareVersion ?? 'unknown';
    versions.set(version, (versions.get(version) ?? 0) + 1);
  }

  return h('div', {},
    h('div', { class: 'page-head' }, h('h1', {}, 'Fleet'), h('span', { class: 'muted' }, `${devices.length} devices`)),
    h('div', { class: 'cards', role: 'list', 'aria-label': 'Devices by health' },
      byHealth.map(([health, count]) => h('div', { class: `card health-${health}`, role: 'listitem' },
        h('span', { class: 'card-value' }, String(count)), h('span', { class: 'card-label' }, health)))),
    section('Versions', table('Devices per running version', ['Version', 'Devices'],
      [...versions.entries()].sort().map(([v, n]) => h('tr', {}, h('td', {}, v), h('td', { class: 'num' }, String(n)))), { class: 'grid compact' })),
    section('Devices', table('Devices by health', ['Device', 'Health', 'Open alerts', 'Class', 'Version', 'Counter', 'Last boot', 'Integrity', 'Containment', 'Campaign', 'Certificate expires', 'Last seen'],
      rows.map(({ device: d, health, alerts: count }) => {
        const p = d.posture ?? {};
        return h('tr', { 'data-device-id': d.deviceId },
          h('td', {}, h('a', { href: `#/devices/${d.deviceId}` }, d.deviceId)),
          h('td', {}, badge('health', health)),
          h('td', { class: 'num' }, count ? String(count) : ''),
          h('td', {}, d.hardwareClass ?? '—'),
          h('td', {}, p.bundleVersion ?? d.firmwareVersion ?? '—'),
          h('td', { class: 'num' }, num(p.securityCounter)),
          h('td', {}, p.lastBoot ? [p.lastBoot.result, ' ', ago(p.lastBoot.at)] : '—'),
          h('td', {}, p.integrity ? badge('integrity', p.integrity) : '—'),
          h('td', {}, p.containment ?? '—'),
          h('td', {}, p.campaign ? h('a', { href: `#/campaigns/${p.campaign.id}` }, `#${p.campaign.id} ${p.campaign.state}`) : '—'),
          h('td', {}, p.certificateExpiresAt ? ago(p.certificateExpiresAt) : '—'),
          h('td', {}, ago(p.lastSeenAt ?? d.lastSeenAtMs)));
      }), { class: 'grid', id: 'device-table' })));
}
