// Account settings, the DNT list, audit entries and the explanation of a user.
import { z } from '@hono/zod-openapi';
import { IdentifierTypeSchema } from './users.ts';

export const SettingsSchema = z
  .object({
    emailAutoDetection: z.boolean(),
    activityThresholdDays: z.number().int(),
    expandedAgentUserAssociation: z.boolean(),
    personalEmailDomains: z.array(z.string()),
  })
  .openapi('Settings');

export const SettingsPatchSchema = z
  .strictObject({
    emailAutoDetection: z.boolean().optional(),
    activityThresholdDays: z.number().int().min(1).optional(),
    expandedAgentUserAssociation: z.boolean().optional(),
    personalEmailDomains: z.array(z.string().max(253)).max(1000).optional(),
  })
  .openapi('SettingsPatch');

export const DoNotTrackSchema = z
  .object({
    type: IdentifierTypeSchema,
    value: z.string(),
    domain: z.string().optional(),
    reason: z.enum(['untracked', 'deleted']),
    userId: z.number().int().nullable(),
    addedAt: z.string(),
  })
  .openapi('DoNotTrackEntry');

export const AuditEntrySchema = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actor: z.string(),
    runId: z.number().int().nullable(),
    userId: z.number().int().nullable(),
    user: z.string().nullable().optional().openapi({
      description: 'The user as the product shows it (null: deleted since); on the audit routes.',
    }),
    action: z.string(),
    before: z.unknown(),
    after: z.unknown(),
  })
  .openapi('AuditEntry');

export const AuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).optional().openapi({ description: 'default 100' }),
  before: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .openapi({ description: 'only entries with a smaller id' }),
});
