// OTA campaigns: the list, and one campaign's waves, per-device states and adoption curve.
import { api } from './api.js';
import { h, show, time, ago, badge, section, table, num } from './dom.js';
import { adoptionChart } from './chart.js';
import { session } from './session.js';

// The campaign's count fields, with the state names the device list uses as column headings.
const states = ['pending', 'offered', 'downloading', 'verified', 'installed', 'trial', 'confirmed', 'failed', 'rolledBack'];
const stateLabels = { rolledBack: 'rolled back' };

export async function campaignsPage() {
  const campaigns = await api.get('/ota/campaigns');
  return h('div', {},
    h('div', { class: 'page-head' }, h('h1', {}, 'OTA campaigns')),
    table('Campaigns, newest first', ['Campaign', 'Kind', 'Subject', 'Status', 'Wave', 'Adoption', 'Failures', 'Created'],
      campaigns.map((c) => h('tr', { 'data-campaign-id': c.id },
        h('td', {}, h('a', { href: `#/campaigns/${c.id}` }, `#${c.id}`)),
        h('td', {}, c.kind),
        h('td', { class: 'mono', title: c.subject }, c.subject.slice(0, 16)),
        h('td', {}, badge('campaign', c.status)),
        h('td', {}, `${c.currentWave} of ${c.waveCount}`),
        h('td', {}, progress(c.counts)),
        h('td', { class: 'num' }, `${c.failures} / ${c.failureThreshold}`),
        h('td', {}, ago(c.createdAtMs)))), { class: 'grid', id: 'campaign-table' }));
}

function progress(counts) {
  const share = counts.total ? counts.confirmed / counts.total : 0;
  return h('span', { class: 'progress-cell' },
    h('progress', { max: counts.total || 1, value: counts.confirmed, 'aria-label': `${counts.confirmed} of ${counts.total} confirmed` }),
    ` ${Math.round(share * 100)} % (${counts.confirmed}/${counts.total})`);
}

export async function campaignPage(id) {
  const [c, devices] = await Promise.all([api.get(`/ota/campaigns/${id}`), api.get(`/ota/campaigns/${id}/devices`)]);
  const root = h('div', {});
  const message = h('p', { role: 'status', id: 'campaign-result' });
  const step = async (action) => {
    try {
      await api.post(`/ota/campaigns/${id}/${action}`);
      show(root, await campaignPage(id));
    } catch (error) {
      message.textContent = error.message;
      message.className = 'form-error';
    }
  };
  const confirmed = devices.filter((d) => d.state === 'confirmed').map((d) => d.updatedAtMs).sort((a, b) => a - b);
  const end = Math.max(Date.now(), ...confirmed);
  const points = confirmed.map((t, i) => ({ t, value: (i + 1) / Math.max(devices.length, 1) }));
  const reached = (share) => points.find((p) => p.value >= share)?.t;
  const minutesTo = (share) => (reached(share) ? (reached(share) - c.createdAtMs) / 60000 : null);

  show(root,
    h('p', { class: 'crumbs' }, h('a', { href: '#/campaigns' }, '← Campaigns')),
    h('div', { class: 'page-head' }, h('h1', {}, `Campaign #${c.id}`), badge('campaign', c.status),
      c.statusReason ? h('span', { class: 'muted' }, c.statusReason) : null),
    section('Campaign', h('dl', { class: 'facts' },
      h('dt', {}, 'Kind'), h('dd', {}, c.kind),
      h('dt', {}, 'Subject'), h('dd', { class: 'mono' }, c.subject),
      h('dt', {}, 'Target'), h('dd', {}, c.target),
      h('dt', {}, 'Wave'), h('dd', {}, `${c.currentWave} of ${c.waveCount}`),
      h('dt', {}, 'Failures'), h('dd', {}, `${c.failures} (pauses at ${c.failureThreshold})`),
      h('dt', {}, 'Window'), h('dd', {}, c.window ?? 'any time'),
      h('dt', {}, 'Created'), h('dd', {}, time(c.createdAtMs), ` by ${c.createdBy}`)),
    actions(c, step), message),
    section('Adoption',
      h('p', {}, progress(c.counts), ' · 50 % after ', num(minutesTo(0.5), 1, ' min'), ' · 90 % after ', num(minutesTo(0.9), 1, ' min')),
      adoptionChart(points, c.createdAtMs, end, `Adoption of campaign ${c.id}: ${c.counts.confirmed} of ${c.counts.total} devices confirmed`)),
    section('Waves', table('Waves', ['Wave', 'Opened', ...states.map((s) => stateLabels[s] ?? s), 'Adoption'], c.waves.map((w) => h('tr', { 'data-wave': w.wave },
      h('td', {}, String(w.wave)), h('td', {}, w.opened ? 'yes' : 'not yet'),
      states.map((s) => h('td', { class: 'num' }, w.counts[s] ? String(w.counts[s]) : '')),
      h('td', {}, progress(w.counts)))), { class: 'grid compact', id: 'wave-table' })),
    section('Devices', table('Targeted devices', ['Device', 'Class', 'Wave', 'State', 'Reason', 'Chunks', 'Offers', 'Updated'],
      devices.map((d) => h('tr', { 'data-device-id': d.deviceId },
        h('td', {}, h('a', { href: `#/devices/${d.deviceId}` }, d.deviceId)),
        h('td', {}, d.hardwareClass ?? '—'),
        h('td', { class: 'num' }, String(d.wave)),
        h('td', {}, badge('state', d.state)),
        h('td', {}, d.reason ?? ''),
        h('td', { class: 'num' }, d.chunksTotal ? `${d.chunksPresent}/${d.chunksTotal}` : ''),
        h('td', { class: 'num' }, String(d.offers)),
        h('td', {}, ago(d.updatedAtMs)))), { class: 'grid', id: 'campaign-devices' })));
  return root;
}

function actions(c, step) {
  if (!session.may('operator')) {
    return h('p', { class: 'muted' }, `Pausing, resuming and aborting need the operator role (yours: ${session.role}).`);
  }
  return h('div', { class: 'actions' },
    h('button', { type: 'button', class: 'secondary', disabled: c.status !== 'running', onclick: () => step('pause') }, 'Pause'),
    h('button', { type: 'button', class: 'secondary', disabled: c.status !== 'paused', onclick: () => step('resume') }, 'Resume'),
    h('button', { type: 'button', class: 'danger', disabled: c.status !== 'running' && c.status !== 'paused', onclick: () => step('abort') }, 'Abort'));
}
