// The status and review page end to end, at desktop width: the real daemon and API on loopback, a
// store filled by real CSV syncs (see page-fixture.ts), Debian's Chromium through playwright-core.
// The admin enters the token, syncs a connector, pages, searches and filters the conflicts, and
// resolves one of each kind with the evidence side by side; the store agrees with what the page said.
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConflictReport } from '../../src/domain/changes.ts';
import { conflictFingerprint } from '../../src/domain/reconcile/conflicts.ts';
import { query } from '../../src/store/bulk.ts';
import { upsertConflicts } from '../../src/store/conflicts.ts';
import {
  enterToken,
  openPage,
  type PageWorld,
  STEP_MS,
  WORLD_START_MS,
  screenshot,
  startPageWorld,
} from './page-fixture.ts';

let world: PageWorld;
let page: Page;

async function userId(name: string): Promise<number> {
  const [row] = await query<{ id: number }>(world.db, sql`select id from users where display_name = ${name}`);
  return row!.id;
}

async function search(q: string, kind = ''): Promise<void> {
  await page.getByLabel('Kind').selectOption(kind);
  await page.getByLabel('Search conflicts').fill(q);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
}

/** Opens the review of the one conflict the list shows, and returns its id. */
async function reviewOnly(): Promise<number> {
  await page.locator('#conflict-count').filter({ hasText: '(1)' }).waitFor();
  const id = Number(await page.locator('tr[data-conflict]').getAttribute('data-conflict'));
  await page.getByRole('button', { name: `Review conflict ${id}` }).click();
  await page
    .getByRole('region', { name: `Conflict ${id}` })
    .locator('h3')
    .waitFor();
  return id;
}

describe('the status and review page in headless Chromium (desktop)', { timeout: STEP_MS }, () => {
  beforeAll(async () => {
    world = await startPageWorld();
  }, WORLD_START_MS);
  afterAll(() => world?.close());

  it('shows nothing of the tenant until a valid token is given, and says so when the token is wrong', async () => {
    page = await openPage(world);
    await page.getByText('Enter the API token').waitFor();
    expect(await page.locator('#content').isHidden()).toBe(true);
    await enterToken(page, 'not-the-token');
    await page.getByText('The API refused the token').waitFor();
    expect(await page.locator('#content').isHidden()).toBe(true);
    expect(await page.content()).not.toContain('ana.lima@acme.com');
    await enterToken(page);
    await page.locator('tr[data-connector="hr"]').waitFor();
  });

  it('shows each connector with its last run, the blocked one flagged, and queues Sync now and Full sync with the answer in the row', async () => {
    const hr = page.locator('tr[data-connector="hr"]');
    expect(await hr.textContent()).toContain('blocked');
    expect(await hr.textContent()).toContain('Stopped by the deletion safeguard');
    expect(await page.locator('#totals').textContent()).toContain('active1');
    const runs = world.finished.length;
    await page.getByRole('button', { name: 'Sync now directory' }).click();
    const row = page.locator('tr[data-connector="directory"]');
    await row.getByText(/Run #\d+ of directory is (queued|already queued or running)\./).waitFor();
    await expect.poll(() => world.finished.length, { timeout: 30_000 }).toBe(runs + 1);
    await page.getByRole('button', { name: 'Full sync directory' }).click();
    await row.getByText(/Full run #\d+ of directory is queued\./).waitFor();
    await expect.poll(() => world.finished.length, { timeout: 30_000 }).toBe(runs + 2);
    expect(world.finished.at(-1)?.run?.requestedMode).toBe('full');
    await screenshot(page, 'desktop-status');
  });

  it('pages the open conflicts 25 at a time, and searches and filters them', async () => {
    await page.getByRole('link', { name: 'Conflicts', exact: true }).click();
    await page.locator('#conflict-count').filter({ hasText: '(33)' }).waitFor();
    expect(await page.locator('tr[data-conflict]').count()).toBe(25);
    await page.getByRole('button', { name: 'Next page of conflicts' }).click();
    await page.getByText('26–33 of 33').waitFor();
    expect(await page.locator('tr[data-conflict]').count()).toBe(8);
    await page.getByRole('button', { name: 'Previous page of conflicts' }).click();
    await page.getByText('1–25 of 33').waitFor();
    await screenshot(page, 'desktop-conflicts');

    await search('ana.lima@');
    await page.locator('#conflict-count').filter({ hasText: '(1)' }).waitFor();
    expect(await page.locator('tr[data-conflict]').textContent()).toContain('Ana Lima, Ana Lima Souza');
    await search('', 'invalid_record');
    await page.locator('#conflict-count').filter({ hasText: '(30)' }).waitFor();
    await page.getByLabel('Connector').selectOption('directory');
    await page.locator('#conflict-count').filter({ hasText: '(0)' }).waitFor();
    await page.getByText('No conflicts match.').waitFor();
    await page.getByLabel('Connector').selectOption('');
  });

  it('ambiguous_match: shows which value matched whom and links the record to the chosen user', async () => {
    await search('E-2002', 'ambiguous_match');
    const id = await reviewOnly();
    const review = page.getByRole('region', { name: `Conflict ${id}` });
    expect(await review.textContent()).toContain('hr E-2002: not linked to a user');
    const dias = review.getByRole('article', { name: /Carla Dias$/ });
    const neto = review.getByRole('article', { name: /Carla Neto$/ });
    expect(await dias.textContent()).toContain('matched on email: carla@acme.com');
    expect(await dias.textContent()).toMatch(/carla@acme\.com from connector:directory \(matched\)/);
    expect(await neto.textContent()).toContain('matched on employee_id: E-2002');
    await screenshot(page, 'desktop-review-ambiguous');

    await neto.getByRole('button', { name: 'Link record E-2002 to Carla Neto' }).click();
    await neto.getByText(`Conflict #${id} resolved: record linked to Carla Neto.`).waitFor();
    const links = await query<{ user_id: number }>(
      world.db,
      sql`select user_id from source_links where connector_id = 'hr' and external_id = 'E-2002'`,
    );
    expect(links).toEqual([{ user_id: await userId('Carla Neto') }]);
    expect(await review.getByRole('button', { name: 'Dismiss conflict' }).isDisabled()).toBe(true);
  });

  it('duplicate_in_source: names the user behind each record, asks before a merge, and gives the value to one of them', async () => {
    await search('shared.costa', 'duplicate_in_source');
    const id = await reviewOnly();
    const review = page.getByRole('region', { name: `Conflict ${id}` });
    expect(await review.textContent()).toContain('hr E-1001: linked to Bruno Costa');
    expect(await review.textContent()).toContain('hr E-1002: linked to Bruna Costa');
    const bruno = review.getByRole('article', { name: /Bruno Costa$/ });
    await bruno.getByRole('button', { name: 'Merge the others into Bruno Costa' }).click();
    await bruno.getByText('Tick "I understand that merging users cannot be undone" first.').waitFor();
    const bruna = review.getByRole('article', { name: /Bruna Costa$/ });
    await bruna.getByRole('button', { name: 'Give shared.costa@acme.com to Bruna Costa' }).click();
    await bruna.getByText(`Conflict #${id} resolved: shared.costa@acme.com given to Bruna Costa.`).waitFor();
    const held = await query<{ user_id: number; source: string }>(
      world.db,
      sql`select user_id, source from identifiers where key = 'shared.costa@acme.com'`,
    );
    expect(held).toEqual([{ user_id: await userId('Bruna Costa'), source: 'manual' }]);
  });

  it('identifier_in_use: shows who holds the value and gives it to the record’s user', async () => {
    await search('ana.lima@', 'identifier_in_use');
    const id = await reviewOnly();
    const review = page.getByRole('region', { name: `Conflict ${id}` });
    const holder = review.getByRole('article', { name: /Ana Lima$/ });
    expect(await holder.textContent()).toContain('holds the value (connector:directory)');
    expect(await holder.textContent()).toContain('ana.lima@acme.com from connector:directory (disputed)');
    const souza = review.getByRole('article', { name: /Ana Lima Souza$/ });
    expect(await souza.textContent()).toContain("the record's user: did not get it");
    await souza.getByRole('button', { name: 'Give ana.lima@acme.com to Ana Lima Souza' }).click();
    await souza.getByText(`Conflict #${id} resolved: ana.lima@acme.com given to Ana Lima Souza.`).waitFor();
    const held = await query<{ user_id: number }>(
      world.db,
      sql`select user_id from identifiers where key = 'ana.lima@acme.com'`,
    );
    expect(held).toEqual([{ user_id: await userId('Ana Lima Souza') }]);

    // Closed, it is found under Resolved, with how it ended.
    await page.locator('#view-conflicts').getByLabel('Status').selectOption('resolved');
    await page.locator('#conflict-count').filter({ hasText: '(1)' }).waitFor();
    await page.getByRole('button', { name: `Review conflict ${id}` }).click();
    const closed = page.getByRole('region', { name: `Conflict ${id}` });
    await closed.getByText('admin: assign (Ana Lima Souza)').waitFor();
    expect(await closed.locator('button[data-resolve]').count()).toBe(0);
    await page.locator('#view-conflicts').getByLabel('Status').selectOption('open');
  });

  it('invalid_record: explains the dropped value, offers only Dismiss, and says so next to it', async () => {
    await search('E-5030', 'invalid_record');
    const id = await reviewOnly();
    const review = page.getByRole('region', { name: `Conflict ${id}` });
    expect(await review.textContent()).toContain('Invalid UPN "login 30"');
    expect(await review.textContent()).toContain('Nothing here can be given to a user');
    expect(await review.locator('button[data-resolve="assign"]').count()).toBe(0);
    await review.getByRole('button', { name: 'Dismiss conflict' }).click();
    await review.getByText(`Conflict #${id} dismissed: left as it is.`).waitFor();
  });

  it('shows the incoming record the engine puts on a conflict: each identifier with its vendor field and what it matched', async () => {
    const ana = await userId('Ana Lima');
    const report: ConflictReport = {
      kind: 'identifier_in_use',
      identifier: { type: 'upn', value: 'ana@acme.com' },
      userIds: [ana],
      connectors: ['hr'],
      externalIds: ['E-9'],
      message: 'upn ana@acme.com from hr record E-9 belongs to Ana Lima',
      details: {
        owners: [{ userId: ana, source: 'connector:directory' }],
        record: {
          connector: 'hr',
          externalId: 'E-9',
          displayName: 'Ana <b>Impostor</b>',
          state: 'active',
          identifiers: [
            { type: 'upn', value: 'ana@acme.com', field: 'userPrincipalName' },
            { type: 'employee_id', value: 'E-9', field: 'employeeNumber' },
          ],
        },
      },
    };
    await upsertConflicts(world.db, [{ ...report, fingerprint: conflictFingerprint(report) }], {
      connectorId: 'hr',
      now: new Date(),
    });
    await search('impostor');
    const id = await reviewOnly();
    const record = page.getByRole('article', { name: 'Incoming record E-9' });
    expect(await record.textContent()).toContain('Ana <b>Impostor</b>');
    const rows = await record.locator('tbody tr').allTextContents();
    expect(rows[0]).toMatch(/userPrincipalName.*upn.*ana@acme\.com.*disputed: held by Ana Lima/);
    expect(rows[1]).toMatch(/employeeNumber.*employee_id.*E-9/);
    expect(await page.locator('b').count()).toBe(0);
    await screenshot(page, 'desktop-review-record');
    await page
      .getByRole('region', { name: `Conflict ${id}` })
      .getByRole('button', { name: 'Close' })
      .click();
    expect(await page.locator(`tr[data-review="${id}"]`).count()).toBe(0);
  });
});
