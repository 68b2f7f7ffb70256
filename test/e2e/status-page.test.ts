// The status and conflict-review page end to end: the real API server on loopback, a real store
// with two users and an open identifier_in_use conflict between them, and Debian's Chromium driven
// by playwright-core. The admin enters the token, reads a run's details, opens the conflict, gives
// the value to one user, and sees the conflict gone (and the store agrees).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminService } from '../../src/admin/service.ts';
import { mountStatusPage } from '../../src/api/page/index.ts';
import { type ApiServer, startApiServer } from '../../src/api/server.ts';
import type { DaemonControl } from '../../src/daemon/types.ts';
import type { ConflictReport } from '../../src/domain/changes.ts';
import { conflictFingerprint } from '../../src/domain/reconcile/index.ts';
import { createLogger } from '../../src/log.ts';
import { getConflict, listConflicts, upsertConflicts } from '../../src/store/conflicts.ts';
import { createRun, finishRun, getRun } from '../../src/store/runs.ts';
import { loadUser } from '../../src/store/users.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

const CHROMIUM = '/usr/bin/chromium';
const TOKEN = 'e2e-page-token-0123456789';
const NOW = new Date('2025-06-02T09:00:00Z');
const DISPUTED = 'ana.lima@acme.com';

if (!existsSync(CHROMIUM) && process.env.CI !== 'true') {
  throw new Error(
    `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) to run the page test; .ci/run installs it in CI.`,
  );
}

let database: TestDatabase;
let server: ApiServer;
let browser: BrowserContext;
let profileDir: string;
let holderId: number;
let claimantId: number;
let conflictId: number;
let runId: number;

async function seed(db: TestDatabase['db']): Promise<void> {
  const admin = new AdminService(db, () => NOW);
  const holder = await admin.addUser({
    displayName: 'Ana Lima',
    identifiers: [{ type: 'email', value: DISPUTED }],
  });
  const claimant = await admin.addUser({
    displayName: 'Ana Lima Souza',
    identifiers: [{ type: 'upn', value: 'ana.souza@acme.com' }],
  });
  if (!holder.ok || !claimant.ok) throw new Error('seed users refused');
  holderId = holder.value.id;
  claimantId = claimant.value.id;
  const report: ConflictReport = {
    kind: 'identifier_in_use',
    identifier: { type: 'email', value: DISPUTED },
    userIds: [holderId, claimantId],
    connectors: ['entra'],
    externalIds: ['aad-42'],
    message: `${DISPUTED} (email) from entra record aad-42 belongs to user ${holderId}`,
  };
  await upsertConflicts(
    db,
    [{ ...report, userIds: [holderId, claimantId], fingerprint: conflictFingerprint(report) }],
    {
      connectorId: 'entra',
      now: NOW,
    },
  );
  const [open] = await listConflicts(db, { status: 'open' });
  conflictId = open!.id;
  const run = await createRun(db, {
    connectorId: 'entra',
    requestedMode: 'incremental',
    trigger: 'schedule',
    status: 'running',
    now: NOW,
  });
  runId = run.id;
  await finishRun(db, runId, {
    status: 'succeeded',
    mode: 'full',
    counts: {
      fetched: 2,
      created: 1,
      updated: 0,
      linked: 1,
      unchanged: 0,
      identifiersAdded: 1,
      identifiersRemoved: 0,
      conflicts: 1,
      invalid: 0,
      skipped: 0,
    },
    warnings: ['1 user left out: userType Guest'],
    notes: ['no delta link yet: ran fully'],
    complete: true,
    now: NOW,
  });
}

function fakeControl(db: TestDatabase['db']): DaemonControl {
  return {
    async connectors() {
      return [
        {
          id: 'entra',
          kind: 'azure-ad',
          schedule: '*/30 * * * *',
          fullSchedule: null,
          nextRunAt: '2025-06-02T09:30:00.000Z',
          lastRun: await getRun(db, runId),
          lastSuccessAt: NOW.toISOString(),
          current: null,
          consecutiveFailures: 0,
          backedOffUntil: null,
        },
      ];
    },
    trigger: async () => ({ ok: true, value: { runId: runId + 1, reused: false } }),
    approve: async (id) => ({ ok: true, value: { runId: id } }),
  };
}

async function openPage(): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${server.url}/`);
  return page;
}

async function enterToken(page: Page, token: string): Promise<void> {
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Use token' }).click();
}

describe('the status and conflict-review page in headless Chromium', () => {
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    await seed(database.db);
    server = await startApiServer(
      {
        config: { api: { listen: '127.0.0.1:0', token: TOKEN, max_body_bytes: 1_000_000 } },
        db: database.db,
        control: fakeControl(database.db),
        log: createLogger({ level: 'silent' }),
        clock: () => NOW,
      },
      { mountPage: mountStatusPage },
    );
    profileDir = mkdtempSync(join(tmpdir(), 'idsync-chromium-'));
    browser = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.destroy();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  it('shows nothing of the tenant until a valid token is given, and says so when the token is wrong', async () => {
    const page = await openPage();
    await page.getByText('Enter the API token').waitFor();
    expect(await page.locator('#content').isHidden()).toBe(true);
    await enterToken(page, 'not-the-token');
    await page.getByText('The API refused the token').waitFor();
    expect(await page.locator('#content').isHidden()).toBe(true);
    expect(await page.content()).not.toContain(DISPUTED);
    await page.close();
  });

  it("shows a connector's schedule, last and next run, counts, and the run's details with its notes and warnings", async () => {
    const page = await openPage();
    await enterToken(page, TOKEN);
    const row = page.locator('tr[data-connector="entra"]');
    await row.waitFor();
    const rowText = await row.textContent();
    expect(rowText).toContain('*/30 * * * *');
    expect(rowText).toContain(`#${runId} succeeded`);
    expect(rowText).toContain('fetched 2, created 1, updated 0, linked 1, conflicts 1');
    await page.getByRole('button', { name: `Details of run ${runId} of entra` }).click();
    const details = page.locator('#run-panel');
    await details.getByText('no delta link yet: ran fully').waitFor();
    expect(await details.textContent()).toContain('1 user left out: userType Guest');
    await page.getByRole('button', { name: 'Sync entra now' }).click();
    await page.getByText(`Run #${runId + 1} of entra is queued.`).waitFor();
    await page.close();
  });

  it('opens a conflict with both users side by side, gives the value to one of them, and the conflict is gone', async () => {
    const page = await openPage();
    await enterToken(page, TOKEN);
    await page.locator(`tr[data-conflict="${conflictId}"]`).waitFor();
    await page.getByRole('button', { name: `Review conflict ${conflictId}` }).click();
    const holderCard = page.getByRole('article', { name: `User ${holderId}: Ana Lima` });
    const claimantCard = page.getByRole('article', { name: `User ${claimantId}: Ana Lima Souza` });
    await holderCard.waitFor();
    expect(await holderCard.textContent()).toMatch(new RegExp(`${DISPUTED.replace('.', '\\.')} from manual`));
    expect(await claimantCard.textContent()).toContain('ana.souza@acme.com from manual');

    await page.getByRole('button', { name: `Give the value to this user: user ${claimantId}` }).click();
    await page.getByText(`Conflict #${conflictId} resolved.`).waitFor();
    await page.getByText('No open conflicts.').waitFor();
    expect(await page.locator(`tr[data-conflict="${conflictId}"]`).count()).toBe(0);

    expect((await getConflict(database.db, conflictId))?.status).toBe('resolved');
    const claimant = await loadUser(database.db, claimantId);
    const holder = await loadUser(database.db, holderId);
    expect(claimant?.identifiers.map((identifier) => identifier.value)).toContain(DISPUTED);
    expect(holder?.identifiers.map((identifier) => identifier.value)).not.toContain(DISPUTED);
    await page.close();
  });
});
