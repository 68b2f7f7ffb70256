// The composition root for one-shot commands (and, later, the daemon): config -> database ->
// migrations -> connectors -> the sync dependencies. One place builds them, one place closes them.
import { existsSync } from 'node:fs';
import { connectorKinds } from '../connectors/index.ts';
import { loadConfig, parseConfig } from './config/index.ts';
import type { IdsyncConfig } from './config/schema.ts';
import { createLogger, type Logger } from './log.ts';
import { type Database, openDatabase } from './store/database.ts';
import type { ConnectorInstance, SyncDeps } from './sync/runner.ts';

export interface App {
  config: IdsyncConfig;
  database: Database;
  log: Logger;
  sync: SyncDeps;
  close(): Promise<void>;
}

export const DEFAULT_CONFIG_PATH = './config.yaml';

/** The default path may be absent (defaults apply: embedded database, no connectors); a named one may not. */
export async function readConfig(path: string | undefined): Promise<IdsyncConfig> {
  if (path === undefined && !existsSync(DEFAULT_CONFIG_PATH)) return parseConfig({});
  return loadConfig(path ?? DEFAULT_CONFIG_PATH);
}

export function buildConnectors(config: IdsyncConfig, log: Logger): Map<string, ConnectorInstance> {
  const instances = new Map<string, ConnectorInstance>();
  for (const entry of config.connectors) {
    if (!entry.enabled) continue;
    const kind = connectorKinds[entry.kind];
    if (!kind) throw new Error(`connector kind ${entry.kind} is not registered`);
    const connector = kind.create(entry, { log: log.child({ connector: entry.id }) });
    instances.set(entry.id, { connector, onDisable: entry.on_disable });
  }
  return instances;
}

export async function openApp(
  config: IdsyncConfig,
  options: { log?: Logger; clock?: () => Date } = {},
): Promise<App> {
  const log = options.log ?? createLogger({ level: config.log.level, destination: 2 });
  const database = await openDatabase({ url: config.database.url, dataDir: config.database.data_dir });
  try {
    await database.migrate();
  } catch (error) {
    await database.close();
    throw error;
  }
  const sync: SyncDeps = {
    db: database.db,
    connectors: buildConnectors(config, log),
    precedence: new Map(config.connectors.map((c) => [c.id, c.precedence])),
    deletionThreshold: config.sync.deletion_threshold,
    log,
    clock: options.clock ?? (() => new Date()),
  };
  return { config, database, log, sync, close: () => database.close() };
}
