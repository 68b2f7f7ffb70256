// The status and review page at `/`: an HTML shell and its static assets (ES modules and one style
// sheet), served without the bearer token because none of them carries tenant data (the script
// asks the admin for the token and sends it on its API calls). No CDN, no build step: the assets
// are the plain files of ./assets, read once at start.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from '@hono/zod-openapi';
import { Hono } from 'hono';
import type { ApiApp } from '../deps.ts';
import { renderShell } from './shell.ts';

export interface PageAsset {
  path: string;
  contentType: string;
  body: string;
}

/** The asset folder: beside this module in the source tree; under `dist/` the build copies no
 * non-TS files, so fall back to the source folder of the package (the Dockerfile ships it). */
function assetDirectory(): string {
  const candidates = [
    new URL('./assets/', import.meta.url),
    new URL('../../../../src/api/page/assets/', import.meta.url),
  ];
  for (const candidate of candidates) {
    const path = fileURLToPath(candidate);
    if (existsSync(`${path}app.js`)) return path;
  }
  throw new Error(
    `the status page assets are missing (looked in ${candidates.map((c) => fileURLToPath(c)).join(', ')})`,
  );
}

const CONTENT_TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

/** Every script module and style sheet of the folder, by name (sorted, so the order is stable). */
export function loadPageAssets(directory: string = assetDirectory()): PageAsset[] {
  return readdirSync(directory)
    .filter((name) => /^[a-z0-9-]+\.(js|css)$/.test(name))
    .sort()
    .map((name) => ({
      path: `/assets/${name}`,
      contentType: CONTENT_TYPES[name.slice(name.lastIndexOf('.') + 1)]!,
      body: readFileSync(`${directory}${name}`, 'utf8'),
    }));
}

// The page runs only its own script and style, and talks only to its own origin.
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Routes for `/` and `/assets/*`; mount them on the API app before its auth middleware. */
export function createPageRoutes(assets: PageAsset[] = loadPageAssets()): Hono {
  const page = new Hono();
  const shell = renderShell();
  page.get('/', (c) => {
    c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    c.header('Cache-Control', 'no-cache');
    c.header('X-Content-Type-Options', 'nosniff');
    return c.html(shell);
  });
  // Browsers ask for it unprompted; an empty answer keeps a 404 out of their consoles.
  page.get('/favicon.ico', (c) => c.body(null, 204));
  for (const asset of assets) {
    page.get(asset.path, (c) => {
      c.header('Content-Type', asset.contentType);
      c.header('Cache-Control', 'no-cache');
      c.header('X-Content-Type-Options', 'nosniff');
      return c.body(asset.body);
    });
  }
  return page;
}

/** The paths the page serves (all outside /api, so the auth middleware lets them through). */
export const PAGE_PATHS: readonly string[] = ['/', ...loadPageAssets().map((asset) => asset.path)];

/** For `buildApiApp(deps, { mountPage: mountStatusPage })`: the page at `/`, listed in the OpenAPI document. */
export function mountStatusPage(app: ApiApp): void {
  app.route('/', createPageRoutes());
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/',
    tags: ['system'],
    summary: 'The status and review page (asks for the token, then calls the API)',
    security: [],
    responses: { 200: { description: 'HTML page', content: { 'text/html': { schema: z.string() } } } },
  });
}
