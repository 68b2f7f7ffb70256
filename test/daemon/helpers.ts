// Daemon test set-up: a config file with one CSV connector (file written by the test), the daemon
// in this process or as `node src/cli.ts start` child processes.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/index.ts';
import type { IdsyncConfig } from '../../src/config/schema.ts';

export const HR_HEADER = 'Employee Number,Work Email,Name';

export function hrLines(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `E${i + 1},person${i + 1}@acme.example,Person ${i + 1}`);
}

export interface DaemonFixture {
  dir: string;
  csvPath: string;
  configPath: string;
  config: IdsyncConfig;
  writeHr(lines: string[]): void;
}

export interface FixtureOptions {
  /** PostgreSQL URL; absent: PGlite in `dataDir` (or in memory). */
  url?: string | undefined;
  dataDir?: string;
  schedule?: string;
  /** Point the connector at a file that does not exist (its runs fail). */
  missingFile?: boolean;
  shutdownTimeoutSeconds?: number;
}

export function daemonFixture(options: FixtureOptions = {}): DaemonFixture {
  const dir = mkdtempSync(join(tmpdir(), 'idsync-daemon-'));
  const csvPath = join(dir, options.missingFile ? 'missing.csv' : 'hr.csv');
  const raw = {
    database: { url: options.url ?? '', data_dir: options.dataDir ?? join(dir, 'data') },
    api: { listen: '127.0.0.1:0' },
    sync: { shutdown_timeout_seconds: options.shutdownTimeoutSeconds ?? 10 },
    log: { level: 'info' },
    connectors: [
      {
        id: 'hr',
        kind: 'csv',
        path: csvPath,
        ...(options.schedule && { schedule: options.schedule }),
        columns: {
          external_id: 'Employee Number',
          employee_id: 'Employee Number',
          email: 'Work Email',
          display_name: 'Name',
        },
      },
    ],
  };
  const configPath = join(dir, 'config.yaml');
  // JSON is YAML: the child process reads the same config as the test.
  writeFileSync(configPath, JSON.stringify(raw, null, 2));
  return {
    dir,
    csvPath,
    configPath,
    config: parseConfig(raw),
    writeHr: (lines) => writeFileSync(csvPath, `${[HR_HEADER, ...lines].join('\n')}\n`),
  };
}

export interface DaemonProcess {
  child: ChildProcess;
  stderr(): string;
  /** Resolves when stderr contains `text`. */
  waitFor(text: string, timeoutMs: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

export function spawnDaemon(configPath: string, cwd: string): DaemonProcess {
  const cli = join(process.cwd(), 'src', 'cli.ts');
  const child = spawn(process.execPath, [cli, 'start', '--config', configPath], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const waiter of waiters.filter((w) => stderr.includes(w.text))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  });
  child.stdout!.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>(
    (resolve) => {
      child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() }));
    },
  );
  return {
    child,
    stderr: () => stderr,
    exited,
    waitFor(text, timeoutMs) {
      if (stderr.includes(text)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no "${text}" on stderr within ${timeoutMs} ms:\n${stderr.slice(-3000)}`)),
          timeoutMs,
        );
        waiters.push({
          text,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
  };
}
