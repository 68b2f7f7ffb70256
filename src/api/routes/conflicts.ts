// The conflict report and its review.
import { createRoute, z } from '@hono/zod-openapi';
import { getConflictReport, listConflictReport, resolveConflict } from '../../admin/conflict-service.ts';
import type { ApiApp, ApiDeps } from '../deps.ts';
import { unwrap } from '../errors.ts';
import { errorResponses, json, jsonBody } from '../schemas/common.ts';
import {
  ConflictIdParams,
  ConflictListQuery,
  ConflictSchema,
  ResolutionSchema,
} from '../schemas/conflicts.ts';

const tags = ['conflicts'];

const list = createRoute({
  method: 'get',
  path: '/api/v1/conflicts',
  tags,
  summary: 'The conflict report, newest activity first',
  request: { query: ConflictListQuery },
  responses: {
    200: json(z.object({ conflicts: z.array(ConflictSchema) }), 'conflicts'),
    ...errorResponses(400),
  },
});

const one = createRoute({
  method: 'get',
  path: '/api/v1/conflicts/{id}',
  tags,
  summary: 'One conflict',
  request: { params: ConflictIdParams },
  responses: { 200: json(ConflictSchema, 'the conflict'), ...errorResponses(400, 404) },
});

const resolve = createRoute({
  method: 'post',
  path: '/api/v1/conflicts/{id}/resolve',
  tags,
  summary: 'Resolve (assign the value to one user, merge the users) or dismiss an open conflict',
  request: { params: ConflictIdParams, body: jsonBody(ResolutionSchema) },
  responses: { 200: json(ConflictSchema, 'the closed conflict'), ...errorResponses(400, 404, 409, 413, 422) },
});

export function registerConflictRoutes(app: ApiApp, deps: ApiDeps): void {
  app.openapi(list, async (c) =>
    c.json({ conflicts: await listConflictReport(deps.db, c.req.valid('query')) }, 200),
  );

  app.openapi(one, async (c) =>
    c.json(unwrap(await getConflictReport(deps.db, c.req.valid('param').id)), 200),
  );

  app.openapi(resolve, async (c) => {
    const resolved = await resolveConflict(
      deps.db,
      c.req.valid('param').id,
      c.req.valid('json'),
      deps.clock(),
    );
    return c.json(unwrap(resolved), 200);
  });
}
