import { describe, expect, it } from 'vitest';
import { createPageRoutes, PAGE_PATHS } from './index.ts';

describe('the status page routes', () => {
  const page = createPageRoutes();

  it('serves the shell at / with a label for the token field and its own script and style only', async () => {
    const response = await page.request('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await response.text();
    expect(html).toContain('<label for="token-input">API token</label>');
    expect(html).toMatch(/<script src="\/assets\/app\.js\?v=\w+" defer>/);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('serves the script and the style sheet with their content types and no external references', async () => {
    const script = await page.request('/assets/app.js');
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    const scriptText = await script.text();
    expect(scriptText).toContain('/api/v1/conflicts/');
    expect(scriptText).not.toMatch(/https?:\/\//);
    const style = await page.request('/assets/app.css');
    expect(style.headers.get('content-type')).toMatch(/^text\/css/);
    expect(await style.text()).not.toMatch(/url\(|@import/);
  });

  it('lists exactly the paths it serves, for the auth middleware to let through', async () => {
    for (const path of PAGE_PATHS) expect((await page.request(path)).status).toBe(200);
    expect((await page.request('/assets/other.js')).status).toBe(404);
  });
});
