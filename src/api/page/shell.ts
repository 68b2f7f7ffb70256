// The page shell: static HTML with no tenant data in it (it is served without the token). The
// script modules fill it from the API once the admin has given the token; each view is a section
// the navigation shows one at a time (the address's #fragment says which, so Back works).

/** Bumped with the assets so a browser never runs a new shell against an old cached script. */
export const ASSET_VERSION = '4';

const VIEWS = [
  ['status', 'Status'],
  ['conflicts', 'Conflicts'],
  ['users', 'Users'],
  ['runs', 'Runs'],
] as const;

function nav(): string {
  return VIEWS.map(([id, label]) => `<a href="#${id}" data-view-link="${id}">${label}</a>`).join('\n    ');
}

export function renderShell(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>idsync: status and review</title>
<link rel="stylesheet" href="/assets/app.css?v=${ASSET_VERSION}">
<link rel="stylesheet" href="/assets/views.css?v=${ASSET_VERSION}">
<script type="module" src="/assets/app.js?v=${ASSET_VERSION}"></script>
</head>
<body>
<header class="top">
  <h1>idsync</h1>
  <form id="token-form" class="token-form" autocomplete="off">
    <label for="token-input">API token</label>
    <input id="token-input" name="token" type="password" required autocomplete="off"
      aria-describedby="token-help" placeholder="api.token from config.yaml">
    <button type="submit">Use token</button>
    <button type="button" id="token-forget" class="secondary">Forget token</button>
    <p id="token-help" class="help">Kept in this browser tab only (session storage) and sent as a bearer token.</p>
  </form>
</header>
<p id="message" class="message" role="status" aria-live="polite"></p>
<main id="content" hidden>
  <nav class="views" aria-label="Views">
    ${nav()}
  </nav>
  <section id="view-status" data-view="status" aria-labelledby="status-title">
    <h2 id="status-title">Status</h2>
    <h3>Users</h3>
    <dl id="totals" class="totals"></dl>
    <h3>Connectors</h3>
    <div id="connectors"></div>
    <h3>Open conflicts by kind</h3>
    <div id="conflict-kinds"></div>
    <button type="button" id="refresh" class="secondary">Refresh</button>
  </section>
  <section id="view-conflicts" data-view="conflicts" aria-labelledby="conflicts-title" hidden>
    <h2 id="conflicts-title">Conflicts <span id="conflict-count" class="count"></span></h2>
    <div id="conflicts"></div>
  </section>
  <section id="view-users" data-view="users" aria-labelledby="users-title" hidden>
    <h2 id="users-title">Users <span id="user-count" class="count"></span></h2>
    <div id="users"></div>
  </section>
  <section id="view-runs" data-view="runs" aria-labelledby="runs-title" hidden>
    <h2 id="runs-title">Runs</h2>
    <div id="runs"></div>
  </section>
</main>
<noscript><p>This page needs JavaScript. The same data is in the API: GET /api/v1/status, /api/v1/conflicts and /api/v1/users.</p></noscript>
</body>
</html>
`;
}
