// Shared set-up for sync tests: an App over a test database with CSV connectors whose files the
// test writes.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, buildConnectors } from '../../src/app.ts';
import { parseConfig } from '../../src/config/index.ts';
import { createLogger } from '../../src/log.ts';
import type { TestDatabase } from '../support/databases.ts';

export const HR_HEADER = 'Employee Number,Work Email,Name,Department,Status';

export function hrRow(
  n: number,
  overrides: Partial<Record<'email' | 'name' | 'dept' | 'status', string>> = {},
) {
  const email = overrides.email ?? `person${n}@acme.example`;
  return `E${n},${email},${overrides.name ?? `Person ${n}`},${overrides.dept ?? 'Sales'},${overrides.status ?? 'Active'}`;
}

export interface CsvSyncFixture {
  app: App;
  dir: string;
  writeHr(lines: string[]): void;
}

export function csvApp(
  database: TestDatabase,
  options: { deletionThreshold?: { count: number; percent: number }; onDisable?: string } = {},
): CsvSyncFixture {
  const dir = mkdtempSync(join(tmpdir(), 'idsync-sync-'));
  const path = join(dir, 'hr.csv');
  const config = parseConfig({
    sync: { deletion_threshold: options.deletionThreshold ?? { count: 500, percent: 20 } },
    connectors: [
      {
        id: 'hr',
        kind: 'csv',
        path,
        precedence: 1,
        on_disable: options.onDisable ?? 'remove_identifiers',
        columns: {
          external_id: 'Employee Number',
          employee_id: 'Employee Number',
          email: 'Work Email',
          display_name: 'Name',
          primary_group: 'Department',
          status: 'Status',
        },
      },
    ],
  });
  const log = createLogger({ level: 'silent' });
  const app: App = {
    config,
    database,
    log,
    sync: {
      db: database.db,
      connectors: buildConnectors(config, log),
      precedence: new Map(config.connectors.map((c) => [c.id, c.precedence])),
      deletionThreshold: config.sync.deletion_threshold,
      log,
      clock: () => new Date(),
    },
    close: async () => {},
  };
  return { app, dir, writeHr: (lines) => writeFileSync(path, `${[HR_HEADER, ...lines].join('\n')}\n`) };
}
