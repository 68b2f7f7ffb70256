// The page shell: static HTML with no tenant data in it (it is served without the token). The
// script fills it from the API once the admin has given the token.

/** Bumped with the assets so a browser never runs a new shell against an old cached script. */
export const ASSET_VERSION = '3';

export function renderShell(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>idsync: status and conflicts</title>
<link rel="stylesheet" href="/assets/app.css?v=${ASSET_VERSION}">
<script src="/assets/app.js?v=${ASSET_VERSION}" defer></script>
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
  <section aria-labelledby="totals-title">
    <h2 id="totals-title">Users</h2>
    <dl id="totals" class="totals"></dl>
  </section>
  <section aria-labelledby="connectors-title">
    <h2 id="connectors-title">Connectors</h2>
    <div class="table-wrap">
    <table id="connectors">
      <thead><tr>
        <th scope="col">Connector</th><th scope="col">Schedule</th><th scope="col">Last run</th>
        <th scope="col">Next run</th><th scope="col">Counts</th><th scope="col">Actions</th>
      </tr></thead>
      <tbody></tbody>
    </table>
    </div>
    <button type="button" id="refresh" class="secondary">Refresh</button>
  </section>
  <section id="run-panel" aria-labelledby="run-title" hidden>
    <h2 id="run-title">Run</h2>
    <div id="run-details"></div>
    <button type="button" id="run-close" class="secondary">Close run details</button>
  </section>
  <section aria-labelledby="conflicts-title">
    <h2 id="conflicts-title">Open conflicts <span id="conflict-count" class="count"></span></h2>
    <div class="table-wrap">
    <table id="conflicts">
      <thead><tr>
        <th scope="col">Kind</th><th scope="col">Identifier</th><th scope="col">Message</th>
        <th scope="col">Last seen</th><th scope="col">Review</th>
      </tr></thead>
      <tbody></tbody>
    </table>
    </div>
    <p id="conflicts-empty" hidden>No open conflicts.</p>
  </section>
  <section id="conflict-panel" aria-labelledby="conflict-title" hidden>
    <h2 id="conflict-title">Conflict</h2>
    <div id="conflict-details"></div>
  </section>
</main>
<noscript><p>This page needs JavaScript. The same data is in the API: GET /api/v1/status and /api/v1/conflicts.</p></noscript>
</body>
</html>
`;
}
