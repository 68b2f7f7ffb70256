// Agents' activity reports: one batch, one transaction.
import { createRoute } from '@hono/zod-openapi';
import { recordActivity } from '../../admin/activity-service.ts';
import type { ApiApp, ApiDeps } from '../deps.ts';
import { ActivityBatchSchema, ActivityResultSchema } from '../schemas/activity.ts';
import { errorResponses, json, jsonBody } from '../schemas/common.ts';

const postActivity = createRoute({
  method: 'post',
  path: '/api/v1/agents/activity',
  tags: ['agents'],
  summary: 'Record a batch of activity reports',
  description:
    'First and last log, "has data", association of new agents, email auto-detection and the DNT check. ' +
    'A malformed report refuses the whole batch (400, details.issues give its index); reports the rules ' +
    'leave out are listed in `rejected` by index while the rest are recorded.',
  request: { body: jsonBody(ActivityBatchSchema) },
  responses: { 200: json(ActivityResultSchema, 'what the batch did'), ...errorResponses(400, 413) },
});

export function registerActivityRoutes(app: ApiApp, deps: ApiDeps): void {
  app.openapi(postActivity, async (c) => {
    const reports = c.req.valid('json').map((report) => ({ ...report, at: new Date(report.at) }));
    const result = await recordActivity(deps.db, reports, deps.clock());
    return c.json(
      { counts: { ...result.counts }, rejected: result.rejected, conflicts: { ...result.conflicts } },
      200,
    );
  });
}
