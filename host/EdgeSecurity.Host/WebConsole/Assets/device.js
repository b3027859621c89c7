// A device's timeline: posture, then its events newest first with fields by name, chain status (gaps
// stand out), boots and OTA stages, filterable by kind, with older pages on demand.
import { api, query } from './api.js';
import { h, show, time, ago, badge, section, table, num, failure } from './dom.js';

const kinds = {
  all: () => true,
  boots: (e) => e.type === 'boot-verification',
  ota: (e) => e.type.startsWith('ota-'),
  integrity: (e) => e.type === 'integrity-check' || e.type.startsWith('containment-') || e.type.startsWith('journal-'),
  chain: (e) => e.chain !== 'linked' && e.chain !== 'not-recorded',
};
const kindLabels = { all: 'All events', boots: 'Boots', ota: 'OTA stages', integrity: 'Integrity and journal', chain: 'Chain gaps' };

export async function devicePage(id) {
  const [device, alerts] = await Promise.all([api.get(`/devices/${id}`), api.get(`/alerts${query({ device: id, limit: 20 })}`)]);
  const events = [];
  let cursor = null;
  let kind = 'all';
  const list = h('div', {});
  const more = h('button', { type: 'button', class: 'secondary', id: 'older-events' }, 'Load older events');
  const render = () => show(list, timeline(events.filter(kinds[kind])));
  const load = async () => {
    try {
      const page = await api.get(`/events${query({ device: id, limit: 200, cursor })}`);
      events.push(...page.items);
      cursor = page.nextCursor;
      more.hidden = !cursor;
      render();
    } catch (error) {
      show(list, failure(error));
    }
  };
  more.addEventListener('click', load);
  await load();

  const filters = h('div', { class: 'segmented', role: 'group', 'aria-label': 'Show events' },
    Object.keys(kinds).map((k) => h('button', {
      type: 'button',
      'aria-pressed': String(k === kind),
      'data-kind': k,
      onclick: (event) => {
        kind = k;
        for (const b of filters.querySelectorAll('button')) {
          b.setAttribute('aria-pressed', String(b === event.currentTarget));
        }
        render();
      },
    }, kindLabels[k])));

  return h('div', {},
    h('p', { class: 'crumbs' }, h('a', { href: '#/fleet' }, '← Fleet')),
    h('div', { class: 'page-head' }, h('h1', {}, `Device ${device.deviceId}`), chainSummary(events)),
    posture(device),
    section('Alerts', table('Alerts of this device', ['Severity', 'Alert', 'Status', 'Raised'], alerts.items.map((a) => h('tr', {},
      h('td', {}, badge('sev', a.severity)), h('td', {}, h('a', { href: `#/alerts/${a.id}` }, a.title)),
      h('td', {}, badge('status', a.status)), h('td', {}, ago(a.createdAtMs)))), { class: 'grid compact' })),
    section('Timeline', filters, list, more));
}

function chainSummary(events) {
  const gaps = events.filter(kinds.chain);
  const unexplained = gaps.filter((e) => e.chain === 'after-unexplained-gap').length;
  if (events.length === 0) {
    return badge('chain', 'no-events');
  }
  return unexplained > 0
    ? h('span', { class: 'badge chain-after-unexplained-gap', id: 'chain-status' }, `chain: ${unexplained} unexplained gap${unexplained > 1 ? 's' : ''}`)
    : h('span', { class: 'badge chain-linked', id: 'chain-status' }, gaps.length ? `chain intact (${gaps.length} explained gap${gaps.length > 1 ? 's' : ''})` : 'chain intact');
}

function posture(d) {
  const p = d.posture ?? {};
  const fact = (label, value) => [h('dt', {}, label), h('dd', {}, value ?? '—')];
  return section('Posture', h('dl', { class: 'facts' },
    fact('Status', d.status === 1 || d.revokedAtMs ? 'revoked' : 'active'),
    fact('Hardware class', d.hardwareClass),
    fact('Bundle', p.bundleId ? `${p.bundleId} ${p.bundleVersion ?? ''}` : (d.firmwareVersion ?? null)),
    fact('Security counter', num(p.securityCounter)),
    fact('Last boot', p.lastBoot ? [p.lastBoot.result, ' ', time(p.lastBoot.at)] : null),
    fact('Integrity', p.integrity ? badge('integrity', p.integrity) : null),
    fact('Containment', p.containment),
    fact('Campaign', p.campaign ? h('a', { href: `#/campaigns/${p.campaign.id}` }, `#${p.campaign.id} ${p.campaign.state}`) : null),
    fact('Certificate expires', p.certificateExpiresAt ? time(p.certificateExpiresAt) : null),
    fact('Last attested', p.lastAttestedAt ? time(p.lastAttestedAt) : null),
    fact('Attestation', p.attestation ? [badge('attestation', p.attestation.state), p.attestation.detail ? ` ${p.attestation.detail}` : ''] : null),
    fact('Enrolled', time(d.enrolledAtMs)),
    fact('Last seen', ago(p.lastSeenAt ?? d.lastSeenAtMs)),
    fact('Last heartbeat', ago(d.lastHeartbeatAtMs))));
}

function timeline(events) {
  if (events.length === 0) {
    return h('p', { class: 'muted' }, 'No events of this kind.');
  }
  return h('ol', { class: 'timeline', 'aria-label': 'Events, newest first' }, events.map((e) => h('li', { class: `event sev-line-${e.severity}`, 'data-sequence': e.sequence },
    h('div', { class: 'event-head' },
      h('span', { class: 'seq' }, `#${e.sequence}`),
      h('strong', { class: 'event-type' }, e.type),
      badge('sev', e.severity),
      e.chain === 'linked' ? null : badge('chain', e.chain),
      h('span', { class: 'muted' }, 'boot ', String(e.bootCounter)),
      h('span', { class: 'event-time' }, time(e.deviceTimeTrusted ? e.deviceTimeMs : e.receivedAtMs), e.deviceTimeTrusted ? '' : ' (received; device clock untrusted)')),
    fields(e.fields))));
}

function fields(values) {
  const entries = Object.entries(values ?? {});
  if (entries.length === 0) {
    return null;
  }
  return h('dl', { class: 'fields' }, entries.map(([name, value]) => [
    h('dt', {}, name),
    h('dd', {}, typeof value === 'string' ? value : JSON.stringify(value)),
  ]));
}
