// `${NAME}` and `${NAME:-default}` expand inside string values, AFTER the YAML is parsed: a
// secret that contains YAML syntax (`: `, `#`, quotes) is inserted as plain text and never
// re-parsed, and an expanded value is never expanded again. `$${` writes a literal `${`.
import { type ConfigProblem, formatPath, type KeyPath } from './errors.ts';

export interface ExpansionResult {
  value: unknown;
  problems: ConfigProblem[];
  /** Key paths whose value could not be expanded; other checks stay quiet about them. */
  failedPaths: Set<string>;
}

type StringExpansion = { ok: true; value: string } | { ok: false; messages: string[] };

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Expands every string value in a parsed YAML tree; keys are left as written. */
export function expandEnv(tree: unknown, env: NodeJS.ProcessEnv): ExpansionResult {
  const problems: ConfigProblem[] = [];
  const failedPaths = new Set<string>();

  function walk(value: unknown, path: KeyPath): unknown {
    if (typeof value === 'string') {
      const expanded = expandString(value, env);
      if (expanded.ok) return expanded.value;
      const formatted = formatPath(path);
      failedPaths.add(formatted);
      for (const message of expanded.messages) problems.push({ path: formatted, message });
      return undefined;
    }
    if (Array.isArray(value)) return value.map((item, index) => walk(item, [...path, index]));
    if (isPlainObject(value)) {
      const copy: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        const expanded = walk(item, [...path, key]);
        if (expanded !== undefined) copy[key] = expanded;
      }
      return copy;
    }
    return value;
  }

  return { value: walk(tree, []), problems, failedPaths };
}

/**
 * One pass over the text. `${NAME:-default}` uses the default when NAME is unset or empty (as
 * in the shell); `${NAME}` with NAME unset is a problem naming NAME, never any value.
 */
export function expandString(text: string, env: NodeJS.ProcessEnv): StringExpansion {
  let output = '';
  const messages: string[] = [];
  let index = 0;
  while (index < text.length) {
    if (text.startsWith('$${', index)) {
      output += '${';
      index += 3;
      continue;
    }
    if (!text.startsWith('${', index)) {
      output += text[index];
      index += 1;
      continue;
    }
    const end = text.indexOf('}', index + 2);
    const reference = end === -1 ? undefined : parseReference(text.slice(index + 2, end));
    if (reference === undefined) {
      messages.push(
        // The message shows the config syntax itself.
        'malformed ${...} reference (expected ${NAME} or ${NAME:-default}; write $${ for a literal ${)',
      );
      break;
    }
    const value = env[reference.name];
    if (reference.fallback !== undefined)
      output += value === undefined || value === '' ? reference.fallback : value;
    else if (value !== undefined) output += value;
    else messages.push(`required (environment variable ${reference.name} is not set)`);
    index = end + 1;
  }
  return messages.length === 0 ? { ok: true, value: output } : { ok: false, messages };
}

function parseReference(body: string): { name: string; fallback?: string } | undefined {
  const separator = body.indexOf(':-');
  const name = separator === -1 ? body : body.slice(0, separator);
  if (!VARIABLE_NAME.test(name)) return undefined;
  return separator === -1 ? { name } : { name, fallback: body.slice(separator + 2) };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
