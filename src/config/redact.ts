// Which config keys hold secrets, and how to keep their values out of logs, printed config and
// error messages. A key is secret by its NAME, so a new connector's `*_secret` or `api_key` is
// covered without touching this file.
import { isPlainObject } from './env.ts';
import { type ConfigProblem, formatPath, type KeyPath } from './errors.ts';

export const REDACTED = '[redacted]';

const SECRET_KEY_PATTERNS: readonly RegExp[] = [
  /secret/i,
  /password/i,
  /token/i,
  /api_?key/i,
  /^certificate/i,
  /^private_key/i,
];

/** A key ending in `_file` or `_path` names where a secret lives, which is not itself secret. */
const FILE_REFERENCE = /_(file|path)$/i;

export function isSecretKey(key: string): boolean {
  if (FILE_REFERENCE.test(key)) return false;
  return SECRET_KEY_PATTERNS.some((pattern) => pattern.test(key));
}

/** A copy of the config (parsed or raw) fit for logging and printing: secret values replaced. */
export function redactConfig(config: unknown): unknown {
  return redactValue(config, undefined);
}

function redactValue(value: unknown, key: string | undefined): unknown {
  if (key !== undefined && isSecretKey(key) && value !== undefined && value !== null && value !== '') {
    return REDACTED;
  }
  if (typeof value === 'string' && key === 'url') return redactUrlPassword(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, undefined));
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, item]) => [k, redactValue(item, k)]));
  }
  return value;
}

/** `postgres://user:pw@host/db` -> `postgres://user:[redacted]@host/db`; other text unchanged. */
export function redactUrlPassword(url: string): string {
  const match = /^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)([^@]*)(@.*)$/i.exec(url);
  return match === null ? url : `${match[1]}${REDACTED}${match[3]}`;
}

export interface SecretValue {
  /** Formatted key path, e.g. `connectors[0].client_secret`. */
  path: string;
  value: string;
}

/** Every secret string in a config tree, with where it sits: what must never appear in a message. */
export function collectSecretValues(config: unknown): SecretValue[] {
  const secrets: SecretValue[] = [];
  function walk(value: unknown, path: KeyPath): void {
    const key = path.at(-1);
    if (typeof key === 'string' && isSecretKey(key) && typeof value === 'string' && value !== '') {
      secrets.push({ path: formatPath(path), value });
    }
    if (key === 'url' && typeof value === 'string') {
      const password = /^[a-z][a-z0-9+.-]*:\/\/[^:/@]*:([^@]*)@/i.exec(value)?.[1];
      if (password) secrets.push({ path: formatPath(path), value: password });
    }
    if (Array.isArray(value)) for (const [index, item] of value.entries()) walk(item, [...path, index]);
    else if (isPlainObject(value)) for (const [k, item] of Object.entries(value)) walk(item, [...path, k]);
  }
  walk(config, []);
  return secrets;
}

// Below this length a "secret" is too short to search for in free text without mangling the
// message (`s` would eat every s); such a value is still kept out of its own key's message.
const MIN_SCRUBBED_LENGTH = 4;

/** The problem with every secret value removed (a connector's own validation might echo input). */
export function scrubProblem(problem: ConfigProblem, secrets: readonly SecretValue[]): ConfigProblem {
  let message = problem.message;
  const own = secrets.find((secret) => secret.path === problem.path);
  if (own !== undefined && own.value.length < MIN_SCRUBBED_LENGTH && message.includes(own.value)) {
    message = 'invalid value (not shown: the key is secret)';
  }
  // Longest first, so a secret that contains another is replaced whole.
  const searched = secrets
    .map((secret) => secret.value)
    .filter((value) => value.length >= MIN_SCRUBBED_LENGTH)
    .sort((a, b) => b.length - a.length);
  const scrub = (text: string) =>
    searched.reduce((result, value) => result.split(value).join(REDACTED), text);
  return { path: scrub(problem.path), message: scrub(message) };
}
