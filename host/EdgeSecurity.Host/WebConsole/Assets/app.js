// The console shell: sign-in, the signed-in caller's role, hash routes (no data or token in the URL), live alerts.
import { api, token, ApiError } from './api.js';
import { show } from './dom.js';
import { LiveAlerts } from './live.js';
import { fleetPage } from './fleet.js';
import { alertsPage, alertPage } from './alerts.js';
import { devicePage } from './device.js';
import { campaignsPage, campaignPage } from './campaigns.js';
import { metricsPage } from './metrics.js';

import { session } from './session.js';

const $ = (id) => document.getElementById(id);

const live = new LiveAlerts(api, (fresh, error) => {
  $('live-state').textContent = error ? `live updates paused: ${error.message}` : 'live';
  $('live-state').classList.toggle('offline', Boolean(error));
  const badge = $('new-alerts');
  badge.hidden = live.unseen === 0;
  badge.textContent = `${live.unseen} new`;
  if (fresh.length > 0) {
    $('live').textContent = `${fresh.length} new alert${fresh.length > 1 ? 's' : ''}: ${fresh.map((a) => a.title).join('; ')}`;
  }
});

const routes = [
  [/^#\/fleet$/, () => fleetPage()],
  [/^#\/alerts$/, () => alertsPage(live)],
  [/^#\/alerts\/(\d+)$/, (m) => alertPage(Number(m[1]))],
  [/^#\/devices\/([a-z0-9-]+)$/, (m) => devicePage(m[1])],
  [/^#\/campaigns$/, () => campaignsPage()],
  [/^#\/campaigns\/(\d+)$/, (m) => campaignPage(Number(m[1]))],
  [/^#\/metrics$/, () => metricsPage()],
];

// Each navigation's number: a page that finishes loading after a later navigation is dropped, not shown.
let navigation = 0;

async function route() {
  if (!session.role) {
    return;
  }
  const current = ++navigation;
  const hash = location.hash || '#/alerts';
  const page = $('page');
  for (const link of document.querySelectorAll('#nav a')) {
    const selected = hash.startsWith(`#/${link.dataset.page}`);
    link.classList.toggle('current', selected);
    if (selected) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  const match = routes.map(([pattern, render]) => [hash.match(pattern), render]).find(([m]) => m);
  if (!match) {
    location.hash = '#/alerts';
    return;
  }
  $('error').hidden = true;
  try {
    const content = await match[1](match[0]);
    if (current === navigation) {
      show(page, content);
    }
  } catch (error) {
    if (current !== navigation) {
      return;
    }
    if (error instanceof ApiError && error.status === 401) {
      signOut('Your token is no longer accepted (revoked?). Sign in again.');
      return;
    }
    $('error').textContent = error.message;
    $('error').hidden = false;
  }
}

async function signIn(value) {
  token.set(value);
  try {
    const me = await api.get('/session');
    session.name = me.name;
    session.role = me.role;
  } catch (error) {
    token.clear();
    throw error;
  }
  $('sign-in').hidden = true;
  $('nav').hidden = false;
  $('sign-out').hidden = false;
  $('who').hidden = false;
  $('who').textContent = `${session.name} · ${session.role}`;
  live.start();
  await route();
}

function signOut(message) {
  token.clear();
  live.stop();
  session.name = null;
  session.role = null;
  $('nav').hidden = true;
  $('sign-out').hidden = true;
  $('who').hidden = true;
  show($('page'));
  $('sign-in').hidden = false;
  $('sign-in-error').textContent = message ?? '';
  $('token').value = '';
  $('token').focus();
}

$('sign-in').addEventListener('submit', async (event) => {
  event.preventDefault();
  const value = $('token').value.trim();
  $('sign-in-error').textContent = '';
  try {
    await signIn(value);
    $('token').value = '';
  } catch (error) {
    $('sign-in-error').textContent = error instanceof ApiError && error.status === 401
      ? 'This token was refused: it is unknown or revoked. Check it, or ask an admin for a new one.'
      : `Sign-in failed: ${error.message}`;
  }
});
$('sign-out').addEventListener('click', () => signOut('Signed out.'));
window.addEventListener('hashchange', route);

// Keyboard: 1-4 switch pages, r reloads the page's data (outside text fields).
document.addEventListener('keydown', (event) => {
  if (!session.role || event.ctrlKey || event.metaKey || event.altKey || event.target.closest('input, textarea, select')) {
    return;
  }
  const pages = { 1: '#/fleet', 2: '#/alerts', 3: '#/campaigns', 4: '#/metrics' };
  if (pages[event.key]) {
    location.hash = pages[event.key];
  } else if (event.key === 'r') {
    route();
  }
});

if (token.get()) {
  signIn(token.get()).catch(() => signOut('Sign in again.'));
} else {
  signOut();
}
