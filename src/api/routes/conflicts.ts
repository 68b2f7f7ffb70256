// The conflict report and its review.
import { createRoute } from '@hono/zod-openapi';
import { getConflictReport, resolveConflict } from '../../admin/conflict-service.ts';
import { searchConflicts } from '../../store/conflict-search.ts';
import { withPeople } from '../conflict-views.ts';
import { ConflictCursorShape, decodeCursor, encodeCursor } from '../cursor.ts';
import type { ApiApp, ApiDeps } from '../deps.ts';
import { unwrap } from '../errors.ts';
import { errorResponses, json, jsonBody } from '../schemas/common.ts';
import {
  ConflictIdParams,
  ConflictListQuery,
  ConflictPageSchema,
  ConflictReviewSchema,
  ResolutionSchema,
} from '../schemas/conflicts.ts';

const tags = ['conflicts'];

const list = createRoute({
  method: 'get',
  path: '/api/v1/conflicts',
  tags,
  summary: 'The conflict report, newest activity first; filtered, searched and paged',
  request: { query: ConflictListQuery },
  responses: {
    200: json(ConflictPageSchema, 'a page of conflicts, their users named'),
    ...errorResponses(400),
  },
});

const one = createRoute({
  method: 'get',
  path: '/api/v1/conflicts/{id}',
  tags,
  summary: 'One conflict',
  request: { params: ConflictIdParams },
  responses: {
    200: json(ConflictReviewSchema, 'the conflict, its users named'),
    ...errorResponses(400, 404),
  },
});

const resolve = createRoute({
  method: 'post',
  path: '/api/v1/conflicts/{id}/resolve',
  tags,
  summary: 'Resolve (assign the value to one user, merge the users) or dismiss an open conflict',
  request: { params: ConflictIdParams, body: jsonBody(ResolutionSchema) },
  responses: {
    200: json(ConflictReviewSchema, 'the closed conflict'),
    ...errorResponses(400, 404, 409, 413, 422),
  },
});

export function registerConflictRoutes(app: ApiApp, deps: ApiDeps): void {
  app.openapi(list, async (c) => {
    const { cursor, ...search } = c.req.valid('query');
    const page = await searchConflicts(deps.db, {
      ...search,
      after: decodeCursor(cursor, ConflictCursorShape),
    });
    return c.json(
      {
        conflicts: await withPeople(deps.db, page.conflicts),
        total: page.total,
        nextCursor: page.next === null ? null : encodeCursor(page.next),
      },
      200,
    );
  });

  app.openapi(one, async (c) => {
    const conflict = unwrap(await getConflictReport(deps.db, c.req.valid('param').id));
    const [named] = await withPeople(deps.db, [conflict]);
    return c.json(named!, 200);
  });

  app.openapi(resolve, async (c) => {
    const resolved = await resolveConflict(
      deps.db,
      c.req.valid('param').id,
      c.req.valid('json'),
      deps.clock(),
    );
    const [named] = await withPeople(deps.db, [unwrap(resolved)]);
    return c.json(named!, 200);
  });
}
