// Probes and metrics. No tenant data here but /metrics (guarded by auth.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import { query } from '../../store/bulk.ts';
import { migrationsFolder } from '../../store/database.ts';
import type { ApiApp, ApiDeps } from '../deps.ts';
import { ApiError } from '../errors.ts';
import { createApiMetrics, METRICS_CONTENT_TYPE } from '../metrics.ts';
import { ErrorSchema, errorResponses, json } from '../schemas/common.ts';

const ProbeSchema = z.object({ status: z.literal('ok') });

const healthz = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['system'],
  summary: 'Liveness: the process answers',
  security: [],
  responses: { 200: json(ProbeSchema, 'alive') },
});

const readyz = createRoute({
  method: 'get',
  path: '/readyz',
  tags: ['system'],
  summary: 'Readiness: the database answers and every migration is applied',
  security: [],
  responses: {
    200: json(ProbeSchema, 'ready'),
    503: { description: 'not_ready', content: { 'application/json': { schema: ErrorSchema } } },
  },
});

const metrics = createRoute({
  method: 'get',
  path: '/metrics',
  tags: ['system'],
  summary: 'Prometheus metrics (text format); Prometheus sends the token as a bearer credential',
  responses: {
    200: { description: 'metrics', content: { 'text/plain': { schema: z.string() } } },
    ...errorResponses(),
  },
});

export const PAGE_PATH = '/';

function expectedMigrations(): number {
  const journal = JSON.parse(readFileSync(join(migrationsFolder(), 'meta', '_journal.json'), 'utf8')) as {
    entries: unknown[];
  };
  return journal.entries.length;
}

export function registerSystemRoutes(app: ApiApp, deps: ApiDeps): void {
  const migrations = expectedMigrations();
  const scraper = createApiMetrics(deps.db);

  app.openapi(healthz, (c) => c.json({ status: 'ok' as const }, 200));

  app.openapi(readyz, async (c) => {
    try {
      const [row] = await query<{ n: number }>(
        deps.db,
        sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
      );
      const applied = Number(row?.n ?? 0);
      if (applied < migrations) {
        throw new ApiError(503, 'not_ready', `${applied} of ${migrations} migrations applied.`, {
          applied,
          migrations,
        });
      }
    } catch (error) {
      if (error instanceof ApiError) throw error;
      deps.log.warn({ err: error }, 'readiness check failed');
      throw new ApiError(503, 'not_ready', 'The database does not answer or has no migrations table.');
    }
    return c.json({ status: 'ok' as const }, 200);
  });

  app.openapi(metrics, async (c) =>
    c.text(await scraper.scrape(), 200, { 'Content-Type': METRICS_CONTENT_TYPE }),
  );
}
