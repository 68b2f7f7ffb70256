// Config problems are collected, never thrown one by one: the admin fixes the whole file in one
// go. Each problem names the key path (`connectors[1].client_secret`) and never a secret value.
import type { z } from 'zod';

export interface ConfigProblem {
  /** Key path such as `api.listen` or `connectors[1].schedule`; the file path for file-level problems. */
  path: string;
  message: string;
}

export type KeyPath = ReadonlyArray<PropertyKey>;

/** Thrown by `loadConfig` / `parseConfig`; the CLI prints `problems` and exits with code 2. */
export class ConfigError extends Error {
  readonly code = 'invalid_config';
  readonly problems: ConfigProblem[];

  constructor(problems: ConfigProblem[], options?: { cause?: unknown }) {
    super(describeProblems(problems), options);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

function describeProblems(problems: ConfigProblem[]): string {
  const lines = problems.map((problem) => `  ${problem.path}: ${problem.message}`);
  const noun = problems.length === 1 ? 'problem' : 'problems';
  return [`invalid configuration (${problems.length} ${noun}):`, ...lines].join('\n');
}

/** `['connectors', 1, 'schedule']` -> `connectors[1].schedule`; the empty path names the whole file. */
export function formatPath(path: KeyPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text === '' ? '(top level)' : text;
}

/** zod's issues as problems, one per unknown key so each typo is named on its own line. */
export function issuesToProblems(
  issues: readonly z.core.$ZodIssue[],
  base: KeyPath,
  knownKeysAt: (path: KeyPath) => readonly string[] = () => [],
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    const path = [...base, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(issue.path);
      for (const key of issue.keys) problems.push(unknownKeyProblem([...path, key], key, known));
      continue;
    }
    problems.push({ path: formatPath(path), message: issue.message });
  }
  return problems;
}

export function unknownKeyProblem(path: KeyPath, key: string, known: readonly string[]): ConfigProblem {
  const suggestion = closestKey(key, known);
  const hint = suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`;
  return { path: formatPath(path), message: `unknown key${hint}` };
}

/** The known key within a small edit distance, so a typo like `schedul` points at `schedule`. */
function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    // Short keys get no hint: `b` is one edit away from `a` without being a typo of it.
    const allowed = Math.min(2, Math.floor(candidate.length / 3));
    if (distance <= allowed && (best === undefined || distance < best.distance))
      best = { key: candidate, distance };
  }
  return best?.key;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}
