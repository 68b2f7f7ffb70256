import { describe, expect, it } from 'vitest';
import { createBambooSimulator } from '../../src/simulator/bamboohr/index.ts';
import { ADA, ALAN, API_KEY, bambooConfig, COMPANY, captureLog, GRACE } from './__fixtures__/account.ts';
import { drain, mountSimulator } from './__fixtures__/harness.ts';
import { valuesOf } from '../types.ts';
import { createBambooConnector } from './index.ts';

const NOW = new Date('2025-06-02T10:00:00Z');
const mounted = mountSimulator();

function setUp(
  options: { hiddenFields?: string[]; config?: Record<string, unknown>; maxRetries?: number } = {},
) {
  // The account was filled a day before the first pull.
  let clock = new Date(NOW.getTime() - 86_400_000);
  const simulator = createBambooSimulator({
    companyDomain: COMPANY,
    apiKey: API_KEY,
    employees: [ADA, GRACE, ALAN],
    hiddenFields: options.hiddenFields ?? [],
    now: () => clock,
  });
  clock = NOW;
  mounted.use(simulator);
  const log = captureLog();
  const sleeps: number[] = [];
  const config = { ...bambooConfig(options.config), max_retries: options.maxRetries ?? 6 };
  const connector = createBambooConnector(config, log.deps, {
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return {
    simulator,
    connector,
    log,
    sleeps,
    advance(ms: number) {
      clock = new Date(clock.getTime() + ms);
    },
  };
}

describe('bamboohr full pull', () => {
  it('asks the custom report for every mapped field, with Basic auth, Accept and an exact JSON Content-Type', async () => {
    const { simulator, connector } = setUp();
    const seen: Request[] = [];
    const handle = simulator.handle;
    mounted.use({
      ...simulator,
      handle(request) {
        seen.push(request.clone());
        return handle(request);
      },
    });
    await drain(connector);
    const request = seen[0]!;
    expect(new URL(request.url).pathname).toBe(`/api/gateway.php/${COMPANY}/v1/reports/custom`);
    expect(new URL(request.url).search).toBe('?format=JSON&onlyCurrent=false');
    expect(request.headers.get('authorization')).toBe(
      `Basic ${Buffer.from(`${API_KEY}:x`).toString('base64')}`,
    );
    expect(request.headers.get('accept')).toBe('application/json');
    expect(request.headers.get('content-type')).toBe('application/json');
    const body = (await request.json()) as { fields: string[] };
    expect(body.fields.sort()).toEqual(
      [
        'employeeNumber',
        'workEmail',
        'displayName',
        'firstName',
        'lastName',
        'department',
        'division',
        'location',
        'status',
        'terminationDate',
      ].sort(),
    );
    expect(body.fields).not.toContain('homeEmail');
  });

  it('maps every employee, never imports homeEmail, and returns a complete full outcome with a cursor', async () => {
    const { connector } = setUp();
    const { records, invalid, outcome } = await drain(connector);
    expect(invalid).toEqual([]);
    expect(records.map((record) => record.externalId)).toEqual(['101', '102', '103']);
    expect(records[0]).toEqual({
      externalId: '101',
      identifiers: [
        { type: 'email', value: 'ada.lovelace@acme.example', field: 'workEmail' },
        { type: 'employee_id', value: 'E1001', field: 'employeeNumber' },
      ],
      displayName: 'Ada Lovelace',
      timeZone: 'Europe/London',
      groups: ['Engineering', 'Product'],
      primaryGroup: 'Engineering',
      state: 'active',
    });
    expect(records.flatMap((record) => valuesOf(record, 'email'))).not.toContain(GRACE.homeEmail);
    expect(outcome).toMatchObject({ mode: 'full', complete: true, warnings: [] });
    // A minute before the report, so a change made while it was built is read again.
    expect(outcome.cursor).toBe('2025-06-02T09:59:00.000Z');
  });

  it('falls back to first and last name without a displayName, and leaves an unmapped location without a time zone', async () => {
    const { connector } = setUp();
    const { records } = await drain(connector);
    expect(records[1]).toMatchObject({ displayName: 'Grace Hopper', timeZone: null });
  });

  it('turns status Inactive (or a past termination date) into a terminated record', async () => {
    const { connector } = setUp();
    const { records } = await drain(connector);
    expect(records[2]).toMatchObject({ externalId: '103', state: 'terminated' });
  });

  it('warns once per run about a mapped field BambooHR left out (the key may not read it)', async () => {
    const { connector } = setUp({ hiddenFields: ['employeeNumber'] });
    const { records, outcome } = await drain(connector);
    expect(records.every((record) => valuesOf(record, 'employee_id').length === 0)).toBe(true);
    expect(outcome.warnings).toHaveLength(1);
    expect(outcome.warnings[0]).toMatch(
      /^fields\.employee_id: BambooHR field "employeeNumber" was not returned/,
    );
  });

  it('warns about an unknown field name in fields.*', async () => {
    const { connector } = setUp({ config: { fields: { primary_group: 'costCenter' } } });
    const { records, outcome } = await drain(connector);
    expect(records[0]).toMatchObject({ primaryGroup: null, groups: ['Engineering', 'Product'] });
    expect(outcome.warnings).toEqual([
      expect.stringMatching(/^fields\.primary_group: BambooHR field "costCenter"/),
    ]);
  });

  it('quarantines malformed rows with a reason and maps the rest', async () => {
    const { simulator, connector } = setUp();
    simulator.update('102', { terminationDate: '31/12/2024' });
    // Rows BambooHR should never send, slipped into the report: no id, a nested object, a duplicate.
    mounted.use({
      ...simulator,
      async handle(request) {
        const response = await simulator.handle(request);
        const report = (await response.json()) as { employees: unknown[] };
        report.employees.push(
          { employeeNumber: 'E1009' },
          { ...ADA, id: '104', workEmail: { a: 1 } },
          ADA,
          'x',
        );
        return Response.json(report);
      },
    });
    const { records, invalid } = await drain(connector);
    expect(records.map((record) => record.externalId)).toEqual(['101', '103']);
    expect(invalid).toEqual([
      { externalId: '102', reason: 'employee 102: terminationDate "31/12/2024" is not a YYYY-MM-DD date' },
      { externalId: null, reason: 'report row has no employee id' },
      { externalId: '104', reason: 'employee 104: workEmail is not a text value' },
      { externalId: '101', reason: 'employee 101 appears twice in the report; the later row was skipped' },
      { externalId: null, reason: 'report row is not an object' },
    ]);
  });
});

describe('bamboohr incremental pull (changed since)', () => {
  it('reads only the changed employees, turns Deleted into removals, and moves the cursor to latest', async () => {
    const { simulator, connector, advance } = setUp();
    const first = await drain(connector);
    advance(3_600_000);
    simulator.update('101', { department: 'Research' });
    const hired = simulator.add({ ...GRACE, employeeNumber: 'E1004', workEmail: 'kj@acme.example' });
    simulator.delete('103');
    const second = await drain(connector, { mode: 'incremental', cursor: first.outcome.cursor });
    expect(second.outcome).toMatchObject({
      mode: 'incremental',
      complete: true,
      cursor: '2025-06-02T11:00:00+00:00',
    });
    expect(second.records.map((record) => record.externalId).sort()).toEqual(['101', hired].sort());
    expect(second.records.find((record) => record.externalId === '101')?.groups).toEqual([
      'Research',
      'Product',
    ]);
    expect(second.removals).toEqual(['103']);

    // `since` is inclusive: changes stamped exactly at `latest` are read once more (harmless: the
    // planner skips unchanged records by hash); after that, nothing.
    advance(60_000);
    const third = await drain(connector, { mode: 'incremental', cursor: second.outcome.cursor });
    advance(60_000);
    const fourth = await drain(connector, { mode: 'incremental', cursor: third.outcome.cursor });
    expect(fourth.records).toEqual([]);
    expect(fourth.removals).toEqual([]);
    const paths = simulator.requests.map((request) => request.path);
    // Nothing changed: the changed-since call alone, no report.
    expect(paths.at(-1)).toBe(
      `/api/gateway.php/${COMPANY}/v1/employees/changed?since=2025-06-02T11%3A01%3A00%2B00%3A00`,
    );
  });

  it('sees a termination and a rehire of the same record (same employee number returns)', async () => {
    const { simulator, connector, advance } = setUp();
    let cursor = (await drain(connector)).outcome.cursor;
    advance(3_600_000);
    simulator.terminate('101', '2025-05-31');
    const terminated = await drain(connector, { mode: 'incremental', cursor });
    expect(terminated.records).toEqual([expect.objectContaining({ externalId: '101', state: 'terminated' })]);
    cursor = terminated.outcome.cursor;
    advance(3_600_000);
    simulator.rehire('101');
    const rehired = await drain(connector, { mode: 'incremental', cursor });
    expect(rehired.records).toEqual([
      expect.objectContaining({
        externalId: '101',
        state: 'active',
        identifiers: expect.arrayContaining([
          { type: 'employee_id', value: 'E1001', field: 'employeeNumber' },
        ]),
      }),
    ]);
  });

  it('keeps a scheduled leaver active until the termination date has passed', async () => {
    const { simulator, connector } = setUp();
    simulator.update('101', { terminationDate: '2025-06-02' });
    const { records } = await drain(connector);
    expect(records[0]).toMatchObject({ externalId: '101', state: 'active' });
  });

  it('runs fully when the saved cursor is not a date, and says why', async () => {
    const { connector } = setUp();
    const { records, outcome } = await drain(connector, { mode: 'incremental', cursor: 'garbage' });
    expect(records).toHaveLength(3);
    expect(outcome).toMatchObject({ mode: 'full', complete: true });
    expect(outcome.fallbackReason).toMatch(/not a date/);
  });
});

describe('bamboohr errors and throttling', () => {
  it('names a refused API key (401) without the key', async () => {
    const { connector } = setUp({ config: { api_key: 'wrong-key-value' } });
    const error = await drain(connector).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'unauthorized', requestId: 'sim-1' });
    expect((error as Error).message).toMatch(/refused the API key \(401\) for company acme/);
    expect((error as Error).message).not.toContain('wrong-key-value');
  });

  it('honours Retry-After on 503 and 429, then succeeds', async () => {
    const { simulator, connector, log } = setUp();
    simulator.throttleNext(1, 503, 7);
    simulator.throttleNext(1, 429, 2);
    const { records } = await drain(connector);
    expect(records).toHaveLength(3);
    expect(log.entries.filter((entry) => entry.msg === 'BambooHR request retried')).toHaveLength(2);
  });

  it('gives up after max_retries attempts with the vendor code and request id', async () => {
    const { simulator, connector, sleeps } = setUp({ maxRetries: 3 });
    simulator.throttleNext(5, 429, 30);
    const error = await drain(connector).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'rate_limited', requestId: 'sim-3' });
    expect(sleeps).toEqual([30_000, 30_000]);
    expect(simulator.requests).toHaveLength(3);
  });
});
