// Account settings, the DNT list, and per-user audit and explanation.
import { createRoute, z } from '@hono/zod-openapi';
import { AdminService } from '../../admin/service.ts';
import { getSettings, updateSettings } from '../../admin/settings-service.ts';
import { auditForUser } from '../../store/audit.ts';
import { listDoNotTrack } from '../../store/dnt.ts';
import { loadUserExplanation } from '../../store/explain.ts';
import type { ApiApp, ApiDeps } from '../deps.ts';
import { unwrap } from '../errors.ts';
import { errorResponses, json, jsonBody, UserIdParams } from '../schemas/common.ts';
import { ConflictSchema } from '../schemas/conflicts.ts';
import {
  AuditEntrySchema,
  AuditQuery,
  DoNotTrackSchema,
  SettingsPatchSchema,
  SettingsSchema,
} from '../schemas/settings.ts';
import { UserSchema } from '../schemas/users.ts';
import { auditWithNames, userView } from '../views.ts';

const dnt = createRoute({
  method: 'get',
  path: '/api/v1/do-not-track',
  tags: ['settings'],
  summary: 'The DNT list: identifiers of untracked users and of deleted users',
  responses: { 200: json(z.object({ entries: z.array(DoNotTrackSchema) }), 'the list'), ...errorResponses() },
});

const readSettings = createRoute({
  method: 'get',
  path: '/api/v1/settings',
  tags: ['settings'],
  summary: 'Account settings',
  responses: { 200: json(SettingsSchema, 'the settings'), ...errorResponses() },
});

const writeSettings = createRoute({
  method: 'put',
  path: '/api/v1/settings',
  tags: ['settings'],
  summary: 'Change account settings (the keys given; from then on they win over config.yaml)',
  request: { body: jsonBody(SettingsPatchSchema) },
  responses: { 200: json(SettingsSchema, 'the settings after the change'), ...errorResponses(400, 413) },
});

const userAudit = createRoute({
  method: 'get',
  path: '/api/v1/users/{id}/audit',
  tags: ['audit'],
  summary: "A user's audit log, newest first (also after the user was deleted)",
  request: { params: UserIdParams, query: AuditQuery },
  responses: {
    200: json(z.object({ entries: z.array(AuditEntrySchema) }), 'audit entries'),
    ...errorResponses(400),
  },
});

const ExplanationSchema = z
  .object({
    user: UserSchema,
    links: z.array(
      z.object({
        connector: z.string(),
        externalId: z.string(),
        state: z.string(),
        firstSeen: z.string(),
        lastSeen: z.string(),
      }),
    ),
    identifiers: UserSchema.shape.identifiers,
    openConflicts: z.array(ConflictSchema),
    recentAudit: z.array(AuditEntrySchema),
  })
  .openapi('UserExplanation');

const explain = createRoute({
  method: 'get',
  path: '/api/v1/users/{id}/explain',
  tags: ['audit'],
  summary:
    'Why a user is as it is: linked source records, where each identifier came from, open conflicts, recent changes',
  request: { params: UserIdParams },
  responses: { 200: json(ExplanationSchema, 'the explanation'), ...errorResponses(400, 404) },
});

export function registerSettingsRoutes(app: ApiApp, deps: ApiDeps): void {
  const admin = new AdminService(deps.db, deps.clock);

  app.openapi(dnt, async (c) => c.json({ entries: await listDoNotTrack(deps.db) }, 200));

  app.openapi(readSettings, async (c) => c.json(await getSettings(deps.db), 200));

  app.openapi(writeSettings, async (c) => {
    const settings = unwrap(await updateSettings(deps.db, c.req.valid('json'), deps.clock()));
    return c.json(settings, 200);
  });

  app.openapi(userAudit, async (c) => {
    const { id } = c.req.valid('param');
    const entries = await auditForUser(deps.db, id, c.req.valid('query'));
    return c.json({ entries: await auditWithNames(deps.db, entries) }, 200);
  });

  app.openapi(explain, async (c) => {
    const { id } = c.req.valid('param');
    const user = unwrap(await admin.getUser(id));
    const view = await userView(deps.db, user, deps.clock());
    const records = await loadUserExplanation(deps.db, id);
    return c.json({ user: view, identifiers: view.identifiers, ...records }, 200);
  });
}
