// Daemon-facing routes (status, manual resync, runs, approval), the conflict report and its review,
// settings, and the Prometheus metrics read from the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConflictReport } from '../../src/domain/changes.ts';
import { conflictFingerprint } from '../../src/domain/reconcile/conflicts.ts';
import { upsertConflicts } from '../../src/store/conflicts.ts';
import { createRun, finishRun, recordSuccess } from '../../src/store/runs.ts';
import { type ApiHarness, createApiHarness, type ErrorJson, jsonOf, NOW } from './harness.ts';

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(() => h.close());

async function expectError(response: Response, status: number, code: string): Promise<ErrorJson> {
  const body = await jsonOf<ErrorJson>(response);
  expect({ status: response.status, code: body.error.code }).toEqual({ status, code });
  return body;
}

async function finishedRun(connectorId: string, status: 'succeeded' | 'failed' | 'blocked', seconds: number) {
  const run = await createRun(h.db, {
    connectorId,
    requestedMode: 'full',
    trigger: 'schedule',
    status: 'running',
    now: NOW,
  });
  await finishRun(h.db, run.id, {
    status,
    mode: 'full',
    counts: null,
    now: new Date(NOW.getTime() + seconds * 1000),
  });
  return run.id;
}

async function userId(value: string): Promise<number> {
  const response = await h.call('POST', '/api/v1/users', { identifiers: [{ type: 'email', value }] });
  return (await jsonOf<{ id: number }>(response)).id;
}

async function openConflict(report: ConflictReport): Promise<number> {
  await upsertConflicts(h.db, [{ ...report, fingerprint: conflictFingerprint(report) }], {
    connectorId: 'entra',
    now: NOW,
  });
  const list = await jsonOf<{ conflicts: Array<{ id: number; message: string }> }>(
    await h.call('GET', '/api/v1/conflicts?status=open'),
  );
  return list.conflicts.find((c) => c.message === report.message)!.id;
}

describe('GET /api/v1/status', () => {
  it('gives each connector from the daemon, user totals by status and open conflicts', async () => {
    await userId('status-user@acme.com');
    const response = await h.call('GET', '/api/v1/status');
    expect(response.status).toBe(200);
    const body = await jsonOf<{
      connectors: Array<{ id: string; running: boolean }>;
      users: Record<string, number>;
      conflicts: { open: number };
    }>(response);
    expect(body.connectors.map((c) => c.id)).toEqual(['entra', 'bamboo']);
    expect(body.connectors[0]!.running).toBe(false);
    expect(body.users.total).toBe(body.users.active! + body.users.inactive! + body.users.unlicensed!);
    expect(body.users.unlicensed).toBeGreaterThanOrEqual(1);
    expect(typeof body.conflicts.open).toBe('number');
  });
});

describe('POST /api/v1/connectors/{id}/sync', () => {
  it('queues a run (202 { runId }) and returns the same run while it is queued', async () => {
    const first = await h.call('POST', '/api/v1/connectors/entra/sync', { mode: 'full' });
    expect(first.status).toBe(202);
    const { runId } = await jsonOf<{ runId: number }>(first);
    const again = await jsonOf<{ runId: number; reused: boolean }>(
      await h.call('POST', '/api/v1/connectors/entra/sync', { mode: 'delta' }),
    );
    expect(again).toEqual({ runId, reused: true });
    expect(h.control.triggered.slice(-2)).toEqual([
      { connectorId: 'entra', mode: 'full' },
      { connectorId: 'entra', mode: 'incremental' },
    ]);
  });

  it('refuses an unknown connector (404) and an unknown mode (400)', async () => {
    await expectError(
      await h.call('POST', '/api/v1/connectors/nope/sync', { mode: 'full' }),
      404,
      'not_found',
    );
    await expectError(
      await h.call('POST', '/api/v1/connectors/bamboo/sync', { mode: 'sometimes' }),
      400,
      'validation_failed',
    );
  });
});

describe('runs', () => {
  it('lists runs newest first, filtered by connector and status, and reads one', async () => {
    const older = await finishedRun('bamboo', 'succeeded', 3);
    const newer = await finishedRun('bamboo', 'failed', 4);
    const list = await jsonOf<{ runs: Array<{ id: number; status: string }> }>(
      await h.call('GET', '/api/v1/runs?connector=bamboo&limit=10'),
    );
    expect(list.runs.map((r) => r.id).slice(0, 2)).toEqual([newer, older]);
    const failed = await jsonOf<{ runs: Array<{ id: number }> }>(
      await h.call('GET', '/api/v1/runs?connector=bamboo&status=failed'),
    );
    expect(failed.runs.map((r) => r.id)).toEqual([newer]);
    const one = await h.call('GET', `/api/v1/runs/${older}`);
    expect(await jsonOf(one)).toMatchObject({ id: older, connector: 'bamboo', status: 'succeeded' });
  });

  it('refuses an unknown status filter or limit (400) and an unknown run (404)', async () => {
    await expectError(await h.call('GET', '/api/v1/runs?status=sleeping'), 400, 'validation_failed');
    await expectError(await h.call('GET', '/api/v1/runs?limit=-1'), 400, 'validation_failed');
    await expectError(await h.call('GET', '/api/v1/runs/999999'), 404, 'not_found');
    await expectError(await h.call('GET', '/api/v1/runs/999999/audit'), 404, 'not_found');
  });

  it("reads a run's audit log", async () => {
    const run = await finishedRun('entra', 'succeeded', 1);
    const response = await h.call('GET', `/api/v1/runs/${run}/audit`);
    expect(response.status).toBe(200);
    expect(await jsonOf(response)).toEqual({ entries: [] });
  });

  it('approves a blocked run through the daemon (202) and passes its refusals on', async () => {
    const blocked = await finishedRun('entra', 'blocked', 2);
    const approved = await h.call('POST', `/api/v1/runs/${blocked}/approve`);
    expect(approved.status).toBe(202);
    expect(await jsonOf(approved)).toEqual({ runId: blocked + 1000 });
    expect(h.control.approved.at(-1)).toBe(blocked);
    const succeeded = await finishedRun('entra', 'succeeded', 2);
    await expectError(await h.call('POST', `/api/v1/runs/${succeeded}/approve`), 422, 'invalid_selection');
    await expectError(await h.call('POST', '/api/v1/runs/999999/approve'), 404, 'not_found');
    await expectError(await h.call('POST', '/api/v1/runs/x/approve'), 400, 'validation_failed');
  });
});

describe('conflicts', () => {
  it('lists, reads and dismisses a conflict; a second resolution is refused (422)', async () => {
    const a = await userId('shared-a@acme.com');
    const b = await userId('shared-b@acme.com');
    const id = await openConflict({
      kind: 'identifier_in_use',
      identifier: { type: 'email', value: 'shared-a@acme.com' },
      userIds: [a, b],
      connectors: ['entra'],
      externalIds: ['ext-1'],
      message: 'shared-a@acme.com is held by another user',
    });
    const filtered = await jsonOf<{ conflicts: Array<{ id: number }> }>(
      await h.call('GET', '/api/v1/conflicts?kind=identifier_in_use&connector=entra'),
    );
    expect(filtered.conflicts.map((c) => c.id)).toContain(id);
    expect(await jsonOf(await h.call('GET', `/api/v1/conflicts/${id}`))).toMatchObject({
      id,
      kind: 'identifier_in_use',
      status: 'open',
      userIds: [a, b],
    });

    const explained = await jsonOf<{ openConflicts: Array<{ id: number }> }>(
      await h.call('GET', `/api/v1/users/${b}/explain`),
    );
    expect(explained.openConflicts.map((c) => c.id)).toEqual([id]);

    const dismissed = await h.call('POST', `/api/v1/conflicts/${id}/resolve`, { action: 'dismiss' });
    expect(await jsonOf(dismissed)).toMatchObject({ id, status: 'dismissed' });
    await expectError(
      await h.call('POST', `/api/v1/conflicts/${id}/resolve`, { action: 'dismiss' }),
      422,
      'invalid_selection',
    );
  });

  it('refuses an unknown action or kind (400) and an unknown conflict (404)', async () => {
    await expectError(
      await h.call('POST', '/api/v1/conflicts/1/resolve', { action: 'ignore' }),
      400,
      'validation_failed',
    );
    await expectError(
      await h.call('POST', '/api/v1/conflicts/1/resolve', { action: 'assign' }),
      400,
      'validation_failed',
    );
    await expectError(await h.call('GET', '/api/v1/conflicts?kind=bad'), 400, 'validation_failed');
    await expectError(await h.call('GET', '/api/v1/conflicts/999999'), 404, 'not_found');
    await expectError(
      await h.call('POST', '/api/v1/conflicts/999999/resolve', { action: 'dismiss' }),
      404,
      'not_found',
    );
  });
});

describe('settings', () => {
  it('reads and changes account settings', async () => {
    const before = await jsonOf<{ activityThresholdDays: number }>(await h.call('GET', '/api/v1/settings'));
    expect(before.activityThresholdDays).toBeGreaterThan(0);
    const changed = await h.call('PUT', '/api/v1/settings', {
      activityThresholdDays: 14,
      personalEmailDomains: ['Gmail.com'],
    });
    expect(await jsonOf(changed)).toMatchObject({
      activityThresholdDays: 14,
      personalEmailDomains: ['gmail.com'],
    });
  });

  it('refuses an unknown key or a bad value with 400', async () => {
    await expectError(await h.call('PUT', '/api/v1/settings', { colour: 'blue' }), 400, 'validation_failed');
    await expectError(
      await h.call('PUT', '/api/v1/settings', { activityThresholdDays: 0 }),
      400,
      'validation_failed',
    );
    await expectError(
      await h.call('PUT', '/api/v1/settings', { personalEmailDomains: ['not a domain'] }),
      400,
      'validation_failed',
    );
  });
});

describe('GET /metrics', () => {
  it('exposes run durations, run counts, open conflicts by kind and last success, read from the database', async () => {
    await finishedRun('metrics-conn', 'succeeded', 42);
    await recordSuccess(h.db, 'metrics-conn', { cursor: null, mode: 'full', now: NOW });
    await openConflict({
      kind: 'invalid_record',
      userIds: [],
      connectors: ['entra'],
      externalIds: [],
      message: 'a record without an id',
    });
    const first = await h.call('GET', '/metrics');
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await first.text();
    expect(text).toContain(
      'idsync_run_duration_seconds_bucket{le="60",connector="metrics-conn",status="succeeded"} 1',
    );
    expect(text).toContain('idsync_runs{connector="metrics-conn",status="succeeded"} 1');
    expect(text).toContain(
      `idsync_connector_last_success_timestamp_seconds{connector="metrics-conn"} ${NOW.getTime() / 1000}`,
    );
    expect(text).toContain('idsync_open_conflicts{kind="invalid_record"} 1');
    expect(text).toContain('idsync_open_conflicts{kind="ambiguous_match"} 0');
    // A second scrape does not count the same run twice.
    const second = await (await h.call('GET', '/metrics')).text();
    expect(second).toContain(
      'idsync_run_duration_seconds_count{connector="metrics-conn",status="succeeded"} 1',
    );
  });
});
