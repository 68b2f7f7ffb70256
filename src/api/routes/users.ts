// User records: list (filtered), export, read, add, edit, delete.
import { createRoute, z } from '@hono/zod-openapi';
import { exportUsersCsv } from '../../admin/export-service.ts';
import { AdminService } from '../../admin/service.ts';
import { parseUserFilter } from '../../domain/filters.ts';
import { searchUsers } from '../../store/user-search.ts';
import { loadSettings, loadUsers } from '../../store/users.ts';
import { decodeCursor, encodeCursor, UserCursorShape } from '../cursor.ts';
import type { ApiApp, ApiDeps } from '../deps.ts';
import { unwrap } from '../errors.ts';
import { errorResponses, json, jsonBody, UserIdParams } from '../schemas/common.ts';
import {
  DeletedSchema,
  NewUserSchema,
  UserFilterQuery,
  UserListQuery,
  UserPatchSchema,
  UserSchema,
} from '../schemas/users.ts';
import { userView, userViews } from '../views.ts';

const tags = ['users'];

const listUsers = createRoute({
  method: 'get',
  path: '/api/v1/users',
  tags,
  summary:
    'User records, filtered and searched (all combine with AND), by display name (users without one last), paged',
  request: { query: UserListQuery },
  responses: {
    200: json(
      z.object({
        users: z.array(UserSchema),
        total: z.number().int().openapi({ description: 'Matches of the filters and search, on all pages.' }),
        nextCursor: z
          .string()
          .nullable()
          .openapi({ description: 'Pass as cursor for the next page; null: last page.' }),
      }),
      'the users',
    ),
    ...errorResponses(400),
  },
});

const exportCsv = createRoute({
  method: 'get',
  path: '/api/v1/users/export.csv',
  tags,
  summary: 'Users.csv of the filtered view (no filter: every user)',
  request: { query: UserFilterQuery },
  responses: {
    200: { description: 'Users.csv', content: { 'text/csv': { schema: z.string() } } },
    ...errorResponses(400),
  },
});

const getUser = createRoute({
  method: 'get',
  path: '/api/v1/users/{id}',
  tags,
  summary: 'One user record',
  request: { params: UserIdParams },
  responses: { 200: json(UserSchema, 'the user'), ...errorResponses(400, 404) },
});

const addUser = createRoute({
  method: 'post',
  path: '/api/v1/users',
  tags,
  summary: 'Add a user (Unlicensed until an agent reports)',
  request: { body: jsonBody(NewUserSchema) },
  responses: { 201: json(UserSchema, 'the new user'), ...errorResponses(400, 404, 409, 413, 422) },
});

const patchUser = createRoute({
  method: 'patch',
  path: '/api/v1/users/{id}',
  tags,
  summary: 'Edit display name, time zone, primary group (applied in that order, each atomically)',
  request: { params: UserIdParams, body: jsonBody(UserPatchSchema) },
  responses: { 200: json(UserSchema, 'the user after the edit'), ...errorResponses(400, 404, 409, 413, 422) },
});

const deleteUser = createRoute({
  method: 'delete',
  path: '/api/v1/users/{id}',
  tags,
  summary: 'Delete user & data (irreversible: ?confirm=true); its identifiers stay on the DNT list',
  request: {
    params: UserIdParams,
    query: z.object({ confirm: z.enum(['true', 'false']).optional() }),
  },
  responses: { 200: json(DeletedSchema, 'deleted'), ...errorResponses(400, 404, 409, 422) },
});

export function registerUserRoutes(app: ApiApp, deps: ApiDeps): void {
  const admin = new AdminService(deps.db, deps.clock);

  // Before /users/{id}: "export.csv" must not be read as an id.
  app.openapi(exportCsv, async (c) => {
    const filter = unwrap(parseUserFilter(c.req.valid('query')));
    const csv = await exportUsersCsv(deps.db, filter, deps.clock());
    return c.body(csv, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="Users.csv"',
    });
  });

  app.openapi(listUsers, async (c) => {
    const { limit, offset, q, cursor, ...query } = c.req.valid('query');
    const filter = unwrap(parseUserFilter(query));
    const now = deps.clock();
    const settings = await loadSettings(deps.db);
    const page = await searchUsers(deps.db, {
      filter,
      q,
      limit,
      offset,
      after: decodeCursor(cursor, UserCursorShape),
      activityThresholdDays: settings.activityThresholdDays,
      now,
    });
    const byId = new Map((await loadUsers(deps.db, page.ids)).map((user) => [user.id, user]));
    const users = page.ids.flatMap((id) => byId.get(id) ?? []);
    return c.json(
      {
        users: await userViews(deps.db, users, now),
        total: page.total,
        nextCursor: page.next === null ? null : encodeCursor(page.next),
      },
      200,
    );
  });

  app.openapi(getUser, async (c) => {
    const user = unwrap(await admin.getUser(c.req.valid('param').id));
    return c.json(await userView(deps.db, user, deps.clock()), 200);
  });

  app.openapi(addUser, async (c) => {
    const user = unwrap(await admin.addUser(c.req.valid('json')));
    return c.json(await userView(deps.db, user, deps.clock()), 201);
  });

  app.openapi(patchUser, async (c) => {
    const { id } = c.req.valid('param');
    const patch = c.req.valid('json');
    // One transaction: a refused field leaves the others unchanged too.
    const user = unwrap(await admin.editUser(id, patch));
    return c.json(await userView(deps.db, user, deps.clock()), 200);
  });

  app.openapi(deleteUser, async (c) => {
    const { id } = c.req.valid('param');
    const deleted = unwrap(await admin.deleteUser(id, c.req.valid('query').confirm === 'true'));
    return c.json(deleted, 200);
  });
}
