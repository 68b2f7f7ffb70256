// The `idsync` command as a script sees it: exit codes and output (CONTRACT.md "CLI").
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './support/databases.ts';

const CLI = join(process.cwd(), 'src', 'cli.ts');

function idsync(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

// The CLI's own behaviour is under test here, so most cases use PostgreSQL (a child process opens
// it in milliseconds); the embedded database gets its own case.
function workspace(databaseUrl: string, threshold = { count: 500, percent: 20 }) {
  const dir = mkdtempSync(join(tmpdir(), 'idsync-cli-'));
  writeFileSync(
    join(dir, 'hr.csv'),
    'Employee Number,Work Email,Name\nE1,ann@acme.example,Ann\nE2,bob@acme.example,Bob\nE3,cy@acme.example,Cy\n',
  );
  writeFileSync(
    join(dir, 'config.yaml'),
    [
      `database: { url: "${databaseUrl}", data_dir: ./data }`,
      `sync: { deletion_threshold: { count: ${threshold.count}, percent: ${threshold.percent} } }`,
      'connectors:',
      '  - id: hr',
      '    kind: csv',
      '    path: ./hr.csv',
      '    columns: { external_id: "Employee Number", email: "Work Email", display_name: Name }',
    ].join('\n'),
  );
  return dir;
}

describe('idsync CLI', () => {
  const databases: TestDatabase[] = [];
  async function freshUrl(): Promise<string> {
    const database = await createTestDatabase('postgres');
    databases.push(database);
    return database.url!;
  }
  afterAll(async () => {
    for (const database of databases) await database.destroy();
  });

  it('runs on the embedded database when no URL is given', () => {
    const dir = workspace('');
    const migrated = idsync(['migrate'], dir);
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(migrated.stdout).toContain('pglite');
  });

  it('exits 2 naming the key when the config is wrong', () => {
    const dir = mkdtempSync(join(tmpdir(), 'idsync-cli-'));
    writeFileSync(
      join(dir, 'config.yaml'),
      'api: { listen: "nowhere" }\nconnectors:\n  - id: x\n    kind: nope\n',
    );
    const result = idsync(['sync'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('api.listen');
    expect(result.stderr).toContain('connectors[0].kind');
  });

  it('exits 2 for an unknown connector or a missing named config file', () => {
    const dir = workspace('');
    expect(idsync(['sync', '--connector', 'nope'], dir).stderr).toContain('--connector');
    expect(idsync(['sync', '--connector', 'nope'], dir).code).toBe(2);
    expect(idsync(['users', '--config', 'missing.yaml'], dir).code).toBe(2);
    expect(idsync(['users', '--status', 'sleepy'], dir).code).toBe(2);
  });

  it('syncs, lists users and conflicts as JSON, exports Users.csv, and a dry run writes nothing', async () => {
    const dir = workspace(await freshUrl());
    const dry = idsync(['sync', '--dry-run', '--json'], dir);
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)[0]).toMatchObject({
      connector: 'hr',
      status: 'dry_run',
      counts: { created: 3 },
    });
    expect(JSON.parse(idsync(['users', '--json'], dir).stdout)).toEqual([]);

    const run = idsync(['sync', '--json'], dir);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)[0].run).toMatchObject({ status: 'succeeded', counts: { created: 3 } });

    const users = JSON.parse(idsync(['users', '--json'], dir).stdout);
    expect(users.map((u: { user: string }) => u.user)).toEqual(['Ann', 'Bob', 'Cy']);
    expect(users[0]).toMatchObject({
      status: 'unlicensed',
      tracking: 'tracked',
      links: [{ connector: 'hr', externalId: 'E1' }],
    });
    expect(JSON.parse(idsync(['conflicts', '--json'], dir).stdout)).toEqual([]);

    const exported = idsync(['export', '--out', '-'], dir);
    expect(exported.code).toBe(0);
    expect(exported.stdout.split('\r\n')[0]).toBe(
      'ID,User,Display Name,User Principal Name,Email,Employee ID,Tracking,Groups,Licenses,Primary Group,Agent Username,Agent Logon Domain,First Log,Last Log,Status,User Time Zone',
    );
  });

  it('exits 3 when the deletion safeguard stops a run, and approve releases it', async () => {
    const dir = workspace(await freshUrl(), { count: 1, percent: 100 });
    expect(idsync(['sync'], dir).code).toBe(0);
    writeFileSync(join(dir, 'hr.csv'), 'Employee Number,Work Email,Name\nE1,ann@acme.example,Ann\n');
    const blocked = idsync(['sync', '--json'], dir);
    expect(blocked.code).toBe(3);
    const runId = JSON.parse(blocked.stdout)[0].run.id;
    const approved = idsync(['approve', String(runId)], dir);
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.stdout).toContain('succeeded');
    expect(idsync(['approve', String(runId)], dir).code).toBe(2);
  });
});
