// The HTTP app: middleware (auth, body limit, errors), every route, the OpenAPI document generated
// from the zod schemas that validate the requests. No sockets: tests call `app.request(...)`.
//
// The status page is mounted at `/` (a test may pass another `mountPage`). Paths
// outside /api and /metrics are not guarded by the token (the page shell and its assets carry no
// tenant data); everything under /api/ is. Routes added with `app.openapi(...)` also appear in the
// OpenAPI document, which is generated on request.
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { OPENAPI_PATH, requireBearer } from './auth.ts';
import type { ApiApp, ApiDeps, ApiEnv } from './deps.ts';
import { ApiError, errorResponse, handleError, validationError } from './errors.ts';
import { registerActivityRoutes } from './routes/activity.ts';
import { registerConflictRoutes } from './routes/conflicts.ts';
import { registerRunRoutes } from './routes/runs.ts';
import { registerSettingsRoutes } from './routes/settings.ts';
import { mountStatusPage } from './page/index.ts';
import { registerSystemRoutes } from './routes/system.ts';
import { registerUserActionRoutes } from './routes/user-actions.ts';
import { registerUserRoutes } from './routes/users.ts';

export type { ApiApp, ApiDeps, ApiEnv } from './deps.ts';

export interface ApiAppOptions {
  /** Mounts the page at `/` (and its assets); default: the status and review page. */
  mountPage?: (app: ApiApp, deps: ApiDeps) => void;
}

export const API_VERSION = '1.0.0';

const TARGET_NAMES: Record<string, string> = { json: 'request body', query: 'query string', param: 'path' };

export function buildApiApp(deps: ApiDeps, options: ApiAppOptions = {}): ApiApp {
  const app: ApiApp = new OpenAPIHono<ApiEnv>({
    defaultHook: (result, c) => {
      if (!result.success)
        return errorResponse(c, validationError(result.error, TARGET_NAMES[result.target] ?? result.target));
    },
  });
  app.onError(handleError(deps.log));
  app.notFound((c) =>
    errorResponse(c, new ApiError(404, 'not_found', `No route ${c.req.method} ${c.req.path}.`)),
  );

  // The token first: a stranger's oversized body is refused before it is read.
  app.use('*', requireBearer(deps.config.api.token));
  app.use(
    '*',
    bodyLimit({
      maxSize: deps.config.api.max_body_bytes,
      onError: (c) =>
        errorResponse(
          c,
          new ApiError(
            413,
            'payload_too_large',
            `The request body exceeds api.max_body_bytes (${deps.config.api.max_body_bytes} bytes).`,
            {
              maxBodyBytes: deps.config.api.max_body_bytes,
            },
          ),
        ),
    }),
  );

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'api.token of config.yaml',
  });

  registerSystemRoutes(app, deps);
  registerRunRoutes(app, deps);
  registerConflictRoutes(app, deps);
  registerUserRoutes(app, deps);
  registerUserActionRoutes(app, deps);
  registerActivityRoutes(app, deps);
  registerSettingsRoutes(app, deps);
  (options.mountPage ?? mountStatusPage)(app, deps);

  app.doc(OPENAPI_PATH, {
    openapi: '3.0.3',
    info: {
      title: 'idsync API',
      version: API_VERSION,
      description:
        'Errors: { "error": { "code", "message", "details"? } }. 400 validation_failed, 401 unauthorized, ' +
        '404 not_found, 409 identifier_in_use / display_name_in_use / conflicting_identifiers / ' +
        'not_allowed_for_status, 413 payload_too_large, 422 confirmation_required / invalid_selection / ' +
        'not_a_member, 500 internal_error.',
    },
    security: [{ bearerAuth: [] }],
  });
  return app;
}
