// What the API is built from. Everything it touches comes in here, so tests build it with a real
// database and a fake daemon, and the composition root with the real ones.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { IdsyncConfig } from '../config/schema.ts';
import type { DaemonControl } from '../daemon/types.ts';
import type { Logger } from '../log.ts';
import type { Db } from '../store/database.ts';

export interface ApiDeps {
  /** Only `api` (listen, token, max_body_bytes) is read. */
  config: Pick<IdsyncConfig, 'api'>;
  db: Db;
  control: DaemonControl;
  log: Logger;
  clock: () => Date;
}

// hono's Env with no context variables.
export type ApiEnv = { Variables: Record<string, never> };
export type ApiApp = OpenAPIHono<ApiEnv>;
