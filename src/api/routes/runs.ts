// The daemon's side: status summary, manual resync, run history, approval of a blocked run.
import { createRoute, z } from '@hono/zod-openapi';
import type { ConnectorStatus } from '../../daemon/types.ts';
import { auditForRun } from '../../store/audit.ts';
import { getRun, listRuns } from '../../store/runs.ts';
import type { ApiApp, ApiDeps } from '../deps.ts';
import { notFound, unwrap } from '../errors.ts';
import { errorResponses, json, jsonBody } from '../schemas/common.ts';
import {
  AcceptedRunSchema,
  ConnectorIdParams,
  RunIdParams,
  RunListQuery,
  RunSchema,
  StatusSchema,
  SyncBodySchema,
} from '../schemas/runs.ts';
import { AuditEntrySchema, AuditQuery } from '../schemas/settings.ts';
import { openConflictCounts, userTotals } from '../status-summary.ts';
import { auditWithNames } from '../views.ts';

const tags = ['runs'];

const status = createRoute({
  method: 'get',
  path: '/api/v1/status',
  tags: ['status'],
  summary: 'Per connector: schedule, next run, last run, running now; user totals by status; open conflicts',
  responses: { 200: json(StatusSchema, 'the summary'), ...errorResponses() },
});

const triggerSync = createRoute({
  method: 'post',
  path: '/api/v1/connectors/{id}/sync',
  tags,
  summary: 'Manual resync; a run already queued or running for the connector is returned, not doubled',
  request: { params: ConnectorIdParams, body: jsonBody(SyncBodySchema) },
  responses: {
    202: json(AcceptedRunSchema, 'queued (or reused)'),
    ...errorResponses(400, 404, 409, 413, 422),
  },
});

const runList = createRoute({
  method: 'get',
  path: '/api/v1/runs',
  tags,
  summary: 'Run history, newest first',
  request: { query: RunListQuery },
  responses: { 200: json(z.object({ runs: z.array(RunSchema) }), 'the runs'), ...errorResponses(400) },
});

const runGet = createRoute({
  method: 'get',
  path: '/api/v1/runs/{id}',
  tags,
  summary: 'One run',
  request: { params: RunIdParams },
  responses: { 200: json(RunSchema, 'the run'), ...errorResponses(400, 404) },
});

const approve = createRoute({
  method: 'post',
  path: '/api/v1/runs/{id}/approve',
  tags,
  summary:
    'Release a run blocked by the deletion safeguard: its connector runs again with the safeguard lifted once',
  request: { params: RunIdParams },
  responses: { 202: json(AcceptedRunSchema, 'the releasing run'), ...errorResponses(400, 404, 409, 422) },
});

const runAudit = createRoute({
  method: 'get',
  path: '/api/v1/runs/{id}/audit',
  tags: ['audit'],
  summary: 'What one run changed, newest first',
  request: { params: RunIdParams, query: AuditQuery },
  responses: {
    200: json(z.object({ entries: z.array(AuditEntrySchema) }), 'audit entries'),
    ...errorResponses(400, 404),
  },
});

function withRunning(connector: ConnectorStatus) {
  return { ...connector, running: connector.current?.status === 'running' };
}

export function registerRunRoutes(app: ApiApp, deps: ApiDeps): void {
  app.openapi(status, async (c) => {
    const now = deps.clock();
    const connectors = await deps.control.connectors();
    return c.json(
      {
        connectors: connectors.map(withRunning),
        users: await userTotals(deps.db, now),
        conflicts: await openConflictCounts(deps.db),
        generatedAt: now.toISOString(),
      },
      200,
    );
  });

  app.openapi(triggerSync, async (c) => {
    const { mode } = c.req.valid('json');
    const runMode = mode === 'full' ? 'full' : 'incremental';
    const accepted = unwrap(await deps.control.trigger(c.req.valid('param').id, runMode));
    return c.json(accepted, 202);
  });

  app.openapi(runList, async (c) => c.json({ runs: await listRuns(deps.db, c.req.valid('query')) }, 200));

  app.openapi(runGet, async (c) => {
    const { id } = c.req.valid('param');
    const run = await getRun(deps.db, id);
    if (!run) throw notFound(`Run ${id}`, { runId: id });
    return c.json(run, 200);
  });

  app.openapi(approve, async (c) => c.json(unwrap(await deps.control.approve(c.req.valid('param').id)), 202));

  app.openapi(runAudit, async (c) => {
    const { id } = c.req.valid('param');
    if (!(await getRun(deps.db, id))) throw notFound(`Run ${id}`, { runId: id });
    const entries = await auditForRun(deps.db, id, c.req.valid('query'));
    return c.json({ entries: await auditWithNames(deps.db, entries) }, 200);
  });
}
