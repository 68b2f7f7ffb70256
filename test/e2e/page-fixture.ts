// The page tests' world: the real daemon in this process (two CSV connectors, on-demand runs, a low
// deletion threshold), its real API server with the page, a store filled by real syncs, and
// Debian's Chromium through playwright-core. The CSV files are written so the syncs raise real
// conflicts of several kinds, and a last HR file that drops people stops at the safeguard.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { recordActivity } from '../../src/admin/activity-service.ts';
import { mountStatusPage } from '../../src/api/page/index.ts';
import { startApiServer } from '../../src/api/server.ts';
import { parseConfig } from '../../src/config/index.ts';
import { type RunningDaemon, startDaemon } from '../../src/daemon/daemon.ts';
import { createLogger } from '../../src/log.ts';
import type { Db } from '../../src/store/database.ts';
import type { SyncResult } from '../../src/sync/runner.ts';
import { mountRecordedPreview } from './recorded-preview.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const TOKEN = 'e2e-page-token-0123456789';
export const ARTIFACTS = resolve('test-artifacts', 'page');
export const PERSONS = 30;
/** Generous: the machine's two cores are shared, and four syncs plus Chromium come before the first test. */
export const WORLD_START_MS = 240_000;
export const STEP_MS = 120_000;

if (!existsSync(CHROMIUM) && process.env.CI !== 'true') {
  throw new Error(
    `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) to run the page test; .ci/run installs it in CI.`,
  );
}

const pad = (n: number) => String(n).padStart(2, '0');

function directoryCsv(): string {
  const rows = [
    'D-1,ana@acme.com,ana.lima@acme.com,,Ana Lima,Sales',
    'D-2,ana.souza@acme.com,,,Ana Lima Souza,Sales',
    'D-3,carla@acme.com,,,Carla Dias,Ops',
    'D-4,carla.neto@acme.com,,E-2002,Carla Neto,Ops',
    ...Array.from(
      { length: PERSONS },
      (_, i) => `P-${pad(i + 1)},person${pad(i + 1)}@acme.com,,,Person ${pad(i + 1)},`,
    ),
  ];
  return ['Id,UPN,Mail,EmployeeId,Name,Dept', ...rows].join('\n') + '\n';
}

/**
 * The HR file. v1: the Costa twins share one work email (duplicate_in_source), E-2002 gives Carla
 * Dias's address with Carla Neto's employee id (ambiguous_match), every person's login is not an
 * address (invalid_record each). v2: E-3 (Ana Lima Souza) claims Ana Lima's email
 * (identifier_in_use). v3: six people left the file (the deletion safeguard stops the run).
 */
function hrCsv(version: 1 | 2 | 3): string {
  const souzaMail = version >= 2 ? 'ana.souza@acme.com;ana.lima@acme.com' : 'ana.souza@acme.com';
  const persons = version === 3 ? PERSONS - 6 : PERSONS;
  const rows = [
    `E-3,${souzaMail},,Ana Lima Souza`,
    'E-1001,shared.costa@acme.com,,Bruno Costa',
    'E-1002,shared.costa@acme.com,,Bruna Costa',
    'E-2002,carla@acme.com,,Carla Neto',
    ...Array.from(
      { length: persons },
      (_, i) => `E-50${pad(i + 1)},person${pad(i + 1)}@acme.com,login ${i + 1},`,
    ),
  ];
  return ['Employee Number,Work Email,Login,Name', ...rows].join('\n') + '\n';
}

export interface PageWorld {
  url: string;
  db: Db;
  daemon: RunningDaemon;
  finished: SyncResult[];
  browser: BrowserContext;
  blockedRunId: number;
  /** Uncaught errors of the page's scripts, in any tab. */
  pageErrors: string[];
  /** Stops everything; throws when the page's scripts threw. */
  close(): Promise<void>;
}

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

export async function startPageWorld(): Promise<PageWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'idsync-page-'));
  const hrPath = join(dir, 'hr.csv');
  writeFileSync(join(dir, 'directory.csv'), directoryCsv());
  writeFileSync(hrPath, hrCsv(1));
  const config = parseConfig({
    database: { url: '', data_dir: join(dir, 'db') },
    api: { listen: '127.0.0.1:0', token: TOKEN },
    sync: { deletion_threshold: { count: 5, percent: 100 } },
    log: { level: 'silent' },
    connectors: [
      {
        id: 'directory',
        kind: 'csv',
        precedence: 1,
        path: join(dir, 'directory.csv'),
        columns: {
          external_id: 'Id',
          upn: 'UPN',
          email: 'Mail',
          employee_id: 'EmployeeId',
          display_name: 'Name',
          groups: 'Dept',
        },
      },
      {
        id: 'hr',
        kind: 'csv',
        precedence: 2,
        path: hrPath,
        columns: {
          external_id: 'Employee Number',
          employee_id: 'Employee Number',
          email: 'Work Email',
          upn: 'Login',
          display_name: 'Name',
        },
      },
    ],
  });
  const finished: SyncResult[] = [];
  let url = '';
  let db: Db | undefined;
  const daemon = await startDaemon(config, {
    log: createLogger({ level: 'silent' }),
    handleSignals: false,
    pollIntervalMs: 200,
    onRunFinished: (result) => finished.push(result),
    listen: async (control, context) => {
      db = context.db;
      const server = await startApiServer(
        { config, control, ...context },
        { mountPage: (app, deps) => (mountStatusPage(app), mountRecordedPreview(app, deps)) },
      );
      url = server.url;
      return server;
    },
  });
  const run = async (connector: string, mode: 'full' | 'incremental') => {
    const before = finished.length;
    const queued = await daemon.control.trigger(connector, mode);
    if (!queued.ok) throw new Error(queued.error.message);
    await until(() => finished.length > before, `run of ${connector}`);
    return finished[finished.length - 1]!;
  };
  await run('directory', 'full');
  await run('hr', 'full');
  writeFileSync(hrPath, hrCsv(2));
  await run('hr', 'full');
  // Ana Lima's agent reports: she is the one Active user.
  await recordActivity(db!, [{ username: 'ana', logonDomain: 'ACME', at: new Date() }], new Date());
  writeFileSync(hrPath, hrCsv(3));
  const blocked = await run('hr', 'full');
  if (blocked.status !== 'blocked' || !blocked.run)
    throw new Error(`the last HR run was ${blocked.status}, not blocked`);

  mkdirSync(ARTIFACTS, { recursive: true });
  const profile = join(dir, 'chromium');
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const pageErrors: string[] = [];
  return {
    url,
    db: db!,
    daemon,
    finished,
    browser,
    blockedRunId: blocked.run.id,
    pageErrors,
    async close() {
      await browser.close();
      await daemon.stop();
      rmSync(dir, { recursive: true, force: true });
      // A script error in any tab fails the suite, even when every step found what it looked for.
      if (pageErrors.length > 0) throw new Error(`the page threw:\n${pageErrors.join('\n')}`);
    },
  };
}

export async function openPage(world: PageWorld, hash = ''): Promise<Page> {
  const page = await world.browser.newPage();
  // A script error is a failed test, not a quietly broken view.
  page.on('pageerror', (error) => world.pageErrors.push(`${page.url()}: ${error.message}`));
  await page.goto(`${world.url}/${hash}`);
  return page;
}

export async function enterToken(page: Page, token = TOKEN): Promise<void> {
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Use token' }).click();
}

/** A full-page screenshot under test-artifacts/page/, its path printed for the report. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  console.log(`screenshot: ${path}`);
  return path;
}

/** How far the page body scrolls sideways (0: it fits the window). */
export function sidewaysScroll(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}
