// The users and runs views end to end (desktop), and the whole page at phone width (390 px): the
// same real daemon, API, store and Chromium as status-page.test.ts. The admin searches and filters
// users and opens one (explanation and audit), reads a connector's run history and a run's changes,
// reads what the blocked run would do and approves it; on a phone every view fits the screen and
// every action button is in reach.
import { sql } from 'drizzle-orm';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../../src/store/bulk.ts';
import { getRun } from '../../src/store/runs.ts';
import {
  enterToken,
  openPage,
  type PageWorld,
  PERSONS,
  screenshot,
  sidewaysScroll,
  startPageWorld,
  STEP_MS,
  WORLD_START_MS,
} from './page-fixture.ts';

const PHONE = { width: 390, height: 844 };
let world: PageWorld;

beforeAll(async () => {
  world = await startPageWorld();
}, WORLD_START_MS);
afterAll(() => world?.close());

async function signedIn(hash: string, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await openPage(world, hash);
  if (viewport) await page.setViewportSize(viewport);
  await enterToken(page);
  await page.locator('nav.views [aria-current="page"]').waitFor();
  return page;
}

/** Every visible button of the region lies within the screen's width. */
async function expectButtonsInReach(region: Locator): Promise<number> {
  const boxes = await region.locator('button:visible').evaluateAll((buttons) =>
    buttons.map((button) => {
      const box = button.getBoundingClientRect();
      return { text: button.textContent, left: box.left, right: box.right };
    }),
  );
  for (const box of boxes) {
    expect(box.left, String(box.text)).toBeGreaterThanOrEqual(0);
    expect(box.right, String(box.text)).toBeLessThanOrEqual(PHONE.width);
  }
  return boxes.length;
}

describe('the users and runs views in headless Chromium (desktop)', { timeout: STEP_MS }, () => {
  it('pages users by name, searches any identifier value, filters by status, and opens a user’s explanation and audit', async () => {
    const page = await signedIn('#users');
    const total = 4 + PERSONS + 2;
    await page
      .locator('#user-count')
      .filter({ hasText: `(${total})` })
      .waitFor();
    expect(await page.locator('tr[data-user]').count()).toBe(25);
    expect(await page.locator('tr[data-user]').first().textContent()).toContain('Ana Lima');
    await page.getByRole('button', { name: 'Next page of users' }).click();
    await page.getByText(`26–${total} of ${total}`).waitFor();

    await page.getByLabel('Search users').fill('E-2002');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.locator('#user-count').filter({ hasText: '(1)' }).waitFor();
    expect(await page.locator('tr[data-user]').textContent()).toContain('Carla Neto');

    await page.getByLabel('Search users').fill('');
    await page.locator('#view-users').getByLabel('Status').selectOption('active');
    await page.locator('#user-count').filter({ hasText: '(1)' }).waitFor();
    const ana = page.locator('tr[data-user]');
    expect(await ana.textContent()).toContain('Ana Lima');
    await ana.getByRole('button', { name: /Open user/ }).click();
    const panel = page.getByRole('region', { name: /^User \d+$/ });
    await panel.getByText('ACME\\ana').waitFor();
    const text = await panel.textContent();
    expect(text).toContain('ana.lima@acme.comconnector:directory');
    expect(text).toContain('directoryD-1active');
    expect(text).toContain('Time zoneaccount default');
    const audit = panel.locator('tr[data-audit]');
    await audit.first().waitFor();
    const entries = await audit.allTextContents();
    expect(entries.find((entry) => entry.includes('run #1sync'))).toContain('links: directory:D-1');
    expect(entries.find((entry) => entry.includes('create_agent'))).toContain('username: ana');
    await screenshot(page, 'desktop-users');
    await page.close();
  });

  it("shows a connector's run history, what a run changed with the users named, and the blocked run's preview; Approve releases it", async () => {
    const page = await signedIn('#runs/hr');
    const blocked = page.locator(`tr[data-run="${world.blockedRunId}"]`);
    await blocked.waitFor();
    expect(await page.locator('tr[data-run]').count()).toBe(3);
    expect(await blocked.textContent()).toContain('blocked');

    await page.getByRole('button', { name: `Details of run ${world.blockedRunId}` }).click();
    const panel = page.getByRole('region', { name: `Run ${world.blockedRunId}` });
    await panel.getByText('would remove 6 links').waitFor();
    const preview = panel.getByRole('region', { name: `Preview of run ${world.blockedRunId}` });
    await preview.getByText('10 of 18 shown.').waitFor();
    await preview.getByRole('button', { name: 'More items' }).click();
    await preview.getByText('18 of 18 shown.').waitFor();
    await preview.getByRole('button', { name: 'links removed: 6' }).click();
    await preview.getByText('6 of 6 shown.').waitFor();
    const items = await preview.locator('tbody tr').allTextContents();
    expect(items[0]).toMatch(/remove link.*Person 25 \(user 29\).*hr E-5025/);
    await screenshot(page, 'desktop-run-blocked');

    const finished = world.finished.length;
    await panel.getByRole('button', { name: `Approve run ${world.blockedRunId}` }).click();
    await panel
      .getByText(/Approved: run #\d+ of hr applies it now, with the safeguard lifted once\./)
      .waitFor();
    await expect.poll(() => world.finished.length, { timeout: 30_000 }).toBe(finished + 1);
    const released = world.finished.at(-1)!.run!;
    expect((await getRun(world.db, released.id))?.status).toBe('succeeded');
    const gone = await query<{ n: number }>(
      world.db,
      sql`select count(*)::int as n from source_links where connector_id = 'hr' and external_id like 'E-50%'`,
    );
    expect(gone[0]?.n).toBe(PERSONS - 6);

    await page.goto(`${world.url}/#runs/directory/1`);
    const first = page.getByRole('region', { name: 'Run 1' });
    const changes = first.locator('tr[data-audit]');
    await changes.first().waitFor();
    expect(await changes.count()).toBe(25);
    expect(await first.textContent()).toContain('Person 30');
    await first.getByRole('button', { name: 'Older entries of run 1' }).click();
    // The directory's first run created every one of its 34 users.
    await expect.poll(() => changes.count()).toBe(4 + PERSONS);
    await first.getByText('All 34 entries shown.').waitFor();
    expect(await first.textContent()).toContain('displayName: Person 01');
    await page.close();
  });
});

describe('the page at phone width (390 px)', { timeout: STEP_MS }, () => {
  it('fits every view to the screen and keeps every action button in reach', async () => {
    const page = await signedIn('#status', PHONE);
    await page.locator('tr[data-connector="hr"]').waitFor();
    expect(await sidewaysScroll(page)).toBe(0);
    expect(await expectButtonsInReach(page.locator('#view-status'))).toBeGreaterThanOrEqual(5);
    await screenshot(page, 'phone-status');

    await page.getByRole('link', { name: 'Conflicts', exact: true }).click();
    await page.locator('tr[data-conflict]').first().waitFor();
    await page.getByLabel('Kind').selectOption('ambiguous_match');
    await page.locator('#conflict-count').filter({ hasText: '(1)' }).waitFor();
    await page
      .getByRole('button', { name: /Review conflict/ })
      .first()
      .click();
    const review = page.getByRole('region', { name: /^Conflict \d+$/ });
    await review.getByRole('button', { name: 'Dismiss conflict' }).waitFor();
    expect(await sidewaysScroll(page)).toBe(0);
    expect(await expectButtonsInReach(review)).toBeGreaterThanOrEqual(4);
    await screenshot(page, 'phone-review');
    const link = review.getByRole('button', { name: /^Link record E-2002 to / }).last();
    await link.scrollIntoViewIfNeeded();
    await link.click();
    await review.getByText(/resolved: record linked to/).waitFor();

    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await page
      .getByRole('button', { name: /Open user/ })
      .first()
      .click();
    await page
      .getByRole('region', { name: /^User \d+$/ })
      .locator('tr[data-audit]')
      .first()
      .waitFor();
    expect(await sidewaysScroll(page)).toBe(0);
    await screenshot(page, 'phone-users');

    await page.getByRole('link', { name: 'Runs', exact: true }).click();
    await page.getByRole('button', { name: `Details of run ${world.blockedRunId}` }).click();
    const run = page.getByRole('region', { name: `Run ${world.blockedRunId}` });
    await run.getByText('10 of 18 shown.').waitFor();
    await run.getByText(/Approved: released by run #\d+/).waitFor();
    expect(await sidewaysScroll(page)).toBe(0);
    expect(await expectButtonsInReach(run)).toBeGreaterThanOrEqual(4);
    await screenshot(page, 'phone-run-blocked');
    await page.close();
  });
});
