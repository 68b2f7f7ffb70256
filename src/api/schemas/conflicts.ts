// The conflict report and its resolutions.
import { z } from '@hono/zod-openapi';

export const ConflictKindSchema = z.enum([
  'identifier_in_use',
  'display_name_in_use',
  'ambiguous_match',
  'duplicate_in_source',
  'do_not_track',
  'invalid_record',
]);

export const ConflictSchema = z
  .object({
    id: z.number().int(),
    kind: ConflictKindSchema,
    status: z.enum(['open', 'resolved', 'dismissed']),
    identifier: z
      .object({
        type: z.enum(['upn', 'email', 'employee_id', 'device_login']),
        value: z.string(),
        domain: z.string().optional(),
      })
      .optional(),
    userIds: z.array(z.number().int()),
    connectors: z.array(z.string()),
    externalIds: z.array(z.string()),
    message: z.string(),
    firstSeen: z.string(),
    lastSeen: z.string(),
    connectorId: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).nullable(),
    closedAt: z.string().nullable(),
    resolution: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi('Conflict');

export const ConflictListQuery = z.object({
  status: z.enum(['open', 'resolved', 'dismissed']).optional(),
  kind: ConflictKindSchema.optional(),
  connector: z.string().optional(),
});

export const ConflictIdParams = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
});

const userId = z.number().int().positive();

export const ResolutionSchema = z
  .discriminatedUnion('action', [
    z.strictObject({ action: z.literal('assign'), userId }),
    z.strictObject({
      action: z.literal('merge'),
      primaryUserId: userId,
      mergeAgents: z.boolean().optional(),
    }),
    z.strictObject({ action: z.literal('dismiss') }),
  ])
  .openapi('ConflictResolution');
