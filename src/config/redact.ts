// Which config keys hold secrets, and how to keep their values out of logs, printed config and
// error messages. A key is secret by its NAME, so a new connector's `*_secret` or `api_key` is
// covered without touching this file.
import { isPlainObject } from './env.ts';

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

/** Every secret string in a config tree: what must never appear in a message. */
export function collectSecretValues(config: unknown): string[] {
  const secrets = new Set<string>();
  function walk(value: unknown, key: string | undefined): void {
    if (key !== undefined && isSecretKey(key) && typeof value === 'string' && value !== '')
      secrets.add(value);
    if (key === 'url' && typeof value === 'string') {
      const password = /^[a-z][a-z0-9+.-]*:\/\/[^:/@]*:([^@]*)@/i.exec(value)?.[1];
      if (password) secrets.add(password);
    }
    if (Array.isArray(value)) for (const item of value) walk(item, undefined);
    else if (isPlainObject(value)) for (const [k, item] of Object.entries(value)) walk(item, k);
  }
  walk(config, undefined);
  return [...secrets];
}

/** Replaces any secret value quoted in a message (a connector's own validation might echo input). */
export function scrubSecrets(message: string, secrets: readonly string[]): string {
  // Longest first, so a secret that contains another is replaced whole.
  const ordered = [...secrets].sort((a, b) => b.length - a.length);
  return ordered.reduce((text, secret) => text.split(secret).join(REDACTED), message);
}
