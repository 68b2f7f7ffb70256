import { describe, expect, it } from 'vitest';
import { createWorkdaySimulator, type WorkdayWorker } from '../../src/simulator/workday/index.ts';
import { HR_PAGE_SIZE } from '../shared/hr.ts';
import { captureLog, drain, mountHandler } from '../shared/__fixtures__/harness.ts';
import { ADA, ALAN, GRACE, ISU, REPORT_URL, TENANT, workdayConfig } from './__fixtures__/tenant.ts';
import { createWorkdayConnector } from './index.ts';

const NOW = new Date('2025-06-02T10:00:00Z');
const mounted = mountHandler();

function setUp(
  options: {
    workers?: WorkdayWorker[];
    hiddenFields?: string[];
    config?: Record<string, unknown>;
    chunkEntries?: number;
  } = {},
) {
  const simulator = createWorkdaySimulator({
    ...TENANT,
    ...ISU,
    oauth: { clientId: 'wd-client', clientSecret: 'wd-client-secret', refreshToken: 'wd-refresh-token' },
    workers: options.workers ?? [ADA, GRACE, ALAN],
    hiddenFields: options.hiddenFields ?? [],
    chunkEntries: options.chunkEntries ?? 500,
  });
  const seen: Request[] = [];
  mounted.use({
    handle(request) {
      seen.push(request.clone());
      return simulator.handle(request);
    },
  });
  const log = captureLog();
  const sleeps: number[] = [];
  const connector = createWorkdayConnector(
    { ...workdayConfig(options.config) },
    { log: log.log },
    {
      now: () => NOW,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    },
  );
  return { simulator, connector, seen, sleeps, log };
}

function workers(n: number): WorkdayWorker[] {
  return Array.from({ length: n }, (_, i) => ({
    ...ADA,
    Employee_ID: `W${i}`,
    Work_Email: `w${i}@acme.example`,
  }));
}

describe('workday pull', () => {
  it('reads report_url?format=json with Basic auth, every run in full', async () => {
    const { connector, seen } = setUp();
    const { records, invalid, outcome } = await drain(connector, { mode: 'incremental', cursor: null });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).toBe(`${REPORT_URL}?format=json`);
    expect(seen[0]!.headers.get('authorization')).toBe(
      `Basic ${Buffer.from(`${ISU.username}:${ISU.password}`).toString('base64')}`,
    );
    expect(records.map((record) => [record.externalId, record.state])).toEqual([
      ['E1001', 'active'],
      ['E1002', 'active'],
      ['E1003', 'terminated'],
    ]);
    expect(invalid).toEqual([]);
    expect(outcome).toEqual({ mode: 'full', cursor: null, complete: true, warnings: [] });
  });

  it('hands on pages while the answer is still arriving (the report is never held whole)', async () => {
    const simulator = createWorkdaySimulator({
      ...TENANT,
      ...ISU,
      workers: workers(HR_PAGE_SIZE + 1000),
      chunkEntries: 1000,
    });
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    mounted.use({
      async handle(request) {
        const response = await simulator.handle(request);
        let chunks = 0;
        // Holds back everything after the sixth chunk until the test has seen the first page.
        const gate = new TransformStream<Uint8Array, Uint8Array>({
          async transform(chunk, controller) {
            chunks += 1;
            if (chunks > HR_PAGE_SIZE / 1000 + 1) await released;
            controller.enqueue(chunk);
          },
        });
        return new Response(response.body!.pipeThrough(gate), { status: 200, headers: response.headers });
      },
    });
    const connector = createWorkdayConnector(workdayConfig(), { log: captureLog().log }, { now: () => NOW });
    const pull = connector.pull({ mode: 'full', cursor: null, signal: new AbortController().signal });
    const first = await pull.next();
    expect(first.done).toBe(false);
    expect(first.value).toMatchObject({ records: expect.any(Array) });
    expect((first.value as { records: unknown[] }).records).toHaveLength(HR_PAGE_SIZE);
    release();
    const second = await pull.next();
    expect((second.value as { records: unknown[] }).records).toHaveLength(1000);
    expect((await pull.next()).done).toBe(true);
  });

  it('warns, naming the attribute and the permission, when no entry carries a mapped field', async () => {
    const { connector } = setUp({ hiddenFields: ['Work_Email'] });
    const { records, outcome } = await drain(connector);
    expect(outcome.warnings).toEqual([
      expect.stringMatching(
        /^fields\.email: no entry of the report carries "Work_Email".*give its security group Get access/,
      ),
    ]);
    // Unknown, not "none": the records keep whatever email they asserted before.
    expect(records[0]).toMatchObject({ knownIdentifierFields: ['Employee_ID'] });
  });

  it('fails at once when the entries have no external id field (a mapping mistake)', async () => {
    const { connector } = setUp({ workers: workers(150), config: { fields: { external_id: 'Worker_ID' } } });
    await expect(drain(connector)).rejects.toMatchObject({
      code: 'field_missing',
      message: expect.stringMatching(/^fields\.external_id: .*"Worker_ID"/),
    });
  });

  it('refuses a wrong password with 401, naming the keys and never the password', async () => {
    const { connector } = setUp({ config: { password: 'wrong-password' } });
    const error = await drain(connector).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'unauthorized', status: 401 });
    expect(String((error as Error).message)).toMatch(
      /check username and password.*Workday says: invalid username or password/,
    );
    expect(String((error as Error).message)).not.toContain('wrong-password');
  });

  it('retries a busy tenant (503, then 429 with Retry-After) before reading the report', async () => {
    const { connector, simulator, sleeps } = setUp();
    simulator.throttleNext(1, 503);
    simulator.throttleNext(1, 429, 7);
    const { records } = await drain(connector);
    expect(records).toHaveLength(3);
    expect(sleeps[0]).toBeGreaterThanOrEqual(1000);
    expect(sleeps[1]).toBe(7000);
  });

  it('fails on an answer that is not the report JSON', async () => {
    const { connector } = setUp();
    mounted.use({
      handle: async () => new Response('{"Report_Entry":[{"Employee_ID":"1"}', { status: 200 }),
    });
    await expect(drain(connector)).rejects.toMatchObject({ code: 'malformed_response' });
    mounted.use({ handle: async () => Response.json({ error: 'no report' }) });
    await expect(drain(connector)).rejects.toMatchObject({
      code: 'malformed_response',
      message: expect.stringMatching(/no Report_Entry/),
    });
  });

  it('signs in with an OAuth refresh token instead, and reuses the access token', async () => {
    const oauth = {
      username: undefined,
      password: undefined,
      client_id: 'wd-client',
      client_secret: 'wd-client-secret',
      refresh_token: 'wd-refresh-token',
    };
    const { connector, seen } = setUp({ config: oauth });
    await drain(connector);
    await drain(connector);
    expect(seen.map((request) => new URL(request.url).pathname)).toEqual([
      `/ccx/oauth2/${TENANT.tenant}/token`,
      `/ccx/service/customreport2/${TENANT.tenant}/${TENANT.owner}/${TENANT.report}`,
      `/ccx/service/customreport2/${TENANT.tenant}/${TENANT.owner}/${TENANT.report}`,
    ]);
    expect(seen[1]!.headers.get('authorization')).toMatch(/^Bearer wd-/);
  });
});
