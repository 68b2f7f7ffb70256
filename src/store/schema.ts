// The drizzle schema of the whole domain (../shared/design/DOMAIN.md). One schema for PGlite and
// PostgreSQL; drizzle-kit generates the migrations in drizzle/ from it.
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  json,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const users = pgTable(
  'users',
  {
    id: serial('id').primaryKey(),
    displayName: text('display_name'),
    displayNameSource: text('display_name_source'),
    timeZone: text('time_zone'),
    timeZoneSource: text('time_zone_source'),
    primaryGroup: text('primary_group'),
    primaryGroupSource: text('primary_group_source'),
    tracking: text('tracking').notNull().default('tracked'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    // Display names are unique within the account, case-insensitively.
    uniqueIndex('users_display_name_lower_key').on(sql`lower(${t.displayName})`),
    check('users_tracking_check', sql`${t.tracking} in ('tracked', 'untracked')`),
  ],
);

/**
 * Who owns each identifier key. The primary key is the database's guarantee that one value
 * identifies at most one user per namespace, while one user may hold the same address both as a
 * UPN and as an email (two rows in `identifiers`, one claim here).
 */
export const identifierKeys = pgTable(
  'identifier_keys',
  {
    namespace: text('namespace').notNull(),
    key: text('key').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.namespace, t.key], name: 'identifier_keys_pkey' }),
    unique('identifier_keys_owner_key').on(t.namespace, t.key, t.userId),
    index('identifier_keys_user_idx').on(t.userId),
    check(
      'identifier_keys_namespace_check',
      sql`${t.namespace} in ('address', 'employee_id', 'device_login')`,
    ),
  ],
);

export const identifiers = pgTable(
  'identifiers',
  {
    id: serial('id').primaryKey(),
    /**
     * No foreign key to users of its own: the claim's key below already ties the row to its
     * user, and a user's deletion cascades through the claim. (A second per-row check cost a
     * sixth of a full sync's identifier writes.)
     */
    userId: integer('user_id').notNull(),
    type: text('type').notNull(),
    /** Trimmed, case preserved; a device login's username. */
    value: text('value').notNull(),
    /** Device logins only; `*` means any domain. */
    domain: text('domain'),
    namespace: text('namespace').notNull(),
    /** Normalized comparison key within the namespace. */
    key: text('key').notNull(),
    source: text('source').notNull(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    unique('identifiers_user_type_key').on(t.userId, t.type, t.key),
    index('identifiers_key_idx').on(t.namespace, t.key),
    index('identifiers_source_idx').on(t.source),
    foreignKey({
      name: 'identifiers_claim_fkey',
      columns: [t.namespace, t.key, t.userId],
      foreignColumns: [identifierKeys.namespace, identifierKeys.key, identifierKeys.userId],
    }).onDelete('cascade'),
    check('identifiers_type_check', sql`${t.type} in ('upn', 'email', 'employee_id', 'device_login')`),
  ],
);

export const agents = pgTable(
  'agents',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    username: text('username').notNull(),
    logonDomain: text('logon_domain').notNull(),
    /** lower(username) \ lower(logon_domain): one agent per login. */
    loginKey: text('login_key').notNull(),
    firstLog: timestamptz('first_log'),
    lastLog: timestamptz('last_log'),
    /** Reported activity since its user's last reset. */
    hasData: boolean('has_data').notNull().default(false),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('agents_login_key').on(t.loginKey), index('agents_user_idx').on(t.userId)],
);

/** Activity per agent and day: what reset, merge and delete act on, and what status reads. */
export const agentActivity = pgTable(
  'agent_activity',
  {
    agentId: integer('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    firstAt: timestamptz('first_at').notNull(),
    lastAt: timestamptz('last_at').notNull(),
    reports: integer('reports').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.agentId, t.day], name: 'agent_activity_pkey' })],
);

export const groups = pgTable('groups', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique('groups_name_key'),
});

export const memberships = pgTable(
  'memberships',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    groupId: integer('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    /** `manual` or `connector:<id>`: a connector adds and removes only its own memberships. */
    source: text('source').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.groupId, t.source], name: 'memberships_pkey' })],
);

/** Identifiers of deleted users (untracked users' identifiers are on the list through `tracking`). */
export const doNotTrack = pgTable(
  'do_not_track',
  {
    id: serial('id').primaryKey(),
    type: text('type').notNull(),
    value: text('value').notNull(),
    domain: text('domain'),
    namespace: text('namespace').notNull(),
    key: text('key').notNull(),
    formerUserId: integer('former_user_id'),
    addedAt: timestamptz('added_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('do_not_track_key').on(t.namespace, t.key)],
);

export const accountSettings = pgTable(
  'account_settings',
  {
    id: integer('id').primaryKey().default(1),
    emailAutoDetection: boolean('email_auto_detection').notNull().default(true),
    activityThresholdDays: integer('activity_threshold_days').notNull().default(30),
    expandedAgentUserAssociation: boolean('expanded_agent_user_association').notNull().default(false),
    personalEmailDomains: text('personal_email_domains')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [check('account_settings_singleton', sql`${t.id} = 1`)],
);

/** (connector id, the source's immutable id) -> user. */
export const sourceLinks = pgTable(
  'source_links',
  {
    connectorId: text('connector_id').notNull(),
    externalId: text('external_id').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Hash of the record as last applied; null forces a re-plan (e.g. it raised a conflict). */
    contentHash: text('content_hash'),
    state: text('state').notNull().default('active'),
    firstSeen: timestamptz('first_seen').notNull().defaultNow(),
    lastSeen: timestamptz('last_seen').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.connectorId, t.externalId], name: 'source_links_pkey' }),
    index('source_links_user_idx').on(t.userId),
  ],
);

export const conflicts = pgTable(
  'conflicts',
  {
    id: serial('id').primaryKey(),
    /** De-duplication key: one open conflict per cause. */
    fingerprint: text('fingerprint').notNull(),
    kind: text('kind').notNull(),
    status: text('status').notNull().default('open'),
    /** The connector whose run raised it; null for agent association conflicts. */
    connectorId: text('connector_id'),
    identifierType: text('identifier_type'),
    identifierValue: text('identifier_value'),
    identifierDomain: text('identifier_domain'),
    userIds: integer('user_ids')
      .array()
      .notNull()
      .default(sql`'{}'::int[]`),
    connectors: text('connectors')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    externalIds: text('external_ids')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    message: text('message').notNull(),
    details: jsonb('details'),
    firstSeen: timestamptz('first_seen').notNull().defaultNow(),
    lastSeen: timestamptz('last_seen').notNull().defaultNow(),
    closedAt: timestamptz('closed_at'),
    /** How it ended: { by: 'admin'|'sync', action, ... }. */
    resolution: jsonb('resolution'),
  },
  (t) => [
    uniqueIndex('conflicts_open_fingerprint')
      .on(t.fingerprint)
      .where(sql`${t.status} = 'open'`),
    // Closed conflicts of a cause are looked up by fingerprint too (a dismissed cause stays dismissed).
    index('conflicts_fingerprint_idx').on(t.fingerprint, t.id),
    index('conflicts_status_idx').on(t.status, t.kind),
    index('conflicts_connector_idx').on(t.connectorId, t.status),
  ],
);

export const syncRuns = pgTable(
  'sync_runs',
  {
    id: serial('id').primaryKey(),
    connectorId: text('connector_id').notNull(),
    /** The mode actually run ('full' | 'incremental'). */
    mode: text('mode').notNull(),
    requestedMode: text('requested_mode').notNull(),
    status: text('status').notNull().default('queued'),
    /** 'schedule' | 'manual' | 'cli' | 'approval' | 'startup'. */
    trigger: text('trigger').notNull(),
    queuedAt: timestamptz('queued_at').notNull().defaultNow(),
    startedAt: timestamptz('started_at'),
    finishedAt: timestamptz('finished_at'),
    counts: jsonb('counts'),
    error: jsonb('error'),
    warnings: jsonb('warnings'),
    notes: jsonb('notes'),
    /** Did a full pull read every page (absences may only be acted on then)? */
    complete: boolean('complete'),
    /** Set on the run that an approval released, so its safeguard is lifted once. */
    safeguardLifted: boolean('safeguard_lifted').notNull().default(false),
    approvedAt: timestamptz('approved_at'),
    /** The blocked run this run was started to release. */
    releasesRunId: integer('releases_run_id'),
    /** Which daemon replica holds it. */
    owner: text('owner'),
  },
  (t) => [
    index('sync_runs_connector_idx').on(t.connectorId, t.id),
    index('sync_runs_status_idx').on(t.status),
    check(
      'sync_runs_status_check',
      sql`${t.status} in ('queued', 'running', 'succeeded', 'failed', 'blocked')`,
    ),
  ],
);

export const connectorState = pgTable('connector_state', {
  connectorId: text('connector_id').primaryKey(),
  cursor: text('cursor'),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  lastSuccessAt: timestamptz('last_success_at'),
  lastFullAt: timestamptz('last_full_at'),
  consecutiveFailures: integer('consecutive_failures').notNull().default(0),
});

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamptz('at').notNull().defaultNow(),
    /** 'admin' | 'run' | 'agent' | 'system'. */
    actor: text('actor').notNull(),
    runId: integer('run_id'),
    /** No foreign key: the log outlives deleted users. */
    userId: integer('user_id'),
    action: text('action').notNull(),
    /**
     * `json`, not `jsonb`: entries are written in bulk (a full sync writes one per user) and read
     * back whole (the settings seed only lists the keys of admins' entries, which json does as
     * well); storing the text as given costs half of what the jsonb conversion did.
     */
    before: json('before'),
    after: json('after'),
  },
  (t) => [index('audit_log_user_idx').on(t.userId, t.id), index('audit_log_run_idx').on(t.runId, t.id)],
);
