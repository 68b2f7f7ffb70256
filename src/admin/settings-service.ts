// Account settings (DOMAIN.md): read, changed by an admin (`PUT /api/v1/settings`), and seeded from
// config.yaml at start. Each change is one transaction with its audit entry; turning email
// auto-detection off removes the auto-detected emails in the same transaction.
//
// Config versus API, per key: config.yaml's value (its default when the file does not name the
// key) is applied at every start, UNTIL an admin sets that key through the API. From then on the
// stored value wins and the config's value for that key is ignored (reported, so the daemon can
// warn). The audit log is the record of who set a key, so no schema change is needed.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { disableEmailAutoDetection } from '../domain/activity/index.ts';
import type { Actor, Change } from '../domain/changes.ts';
import { fail, ok, type Result } from '../domain/errors.ts';
import type { AccountSettings, Identifier } from '../domain/types.ts';
import { applyChanges } from '../store/apply.ts';
import { query } from '../store/bulk.ts';
import type { Db, Executor } from '../store/database.ts';
import { identifierFromRow, loadSettings, saveSettings } from '../store/users.ts';

export type SettingsKey = keyof AccountSettings;
export type SettingsPatch = Partial<AccountSettings>;

/** The settings block of config.yaml as parsed (snake_case, defaults filled in). */
export interface ConfigSettings {
  activity_threshold_days: number;
  email_auto_detection: boolean;
  expanded_agent_user_association: boolean;
  personal_email_domains: readonly string[];
}

export const SETTINGS_AUDIT_ACTION = 'update_settings';

const domainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, { message: 'must be a domain such as gmail.com' });

const patchSchema = z.strictObject({
  emailAutoDetection: z.boolean(),
  activityThresholdDays: z.number().int().min(1),
  expandedAgentUserAssociation: z.boolean(),
  personalEmailDomains: z.array(domainSchema).transform((domains) => [...new Set(domains)].sort()),
});

const KEYS = Object.keys(patchSchema.shape) as SettingsKey[];

/** Checks a patch from the API: known keys only, each valid; domains lower-cased, de-duplicated. */
export function parseSettingsPatch(input: unknown): Result<SettingsPatch> {
  const parsed = patchSchema.partial().safeParse(input);
  if (parsed.success) return ok(parsed.data as SettingsPatch);
  const issues = parsed.error.issues.map((issue) => {
    const key = issue.path.join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : '');
    return { key, message: issue.message };
  });
  const text = issues
    .map((issue) => (issue.key ? `${issue.key}: ${issue.message}` : issue.message))
    .join('; ');
  return fail('validation_failed', `Invalid settings: ${text}`, { issues });
}

export function getSettings(db: Executor): Promise<AccountSettings> {
  return loadSettings(db);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Applies a validated patch inside `tx`; returns the settings after it. */
async function applyPatch(
  tx: Executor,
  patch: SettingsPatch,
  actor: Actor,
  now: Date,
): Promise<AccountSettings> {
  // Locks the row: two concurrent changes are applied one after the other.
  await tx.execute(sql`select id from account_settings where id = 1 for update`);
  const current = await loadSettings(tx);
  const next: AccountSettings = { ...current, ...patch };
  const changed = KEYS.filter((key) => !same(current[key], next[key]));
  if (changed.length === 0) return current;

  const changes: Change[] = [];
  if (current.emailAutoDetection && !next.emailAutoDetection) {
    changes.push(...disableEmailAutoDetection(await holdersOfAutoDetected(tx)));
  }
  changes.push({
    op: 'audit',
    user: null,
    action: SETTINGS_AUDIT_ACTION,
    before: Object.fromEntries(changed.map((key) => [key, current[key]])),
    after: Object.fromEntries(changed.map((key) => [key, next[key]])),
  });
  await saveSettings(tx, next);
  await applyChanges(tx, changes, { actor, now });
  return next;
}

/** Only the users holding auto-detected identifiers, with just those identifiers. */
async function holdersOfAutoDetected(
  tx: Executor,
): Promise<Array<{ id: number; identifiers: Identifier[] }>> {
  const rows = await query<Parameters<typeof identifierFromRow>[0]>(
    tx,
    sql`select * from identifiers where source = 'auto_detected'`,
  );
  const byUser = new Map<number, Identifier[]>();
  for (const row of rows) {
    const identifier = identifierFromRow(row);
    const held = byUser.get(identifier.userId);
    if (held) held.push(identifier);
    else byUser.set(identifier.userId, [identifier]);
  }
  return [...byUser].map(([id, identifiers]) => ({ id, identifiers }));
}

/** `PUT /api/v1/settings`: a partial update by an admin. */
export async function updateSettings(db: Db, input: unknown, now: Date): Promise<Result<AccountSettings>> {
  const patch = parseSettingsPatch(input);
  if (!patch.ok) return patch;
  const settings = await db.transaction((tx) => applyPatch(tx, patch.value, { kind: 'admin' }, now));
  return ok(settings);
}

export interface SeedResult {
  /** Keys whose stored value the config changed. */
  applied: SettingsKey[];
  /** Keys where the config differs but an admin's API change is kept. */
  keptFromApi: SettingsKey[];
  settings: AccountSettings;
}

function fromConfig(config: ConfigSettings): AccountSettings {
  return {
    activityThresholdDays: config.activity_threshold_days,
    emailAutoDetection: config.email_auto_detection,
    expandedAgentUserAssociation: config.expanded_agent_user_association,
    personalEmailDomains: [
      ...new Set(config.personal_email_domains.map((d) => d.trim().toLowerCase())),
    ].sort(),
  };
}

/** The keys an admin ever set through the API (the audit log keeps who changed what). */
async function keysSetByAdmin(tx: Executor): Promise<Set<string>> {
  const rows = await query<{ key: string }>(
    tx,
    sql`select distinct json_object_keys(after) as key from audit_log
        where action = ${SETTINGS_AUDIT_ACTION} and actor = 'admin' and json_typeof(after) = 'object'`,
  );
  return new Set(rows.map((row) => row.key));
}

/** At start: config.yaml's settings, for every key no admin has set through the API. */
export async function seedSettingsFromConfig(db: Db, config: ConfigSettings, now: Date): Promise<SeedResult> {
  return db.transaction(async (tx) => {
    const wanted = fromConfig(config);
    const current = await loadSettings(tx);
    const byAdmin = await keysSetByAdmin(tx);
    const differing = KEYS.filter((key) => !same(current[key], wanted[key]));
    const applied = differing.filter((key) => !byAdmin.has(key));
    const keptFromApi = differing.filter((key) => byAdmin.has(key));
    const patch: SettingsPatch = Object.fromEntries(applied.map((key) => [key, wanted[key]]));
    const settings = await applyPatch(tx, patch, { kind: 'system' }, now);
    return { applied, keptFromApi, settings };
  });
}
