// The status and review page: the token, the views (status, conflicts, users, runs) chosen by the
// address's #fragment (`#runs/entra/12` opens run 12 of entra), and the status refresh. Plain
// browser modules, no build step, no CDN.
import { forgetToken, onUnauthorized, setToken, token } from './api.js';
import { setConnectors, showConflicts } from './conflicts.js';
import { $ } from './dom.js';
import { setRunConnectors, showRuns } from './runs.js';
import { loadStatus } from './status.js';
import { showUsers } from './users.js';

const STATUS_REFRESH_MS = 15_000;
const VIEWS = { status: showStatus, conflicts: showConflicts, users: showUsers, runs: showRuns };

function say(text, kind) {
  const message = $('message');
  message.textContent = text;
  message.className = `message ${kind ?? ''}`;
}

onUnauthorized(() => {
  say('The API refused the token. Enter the api.token of this daemon.', 'error');
  $('content').hidden = true;
  $('token-input').focus();
});

async function refreshStatus() {
  const status = await loadStatus();
  const ids = (status.connectors ?? []).map((connector) => connector.id);
  setConnectors(ids);
  setRunConnectors(ids);
  return status;
}

function showStatus() {
  return refreshStatus();
}

function route() {
  const [view, ...args] = decodeURIComponent(location.hash.replace(/^#/, '')).split('/');
  return VIEWS[view] ? { view, args } : { view: 'status', args: [] };
}

async function showView() {
  const { view, args } = route();
  for (const section of document.querySelectorAll('[data-view]'))
    section.hidden = section.dataset.view !== view;
  for (const link of document.querySelectorAll('[data-view-link]')) {
    if (link.dataset.viewLink === view) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  try {
    await VIEWS[view](args);
  } catch (error) {
    say(error instanceof Error ? error.message : String(error), 'error');
  }
}

async function start() {
  if (token() === '') {
    say('Enter the API token to see the status.', '');
    $('content').hidden = true;
    return;
  }
  try {
    // The status first: the other views take the connectors from it, and a wrong token shows here.
    await refreshStatus();
  } catch (error) {
    if (error?.status !== 401) say(error instanceof Error ? error.message : String(error), 'error');
    return;
  }
  say('', '');
  $('content').hidden = false;
  await showView();
}

document.addEventListener('DOMContentLoaded', () => {
  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    setToken($('token-input').value.trim());
    $('token-input').value = '';
    say('', '');
    start();
  });
  $('token-forget').addEventListener('click', () => {
    forgetToken();
    $('content').hidden = true;
    say('Token forgotten.', '');
  });
  $('refresh').addEventListener('click', () => refreshStatus().catch((error) => say(error.message, 'error')));
  window.addEventListener('hashchange', () => {
    if (!$('content').hidden) showView();
  });
  start();
  // Runs finish on their own schedule: the status view follows them while it is the one shown. The
  // other views are left alone, so a review is never pulled from under the admin.
  setInterval(() => {
    if (document.visibilityState !== 'visible' || token() === '' || $('content').hidden) return;
    if (route().view === 'status') refreshStatus().catch(() => {});
  }, STATUS_REFRESH_MS);
});
