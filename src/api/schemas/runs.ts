// Runs, connectors and the status summary.
import { z } from '@hono/zod-openapi';
import { MAX_ROW_ID } from './common.ts';

export const RunStatusSchema = z.enum(['queued', 'running', 'succeeded', 'failed', 'blocked']);

const CountsSchema = z.object({
  fetched: z.number(),
  created: z.number(),
  updated: z.number(),
  linked: z.number(),
  unchanged: z.number(),
  identifiersAdded: z.number(),
  identifiersRemoved: z.number(),
  conflicts: z.number(),
  invalid: z.number(),
  skipped: z.number(),
});

export const RunSchema = z
  .object({
    id: z.number().int(),
    connector: z.string(),
    mode: z.enum(['full', 'incremental']),
    requestedMode: z.enum(['full', 'incremental']),
    status: RunStatusSchema,
    trigger: z.enum(['schedule', 'manual', 'cli', 'approval', 'startup']),
    queuedAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    counts: CountsSchema.nullable(),
    error: z
      .object({ message: z.string(), code: z.string().optional(), requestId: z.string().optional() })
      .nullable(),
    warnings: z.array(z.string()),
    notes: z.array(z.string()),
    complete: z.boolean().nullable(),
    safeguardLifted: z.boolean(),
    releasesRunId: z.number().int().nullable(),
    approvedAt: z
      .string()
      .nullable()
      .openapi({ description: 'When an admin approved this blocked run; null until then' }),
  })
  .openapi('Run');

export const RunListQuery = z.object({
  connector: z.string().optional(),
  status: RunStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional().openapi({ description: 'default 50' }),
  before: z.coerce
    .number()
    .int()
    .positive()
    .max(MAX_ROW_ID)
    .optional()
    .openapi({ description: 'only runs with a smaller id (the last id of the previous page)' }),
});

export const RunIdParams = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(MAX_ROW_ID)
    .openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
});

export const ConnectorIdParams = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/i)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'entra' }),
});

export const SyncBodySchema = z
  .strictObject({
    mode: z
      .enum(['delta', 'incremental', 'full'])
      .optional()
      .openapi({ description: 'delta (default; incremental where the kind can) or full' }),
  })
  .openapi('SyncRequest');

export const AcceptedRunSchema = z.object({
  runId: z.number().int(),
  reused: z
    .boolean()
    .optional()
    .openapi({ description: 'true: a run already queued or running was returned' }),
});

export const ConnectorStatusSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    schedule: z.string().nullable(),
    fullSchedule: z.string().nullable(),
    nextRunAt: z.string().nullable(),
    lastRun: RunSchema.nullable(),
    lastSuccessAt: z.string().nullable(),
    current: RunSchema.nullable(),
    running: z.boolean(),
    consecutiveFailures: z.number().int(),
    backedOffUntil: z.string().nullable(),
  })
  .openapi('ConnectorStatus');

export const StatusSchema = z
  .object({
    connectors: z.array(ConnectorStatusSchema),
    users: z.object({
      total: z.number().int(),
      active: z.number().int(),
      inactive: z.number().int(),
      unlicensed: z.number().int(),
      tracked: z.number().int(),
      untracked: z.number().int(),
    }),
    conflicts: z.object({ open: z.number().int(), byKind: z.record(z.string(), z.number().int()) }),
    generatedAt: z.string(),
  })
  .openapi('Status');
