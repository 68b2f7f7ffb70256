// `GET /api/v1/runs/{id}/preview` as the lead's engine will answer it (CONTRACT.md; the route is not
// on main yet): a recorded answer of that shape (fixtures/run-preview.json, the six people the
// blocked HR run would drop), filtered by `action` and paged by `limit`/`cursor` like the real one,
// so the page's blocked-run panel is tested against the agreed shape until the route lands.
import { readFileSync } from 'node:fs';
import type { ApiApp, ApiDeps } from '../../src/api/deps.ts';
import { getRun } from '../../src/store/runs.ts';

interface RecordedPreview {
  items: Array<{ action: string }>;
  totals: Record<string, number>;
}

const RECORDED = JSON.parse(
  readFileSync(new URL('./fixtures/run-preview.json', import.meta.url), 'utf8'),
) as RecordedPreview;

export function mountRecordedPreview(app: ApiApp, deps: ApiDeps): void {
  app.get('/api/v1/runs/:id/preview', async (c) => {
    const run = await getRun(deps.db, Number(c.req.param('id')));
    if (!run) return c.json({ error: { code: 'not_found', message: 'Run does not exist.' } }, 404);
    const action = c.req.query('action');
    const limit = Math.min(Number(c.req.query('limit') ?? 100), 500);
    const start = Number(c.req.query('cursor') ?? 0);
    const items = RECORDED.items.filter((item) => !action || item.action === action);
    const page = items.slice(start, start + limit);
    const next = start + limit < items.length ? String(start + limit) : null;
    return c.json({ run, items: page, totals: RECORDED.totals, nextCursor: next }, 200);
  });
}
