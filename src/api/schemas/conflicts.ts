// The conflict report and its resolutions.
import { z } from '@hono/zod-openapi';
import { MAX_ROW_ID } from './common.ts';

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

export const ConflictReviewSchema = ConflictSchema.extend({
  users: z.array(z.object({ id: z.number().int(), name: z.string().nullable() })).openapi({
    description:
      'Every user the conflict names (userIds, then the users its source records are linked to) with ' +
      'the name the product shows (display name, else representative identifier); null: deleted since.',
  }),
  records: z
    .array(
      z.object({
        connector: z.string().nullable(),
        externalId: z.string(),
        userId: z.number().int().nullable().openapi({ description: 'the user the record is linked to now' }),
      }),
    )
    .openapi({ description: 'The source records the conflict names, each with the user it is linked to.' }),
}).openapi('ConflictReview');

export const ConflictListQuery = z.object({
  status: z.enum(['open', 'resolved', 'dismissed']).optional(),
  kind: ConflictKindSchema.optional(),
  connector: z.string().optional().openapi({ description: 'the raising connector, or any it names' }),
  q: z
    .string()
    .max(200)
    .optional()
    .openapi({
      description:
        'Search (case-insensitive, part of): the disputed value, a source record id, the message, the ' +
        "incoming record's display name, or the name or any identifier of a user the conflict names.",
    }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .optional()
    .openapi({ description: 'Page size. Absent: every match on one page (as before paging existed).' }),
  cursor: z.string().max(512).optional().openapi({ description: 'The nextCursor of the previous page.' }),
});

export const ConflictPageSchema = z
  .object({
    conflicts: z.array(ConflictReviewSchema),
    total: z.number().int().openapi({ description: 'Matches of the filters and search, on all pages.' }),
    nextCursor: z
      .string()
      .nullable()
      .openapi({ description: 'Pass as cursor for the next page; null: last page.' }),
  })
  .openapi('ConflictPage');

export const ConflictIdParams = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(MAX_ROW_ID)
    .openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
});

const userId = z.number().int().positive().max(MAX_ROW_ID);

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
