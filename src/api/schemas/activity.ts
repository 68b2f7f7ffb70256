// Agents' activity reports.
import { z } from '@hono/zod-openapi';

/** Batches of thousands are expected; past this the agent should split its batch. */
export const MAX_ACTIVITY_BATCH = 50_000;

export const ActivityReportSchema = z
  .strictObject({
    username: z.string().min(1).max(256),
    logonDomain: z
      .string()
      .max(256)
      .openapi({ description: 'The logon domain (may be empty for a local login).' }),
    at: z.iso.datetime({ offset: true }).openapi({ example: '2025-03-10T12:00:00Z' }),
    emails: z.array(z.string().max(320)).max(100).optional(),
  })
  .openapi('ActivityReport');

export const ActivityBatchSchema = z
  .array(ActivityReportSchema)
  .max(MAX_ACTIVITY_BATCH)
  .openapi('ActivityBatch');

export const ActivityResultSchema = z
  .object({
    counts: z.record(z.string(), z.number()),
    rejected: z.array(z.object({ index: z.number().int(), reason: z.string() })),
    conflicts: z.record(z.string(), z.number()),
  })
  .openapi('ActivityResult');
