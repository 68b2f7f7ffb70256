// The one schema of config.yaml. Every key is documented here, where it is declared, with its
// default; config.example.yaml mirrors these comments. Keys whose name marks them secret (see
// redact.ts) are redacted from logs and never quoted in an error message.
import { validateDetailed as explainCron, validate as isValidCron } from 'node-cron';
import { z } from 'zod';
import type { CommonConnectorConfig } from '../../connectors/types.ts';

/** Personal mailbox providers: email auto-detection never adds an address at these domains. */
export const DEFAULT_PERSONAL_EMAIL_DOMAINS: readonly string[] = [
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'ymail.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.de',
  'web.de',
  'mail.com',
  'yandex.com',
  'zoho.com',
];

export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

// `${N:-500}` expands to the text "500" (expansion happens after YAML parsing), so numeric and
// boolean keys also accept their value written as text.
function numberFromText(value: unknown): unknown {
  return typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
}

function booleanFromText(value: unknown): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}

function integer(bounds: { min?: number; max?: number } = {}) {
  let schema = z.int();
  if (bounds.min !== undefined) schema = schema.min(bounds.min);
  if (bounds.max !== undefined) schema = schema.max(bounds.max);
  return z.preprocess(numberFromText, schema);
}

function boolean() {
  return z.preprocess(booleanFromText, z.boolean());
}

const LISTEN_ADDRESS = /^(\[[0-9a-f:.]+\]|[a-z0-9][a-z0-9.-]*):(\d{1,5})$/i;

/** `127.0.0.1:8080` -> `{ host: '127.0.0.1', port: 8080 }`; `[::1]:0` -> `{ host: '::1', port: 0 }`. */
export function parseListenAddress(listen: string): { host: string; port: number } | undefined {
  const match = LISTEN_ADDRESS.exec(listen);
  if (match === null) return undefined;
  const port = Number(match[2]);
  if (port > 65535) return undefined;
  return { host: match[1]!.replace(/^\[(.*)\]$/, '$1'), port };
}

/** Cron expression, five fields or six (leading seconds), as node-cron schedules it. */
export const cronExpression = z.string().superRefine((expression, context) => {
  if (isValidCron(expression)) return;
  const reasons = explainCron(expression).errors.map((error) => error.message);
  const detail = reasons.length > 0 ? `: ${reasons.join('; ')}` : '';
  context.addIssue({ code: 'custom', message: `not a valid cron expression (5 or 6 fields)${detail}` });
});

const databaseSchema = z.strictObject({
  /**
   * PostgreSQL URL (`postgres://user:password@host:5432/db`). Empty (default): the
   * `DATABASE_URL` environment variable if set, else the embedded PGlite database in `data_dir`.
   * Secret-bearing: its password is redacted from logs.
   */
  url: z
    .string()
    .default('')
    .refine((url) => url === '' || /^postgres(ql)?:\/\//i.test(url), {
      message: 'must be a postgres:// or postgresql:// URL, or empty for the embedded database',
    }),
  /** Directory of the embedded database (used only without a URL). Default `./data`, relative to the working directory. */
  data_dir: z.string().min(1).default('./data'),
});

const apiSchema = z.strictObject({
  /** `host:port` the HTTP API and status page listen on. Default `127.0.0.1:8080`; port 0 picks a free port. */
  listen: z
    .string()
    .default('127.0.0.1:8080')
    .refine((listen) => parseListenAddress(listen) !== undefined, {
      message:
        'must be host:port (e.g. 127.0.0.1:8080, 0.0.0.0:8080 or [::1]:8080) with a port from 0 to 65535',
    }),
  /**
   * SECRET. Bearer token required on every route but /healthz, /readyz, the page shell and the
   * OpenAPI document. Default empty (not configured). `token_file: PATH` reads it from a file instead.
   */
  token: z.string().default(''),
  /** Largest accepted request body in bytes; larger ones get 413. Default 5 MiB (5242880). */
  max_body_bytes: integer({ min: 1 }).default(DEFAULT_MAX_BODY_BYTES),
});

const settingsSchema = z.strictObject({
  /** Days without activity before an Active user counts as Inactive. Default 30 (integer, at least 1). */
  activity_threshold_days: integer({ min: 1 }).default(30),
  /** Add business emails seen in activity to the matching user (source `auto_detected`). Default true. */
  email_auto_detection: boolean().default(true),
  /** Also match display names when associating a newly detected agent with a user. Default false. */
  expanded_agent_user_association: boolean().default(false),
  /** Domains whose addresses auto-detection never adds. Replaces the default list when given. */
  personal_email_domains: z
    .array(
      z
        .string()
        .trim()
        .toLowerCase()
        .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, { message: 'must be a domain such as gmail.com' }),
    )
    .default(() => [...DEFAULT_PERSONAL_EMAIL_DOMAINS]),
});

const deletionThresholdSchema = z.strictObject({
  /** A run that would remove more than this many links or identifiers waits for approval. Default 500. */
  count: integer({ min: 0 }).default(500),
  /** ...or more than this share (percent, 0-100) of its connector's links or identifiers. Default 20. */
  percent: z.preprocess(numberFromText, z.number().min(0).max(100)).default(20),
});

const syncSchema = z.strictObject({
  /** The deletion safeguard: exceeding either limit blocks the run until `idsync approve RUN_ID`. */
  deletion_threshold: deletionThresholdSchema.prefault({}),
  /** Seconds the daemon waits for a running batch on SIGTERM/SIGINT before abandoning it. Default 10. */
  shutdown_timeout_seconds: integer({ min: 0 }).default(10),
});

const logSchema = z.strictObject({
  /** pino level: fatal, error, warn, info, debug, trace or silent. Default info. */
  level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** The whole file. Unknown keys are problems at every level: a typo must not pass silently. */
export const configSchema = z.strictObject({
  /** Where idsync keeps its records: PostgreSQL or the embedded database. */
  database: databaseSchema.prefault({}),
  /** The HTTP API and status page. */
  api: apiSchema.prefault({}),
  /** Account settings of the domain rules (DOMAIN.md "Account settings"). */
  settings: settingsSchema.prefault({}),
  /** Sync runs: the deletion safeguard and shutdown. */
  sync: syncSchema.prefault({}),
  /** Logging. */
  log: logSchema.prefault({}),
  /** Source directories, synced in this order by `idsync sync`. Each entry: the common keys below plus its kind's own keys. */
  connectors: z.array(z.unknown()).default([]),
});

export const CONNECTOR_ID = /^[a-z0-9][a-z0-9_-]*$/i;

/** Keys every connector entry has, whatever its kind; the rest belong to the kind's `configSchema`. */
export const commonConnectorSchema = z.object({
  /** Required, unique. Links, runs and conflicts name it; changing it orphans the connector's links. */
  id: z.string().regex(CONNECTOR_ID, {
    message: 'must start with a letter or digit and contain only letters, digits, - and _',
  }),
  /** Required. A key of the connector registry (connectors/index.ts), e.g. azure-ad, bamboohr, csv. */
  kind: z.string().min(1),
  /** Cron for regular (incremental where the kind can) runs. Without it the connector runs only on demand. */
  schedule: cronExpression.optional(),
  /** Optional cron for full runs (every record read; the only runs that may remove anything). */
  full_schedule: cronExpression.optional(),
  /** Lower wins on shared attributes (display name, time zone, groups, primary group). Default 100. */
  precedence: integer().default(100),
  /** What a disabled or terminated record does to its user. Default remove_identifiers. */
  on_disable: z.enum(['untrack', 'remove_identifiers', 'ignore']).default('remove_identifiers'),
  /** Attempts for a throttled or failing request before the run fails (0-20). Default 6. */
  max_retries: integer({ min: 0, max: 20 }).default(6),
  /** false keeps the entry (and its links) but never runs it. Default true. */
  enabled: boolean().default(true),
});

export const COMMON_CONNECTOR_KEYS: readonly string[] = Object.keys(commonConnectorSchema.shape);

/** One connector entry as the rest of idsync sees it: common keys plus its kind's parsed keys. */
export type ConnectorConfig = CommonConnectorConfig & { enabled: boolean } & Record<string, unknown>;

/** The parsed config.yaml, defaults applied, secrets read from their files, `${ENV}` expanded. */
export type IdsyncConfig = Omit<z.output<typeof configSchema>, 'connectors'> & {
  connectors: ConnectorConfig[];
};
