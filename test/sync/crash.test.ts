// A run killed mid-apply leaves the store as before the run, and the next run converges.
// The CLI runs in a child process on PostgreSQL; it is killed (SIGKILL: no clean-up at all) once
// it logs that the plan is made, i.e. inside the apply transaction.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../../src/store/bulk.ts';
import { listRuns } from '../../src/store/runs.ts';
import { runSync } from '../../src/sync/runner.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { csvApp, hrRow } from './helpers.ts';

const PEOPLE = 25_000;

function killWhenPlanned(args: string[], cwd: string): Promise<{ killed: boolean; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!killed && stderr.includes('"msg":"planned"')) {
        killed = child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', () => resolve({ killed, stderr }));
  });
}

async function count(db: TestDatabase, table: string): Promise<number> {
  const [row] = await query<{ n: number }>(
    db.db,
    sql`select count(*)::int as n from ${sql.identifier(table)}`,
  );
  return row!.n;
}

describe('a sync killed mid-apply (postgres)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it('leaves no partial write, and the next run picks up cleanly', async () => {
    const fixture = csvApp(database);
    const rows = Array.from({ length: PEOPLE }, (_, i) => hrRow(i + 1));
    fixture.writeHr(rows);
    const configPath = join(fixture.dir, 'config.yaml');
    const csvPath = join(fixture.dir, 'hr.csv');
    writeFileSync(
      configPath,
      [
        `database: { url: "${database.url}" }`,
        'connectors:',
        '  - id: hr',
        '    kind: csv',
        `    path: "${csvPath}"`,
        '    columns: { external_id: "Employee Number", employee_id: "Employee Number", email: "Work Email", display_name: Name }',
      ].join('\n'),
    );
    const cli = join(process.cwd(), 'src', 'cli.ts');
    const { killed, stderr } = await killWhenPlanned([cli, 'sync', '--config', configPath], fixture.dir);
    expect(killed, stderr.slice(-2000)).toBe(true);

    expect(await count(database, 'users')).toBe(0);
    expect(await count(database, 'identifiers')).toBe(0);
    expect(await count(database, 'source_links')).toBe(0);
    expect(await count(database, 'audit_log')).toBe(0);
    expect(await count(database, 'connector_state')).toBe(0);

    const next = await runSync(
      fixture.app.sync,
      { connectorId: 'hr', mode: 'full', trigger: 'cli' },
      new AbortController().signal,
    );
    expect(next.status).toBe('succeeded');
    expect(await count(database, 'users')).toBe(PEOPLE);
    const runs = await listRuns(database.db, { connector: 'hr' });
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'failed']);
    expect(runs[1]!.error?.message).toMatch(/cut short/);
  }, 120_000);
});
