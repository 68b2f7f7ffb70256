// The parent's helpers: a PostgreSQL server for the run, and each measurement in a child process
// of its own (so its peak RSS is that measurement's alone).
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startThrowawayPostgres } from '../support/throwaway-postgres.ts';
import type { ChildMessage, ChildResult, ChildTask, ParentMessage } from './child.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, '..', '..');

/** DATABASE_URL_TEST when set, else a throw-away server from .ci/postgres.sh (stopped at the end). */
export function startPostgres(): { url: string; stop: () => void } {
  const given = process.env.DATABASE_URL_TEST;
  if (given) return { url: given, stop: () => {} };
  return startThrowawayPostgres();
}

export interface ChildOptions {
  /** Writes bench/profiles/<name>.cpuprofile. */
  cpuProf?: boolean;
  /** The child's environment (default: ours). */
  env?: NodeJS.ProcessEnv;
  /** Answers the child's requests over an IPC channel (opened only when given). */
  onMessage?: (message: ChildMessage) => ParentMessage;
}

export function runChild(
  dir: string,
  name: string,
  task: ChildTask,
  options: ChildOptions = {},
): Promise<ChildResult> {
  const paramsPath = join(dir, `${name}.params.json`);
  const resultPath = join(dir, `${name}.result.json`);
  writeFileSync(paramsPath, JSON.stringify(task));
  const profile = options.cpuProf
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${join(root, 'bench', 'profiles')}`,
        `--cpu-prof-name=${name}.cpuprofile`,
      ]
    : [];
  const { onMessage } = options;
  const child = spawn(process.execPath, [...profile, join(here, 'child.ts'), paramsPath, resultPath], {
    stdio: ['ignore', 'inherit', 'inherit', ...(onMessage ? (['ipc'] as const) : [])],
    env: options.env ?? process.env,
  });
  if (onMessage) child.on('message', (message) => child.send(onMessage(message as ChildMessage)));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code !== 0) {
        reject(new Error(`${name} child failed (${signal ?? `exit ${code}`})`));
        return;
      }
      resolve(JSON.parse(readFileSync(resultPath, 'utf8')) as ChildResult);
    });
  });
}
