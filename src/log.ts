// The one logger factory. Habit: a static message plus a metadata object,
// `log.warn({ connector, runId }, 'page retried')`, so messages stay greppable and fields queryable.
// Secrets are redacted by key name as a safety net; log a config only through redactConfig().
import pino, { type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

export interface LoggerOptions {
  /** pino level (fatal, error, warn, info, debug, trace, silent). Default info. */
  level?: string;
  /** A stream or a file descriptor. Default: standard output. */
  destination?: NodeJS.WritableStream | number;
}

const SECRET_KEYS = [
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'api_token',
  'client_secret',
  'clientSecret',
  'api_key',
  'apiKey',
  'password',
  'secret',
  'authorization',
  'Authorization',
  'cookie',
  'Cookie',
];

/** Each secret key at the top of the metadata object and up to three levels down. */
export const REDACTED_LOG_PATHS: readonly string[] = SECRET_KEYS.flatMap((key) => [
  key,
  `*.${key}`,
  `*.*.${key}`,
  `*.*.*.${key}`,
]);

export function createLogger(options: LoggerOptions = {}): Logger {
  const destination =
    typeof options.destination === 'number' ? pino.destination(options.destination) : options.destination;
  const loggerOptions: pino.LoggerOptions = {
    name: 'idsync',
    level: options.level ?? 'info',
    redact: { paths: [...REDACTED_LOG_PATHS], censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination === undefined ? pino(loggerOptions) : pino(loggerOptions, destination);
}
