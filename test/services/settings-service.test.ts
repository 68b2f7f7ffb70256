import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { recordActivity } from '../../src/admin/activity-service.ts';
import {
  type ConfigSettings,
  getSettings,
  parseSettingsPatch,
  seedSettingsFromConfig,
  updateSettings,
} from '../../src/admin/settings-service.ts';
import { DEFAULT_PERSONAL_EMAIL_DOMAINS } from '../../src/config/index.ts';
import { query } from '../../src/store/bulk.ts';
import { loadUser } from '../../src/store/users.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { addUser, NOW, useDatabase } from './fixtures.ts';

const CONFIG: ConfigSettings = {
  activity_threshold_days: 30,
  email_auto_detection: true,
  expanded_agent_user_association: false,
  personal_email_domains: DEFAULT_PERSONAL_EMAIL_DOMAINS,
};

describe('parseSettingsPatch', () => {
  it('refuses an activity threshold that is not a whole number of days, at least 1', () => {
    for (const bad of [0, -3, 1.5, '7']) {
      const result = parseSettingsPatch({ activityThresholdDays: bad });
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('validation_failed');
        expect(result.error.message).toContain('activityThresholdDays');
      }
    }
    expect(parseSettingsPatch({ activityThresholdDays: 1 })).toEqual({
      ok: true,
      value: { activityThresholdDays: 1 },
    });
  });

  it('lower-cases and de-duplicates personal email domains and refuses what is not a domain', () => {
    expect(parseSettingsPatch({ personalEmailDomains: [' GMail.com', 'gmail.com', 'web.de'] })).toEqual({
      ok: true,
      value: { personalEmailDomains: ['gmail.com', 'web.de'] },
    });
    const bad = parseSettingsPatch({ personalEmailDomains: ['not a domain'] });
    expect(bad.ok).toBe(false);
  });

  it('refuses unknown keys, naming them', () => {
    const result = parseSettingsPatch({ emailAutoDetection: false, colour: 'blue' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain('colour');
  });
});

describe.each(DATABASE_KINDS)('settings on %s', (kind) => {
  const database = useDatabase(kind);

  it('applies a partial update and writes one audit entry with the changed keys before and after', async () => {
    const { db } = database();
    const before = await getSettings(db);
    const result = await updateSettings(db, { activityThresholdDays: 14 }, NOW);
    expect(result).toEqual({ ok: true, value: { ...before, activityThresholdDays: 14 } });
    expect(await getSettings(db)).toEqual({ ...before, activityThresholdDays: 14 });
    const rows = await query<{ actor: string; before: unknown; after: unknown }>(
      db,
      sql`select actor, before, after from audit_log where action = 'update_settings'`,
    );
    expect(rows).toEqual([
      {
        actor: 'admin',
        before: { activityThresholdDays: before.activityThresholdDays },
        after: { activityThresholdDays: 14 },
      },
    ]);
  });

  it('changes nothing and writes no audit entry for an invalid patch', async () => {
    const { db } = database();
    const before = await getSettings(db);
    const result = await updateSettings(db, { activityThresholdDays: 0, emailAutoDetection: false }, NOW);
    expect(result.ok).toBe(false);
    expect(await getSettings(db)).toEqual(before);
    expect(await query(db, sql`select 1 from audit_log`)).toEqual([]);
  });

  it('turning email auto-detection off removes auto-detected emails only; the others stay', async () => {
    const { db } = database();
    await updateSettings(db, { emailAutoDetection: true, personalEmailDomains: ['gmail.com'] }, NOW);
    const user = await addUser(db, {
      identifiers: [
        { type: 'email', value: 'manual@acme.com' },
        { type: 'device_login', value: 'max', domain: 'ACME' },
      ],
    });
    await recordActivity(
      db,
      [{ username: 'max', logonDomain: 'ACME', at: NOW, emails: ['max.m@acme.com'] }],
      NOW,
    );
    const detected = await loadUser(db, user.id);
    expect(detected?.identifiers.some((i) => i.source === 'auto_detected')).toBe(true);

    const result = await updateSettings(db, { emailAutoDetection: false }, NOW);
    expect(result.ok).toBe(true);
    const after = await loadUser(db, user.id);
    expect(after?.identifiers.map((i) => [i.value, i.source]).sort()).toEqual([
      ['manual@acme.com', 'manual'],
      ['max', 'manual'],
    ]);
    const removals = await query<{ user_id: number; before: { value: string } }>(
      db,
      sql`select user_id, before from audit_log where action = 'remove_identifier'`,
    );
    expect(removals).toEqual([
      { user_id: user.id, before: expect.objectContaining({ value: 'max.m@acme.com' }) },
    ]);
  });

  it('seeds the config values at start for keys no admin has set', async () => {
    const { db } = database();
    const result = await seedSettingsFromConfig(db, { ...CONFIG, activity_threshold_days: 45 }, NOW);
    expect(result.settings).toEqual({
      activityThresholdDays: 45,
      emailAutoDetection: true,
      expandedAgentUserAssociation: false,
      personalEmailDomains: [...DEFAULT_PERSONAL_EMAIL_DOMAINS].sort(),
    });
    expect(result.applied).toEqual(expect.arrayContaining(['activityThresholdDays', 'personalEmailDomains']));
    expect(await getSettings(db)).toEqual(result.settings);
    // A changed config.yaml is followed at the next start.
    const next = await seedSettingsFromConfig(db, { ...CONFIG, activity_threshold_days: 60 }, NOW);
    expect(next.applied).toEqual(['activityThresholdDays']);
    expect((await getSettings(db)).activityThresholdDays).toBe(60);
  });

  it("keeps a key an admin set through the API over config.yaml's value at the next start", async () => {
    const { db } = database();
    await seedSettingsFromConfig(db, CONFIG, NOW);
    await updateSettings(db, { activityThresholdDays: 7 }, NOW);
    const result = await seedSettingsFromConfig(
      db,
      { ...CONFIG, activity_threshold_days: 90, expanded_agent_user_association: true },
      NOW,
    );
    expect(result.keptFromApi).toEqual(['activityThresholdDays']);
    expect(result.applied).toEqual(['expandedAgentUserAssociation']);
    expect(await getSettings(db)).toMatchObject({
      activityThresholdDays: 7,
      expandedAgentUserAssociation: true,
    });
  });

  it('a config that turns auto-detection off at start removes the auto-detected emails too', async () => {
    const { db } = database();
    await seedSettingsFromConfig(db, CONFIG, NOW);
    const user = await addUser(db, { identifiers: [{ type: 'device_login', value: 'ivy', domain: 'ACME' }] });
    await recordActivity(
      db,
      [{ username: 'ivy', logonDomain: 'ACME', at: NOW, emails: ['ivy@acme.com'] }],
      NOW,
    );
    await seedSettingsFromConfig(db, { ...CONFIG, email_auto_detection: false }, NOW);
    const after = await loadUser(db, user.id);
    expect(after?.identifiers.map((i) => [i.value, i.source])).toEqual([['ivy', 'manual']]);
  });
});
