// The admin actions on one user record (DOMAIN.md "Actions"), each one AdminService transaction.
import { createRoute, z } from '@hono/zod-openapi';
import { AdminService } from '../../admin/service.ts';
import type { AssignTarget } from '../../domain/actions/index.ts';
import type { Result } from '../../domain/errors.ts';
import type { UserRecord } from '../../domain/types.ts';
import type { ApiApp, ApiDeps } from '../deps.ts';
import { unwrap } from '../errors.ts';
import { errorResponses, idParam, json, jsonBody, UserIdParams } from '../schemas/common.ts';
import {
  AssignAgentSchema,
  ConfirmBody,
  IdentifierInputSchema,
  MergeAgentsSchema,
  MergeUsersSchema,
  UserSchema,
} from '../schemas/users.ts';
import { userView } from '../views.ts';

const tags = ['user actions'];
const userResponse = json(UserSchema, 'the user after the action');
const IdentifierParams = z.object({
  id: idParam('id', 'user id'),
  identifierId: idParam('identifierId', 'identifier id (the `id` of an entry of `identifiers`)'),
});

function userAction(path: string, method: 'post' | 'put' | 'delete', summary: string) {
  return { path, method, tags, summary };
}

const addIdentifier = createRoute({
  ...userAction('/api/v1/users/{id}/identifiers', 'post', 'Add an identifier or device login'),
  request: { params: UserIdParams, body: jsonBody(IdentifierInputSchema) },
  responses: { 200: userResponse, ...errorResponses(400, 404, 409, 413) },
});

const editIdentifier = createRoute({
  ...userAction('/api/v1/users/{id}/identifiers/{identifierId}', 'put', 'Replace an identifier'),
  request: { params: IdentifierParams, body: jsonBody(IdentifierInputSchema) },
  responses: { 200: userResponse, ...errorResponses(400, 404, 409, 413) },
});

const removeIdentifier = createRoute({
  ...userAction('/api/v1/users/{id}/identifiers/{identifierId}', 'delete', 'Remove an identifier'),
  request: { params: IdentifierParams },
  responses: { 200: userResponse, ...errorResponses(400, 404, 409) },
});

const track = createRoute({
  ...userAction('/api/v1/users/{id}/track', 'post', 'Resume tracking; identifiers leave the DNT list'),
  request: { params: UserIdParams },
  responses: { 200: userResponse, ...errorResponses(400, 404, 409) },
});

const untrack = createRoute({
  ...userAction('/api/v1/users/{id}/untrack', 'post', 'Untrack (retain data); identifiers join the DNT list'),
  request: { params: UserIdParams },
  responses: { 200: userResponse, ...errorResponses(400, 404, 409) },
});

const reset = createRoute({
  ...userAction('/api/v1/users/{id}/reset', 'post', 'Reset user data (irreversible: confirm: true)'),
  request: { params: UserIdParams, body: jsonBody(ConfirmBody) },
  responses: { 200: userResponse, ...errorResponses(400, 404, 409, 413, 422) },
});

const mergeUsers = createRoute({
  ...userAction('/api/v1/users/merge', 'post', 'Merge 2 to 10 user records into the primary (irreversible)'),
  request: { body: jsonBody(MergeUsersSchema) },
  responses: {
    200: json(UserSchema, 'the primary user after the merge'),
    ...errorResponses(400, 404, 409, 413, 422),
  },
});

const assignAgent = createRoute({
  ...userAction(
    '/api/v1/agents/{id}/assign',
    'post',
    'Move an agent, with its history, to an existing or new user',
  ),
  request: { params: z.object({ id: idParam('id', 'agent id') }), body: jsonBody(AssignAgentSchema) },
  responses: {
    200: json(UserSchema, 'the user the agent now belongs to'),
    ...errorResponses(400, 404, 409, 413, 422),
  },
});

const mergeAgents = createRoute({
  ...userAction(
    '/api/v1/users/{id}/agents/merge',
    'post',
    "Merge two or more of a user's agents (irreversible)",
  ),
  request: { params: UserIdParams, body: jsonBody(MergeAgentsSchema) },
  responses: { 200: userResponse, ...errorResponses(400, 404, 409, 413, 422) },
});

export function registerUserActionRoutes(app: ApiApp, deps: ApiDeps): void {
  const admin = new AdminService(deps.db, deps.clock);
  const respond = async (result: Result<UserRecord>) => userView(deps.db, unwrap(result), deps.clock());

  app.openapi(addIdentifier, async (c) => {
    const { id } = c.req.valid('param');
    return c.json(await respond(await admin.addIdentifier(id, c.req.valid('json'))), 200);
  });

  app.openapi(editIdentifier, async (c) => {
    const { id, identifierId } = c.req.valid('param');
    return c.json(await respond(await admin.editIdentifier(id, identifierId, c.req.valid('json'))), 200);
  });

  app.openapi(removeIdentifier, async (c) => {
    const { id, identifierId } = c.req.valid('param');
    return c.json(await respond(await admin.removeIdentifier(id, identifierId)), 200);
  });

  app.openapi(track, async (c) => c.json(await respond(await admin.trackUser(c.req.valid('param').id)), 200));

  app.openapi(untrack, async (c) =>
    c.json(await respond(await admin.untrackUser(c.req.valid('param').id)), 200),
  );

  app.openapi(reset, async (c) => {
    const { id } = c.req.valid('param');
    return c.json(await respond(await admin.resetUserData(id, c.req.valid('json').confirm)), 200);
  });

  app.openapi(mergeUsers, async (c) =>
    c.json(await respond(await admin.mergeUsers(c.req.valid('json'))), 200),
  );

  app.openapi(assignAgent, async (c) => {
    const body = c.req.valid('json');
    const target: AssignTarget = 'userId' in body ? { userId: body.userId } : { newUser: body.newUser };
    return c.json(await respond(await admin.assignAgent(c.req.valid('param').id, target)), 200);
  });

  app.openapi(mergeAgents, async (c) => {
    const { agentIds, confirm } = c.req.valid('json');
    return c.json(
      await respond(await admin.mergeAgents(c.req.valid('param').id, agentIds, confirm === true)),
      200,
    );
  });
}
