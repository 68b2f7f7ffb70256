// The config module's public face: load, parse, redact; the schema's types.
export type { ConnectorRegistry } from './connectors.ts';
export { ConfigError, type ConfigProblem } from './errors.ts';
export { type ConfigOptions, loadConfig, parseConfig, parseYaml } from './load.ts';
export { isSecretKey, REDACTED, redactConfig } from './redact.ts';
export {
  type ConnectorConfig,
  DEFAULT_PERSONAL_EMAIL_DOMAINS,
  type IdsyncConfig,
  parseListenAddress,
} from './schema.ts';
