import { describe, expect, it } from 'vitest';
import { createPageRoutes, loadPageAssets, PAGE_PATHS } from './index.ts';

describe('the status page routes', () => {
  const page = createPageRoutes();

  it('serves the shell at / with a label for the token field and its own script and style only', async () => {
    const response = await page.request('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await response.text();
    expect(html).toContain('<label for="token-input">API token</label>');
    expect(html).toMatch(/<script type="module" src="\/assets\/app\.js\?v=\w+"><\/script>/);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('serves the script modules and style sheets with their content types and no external references', async () => {
    const scripts = PAGE_PATHS.filter((path) => path.endsWith('.js'));
    expect(scripts).toContain('/assets/app.js');
    for (const path of scripts) {
      const script = await page.request(path);
      expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
      const text = await script.text();
      expect(text, path).not.toMatch(/https?:\/\//);
      // Every module another imports is one the page serves.
      for (const [, imported] of text.matchAll(/from '\.\/([a-z-]+\.js)'/g)) {
        expect(PAGE_PATHS, `${path} imports ${imported}`).toContain(`/assets/${imported}`);
      }
    }
    const styles = PAGE_PATHS.filter((path) => path.endsWith('.css'));
    expect(styles).toEqual(['/assets/app.css', '/assets/views.css']);
    for (const path of styles) {
      const style = await page.request(path);
      expect(style.headers.get('content-type')).toMatch(/^text\/css/);
      expect(await style.text()).not.toMatch(/url\(|@import/);
    }
  });

  it('keeps every asset under 300 lines', () => {
    for (const asset of loadPageAssets())
      expect(asset.body.split('\n').length, asset.path).toBeLessThanOrEqual(300);
  });

  it('lists exactly the paths it serves, for the auth middleware to let through', async () => {
    for (const path of PAGE_PATHS) expect((await page.request(path)).status).toBe(200);
    expect((await page.request('/assets/other.js')).status).toBe(404);
  });
});
