// Shared by the config tests: the problems a ConfigError carries, and throwaway files.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, type ConfigProblem } from '../errors.ts';

export function problemsOf(run: () => unknown): ConfigProblem[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

export async function problemsOfAsync(run: () => Promise<unknown>): Promise<ConfigProblem[]> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

export function tempFile(name: string, content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'idsync-config-')), name);
  writeFileSync(path, content);
  return path;
}
