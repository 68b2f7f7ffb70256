import { describe, expect, it } from 'vitest';
import { createPersonioSimulator, employeeOf } from '../../src/simulator/personio/index.ts';
import { generatePeople } from '../../src/simulator/people.ts';
import { captureLog, drain, mountHandler } from '../shared/__fixtures__/harness.ts';
import { CREDENTIAL, personioConfig } from './__fixtures__/account.ts';
import { createPersonioConnector } from './index.ts';

const mounted = mountHandler();
const people = generatePeople(250, 9, { terminatedShare: 0, duplicateNameShare: 0 });

function setUp(
  options: { hiddenAttributes?: string[]; config?: Record<string, unknown>; jitter?: number } = {},
) {
  // The account was filled a day before the first pull.
  let clock = new Date('2025-06-01T10:00:00Z');
  const simulator = createPersonioSimulator({
    clientId: CREDENTIAL.clientId,
    clientSecret: CREDENTIAL.clientSecret,
    employees: people.map((person, index) => employeeOf(person, index + 1)),
    hiddenAttributes: options.hiddenAttributes ?? [],
    now: () => clock,
  });
  clock = new Date('2025-06-02T10:00:00Z');
  mounted.use(simulator);
  const sleeps: number[] = [];
  const connector = createPersonioConnector(
    personioConfig(options.config),
    { log: captureLog().log },
    {
      now: () => clock,
      random: () => options.jitter ?? 0,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    },
  );
  return {
    simulator,
    connector,
    sleeps,
    advance(ms: number) {
      clock = new Date(clock.getTime() + ms);
    },
  };
}

const paths = (simulator: ReturnType<typeof createPersonioSimulator>) =>
  simulator.requests.map((request) => `${request.method} ${request.path} ${request.status}`);

describe('personio pull', () => {
  it('gets a token once, then pages with limit 100 and offset, projecting the mapped attributes', async () => {
    const { simulator, connector } = setUp();
    const { records, outcome } = await drain(connector);
    expect(paths(simulator)).toEqual([
      'POST /v1/auth 200',
      'GET /v1/company/employees 200',
      'GET /v1/company/employees 200',
      'GET /v1/company/employees 200',
    ]);
    expect(simulator.requests.slice(1).map((request) => request.query.get('offset'))).toEqual([
      '0',
      '100',
      '200',
    ]);
    expect(simulator.requests[1]!.query.get('limit')).toBe('100');
    expect(simulator.requests[1]!.query.getAll('attributes[]')).toEqual(
      expect.arrayContaining([
        'id',
        'email',
        'dynamic_1000001',
        'department',
        'office',
        'status',
        'termination_date',
      ]),
    );
    expect(records).toHaveLength(250);
    expect(records[0]).toMatchObject({
      externalId: '1',
      identifiers: [{ type: 'email' }, { type: 'employee_id', value: people[0]!.employeeNumber }],
    });
    expect(outcome).toEqual({ mode: 'full', cursor: '2025-06-02T09:59:00', complete: true, warnings: [] });
  });

  it('reuses the token across runs for its 24 hours, then asks for a new one', async () => {
    const { simulator, connector, advance } = setUp();
    await drain(connector);
    advance(60 * 60_000);
    await drain(connector);
    expect(paths(simulator).filter((path) => path.startsWith('POST /v1/auth'))).toHaveLength(1);
    advance(24 * 60 * 60_000);
    await drain(connector);
    expect(paths(simulator).filter((path) => path.startsWith('POST /v1/auth'))).toHaveLength(2);
    expect(simulator.tokensIssued).toBe(2);
  });

  it('a token refused with 401 is replaced once; a refused secret fails naming the keys, never the secret', async () => {
    const revoked = setUp();
    await drain(revoked.connector);
    revoked.advance(25 * 60 * 60_000); // the server's token expired; the client's copy is thrown away on 401
    const again = await drain(revoked.connector);
    expect(again.records).toHaveLength(250);
    const { connector } = setUp({ config: { client_secret: 'wrong-secret' } });
    const error = await drain(connector).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'unauthorized', status: 401 });
    expect(String((error as Error).message)).toMatch(
      /check client_id and client_secret.*Personio says: Wrong credentials/,
    );
    expect(String((error as Error).message)).not.toContain('wrong-secret');
  });

  it('waits out a 429 in the middle of the pages: exponential from 1 s, with jitter, no header needed', async () => {
    const { simulator, connector, sleeps } = setUp({ jitter: 0.25 });
    const mid = { ...simulator };
    let calls = 0;
    mounted.use({
      async handle(request) {
        calls += 1;
        if (calls === 3) simulator.throttleNext(2);
        return mid.handle(request);
      },
    });
    const { records } = await drain(connector);
    expect(records).toHaveLength(250);
    expect(paths(simulator).filter((path) => path.endsWith(' 429'))).toHaveLength(2);
    expect(sleeps).toEqual([1250, 2500]);
  });

  it('an incremental run passes updated_since and takes the whole answer when Personio ignores limit and offset', async () => {
    const { simulator, connector, advance } = setUp();
    const first = await drain(connector);
    advance(3600_000);
    for (let id = 1; id <= 120; id += 1) simulator.update(id, { position: 'Moved' });
    const { records, outcome } = await drain(connector, {
      mode: 'incremental',
      cursor: first.outcome.cursor,
    });
    const gets = simulator.requests.filter((request) => request.path === '/v1/company/employees').slice(3);
    expect(gets).toHaveLength(1);
    expect(gets[0]!.query.get('updated_since')).toBe('2025-06-02T09:59:00');
    expect(records).toHaveLength(120);
    expect(outcome).toMatchObject({ mode: 'incremental', cursor: '2025-06-02T10:59:00', complete: true });
  });

  it('an incremental answer that honours limit and offset is paged; one that repeats its first page stops', async () => {
    const { simulator, connector } = setUp();
    // A server that pages the updated employees like a full read.
    mounted.use({
      handle(request) {
        const url = new URL(request.url);
        url.searchParams.delete('updated_since');
        return simulator.handle(new Request(url, request));
      },
    });
    const paged = await drain(connector, { mode: 'incremental', cursor: '2025-06-01T00:00:00' });
    expect(paged.records).toHaveLength(250);
    // A server that ignores the offset but keeps the limit: the second page is the first again.
    mounted.use({
      handle(request) {
        const url = new URL(request.url);
        url.searchParams.delete('updated_since');
        url.searchParams.set('offset', '0');
        return simulator.handle(new Request(url, request));
      },
    });
    const repeated = await drain(connector, { mode: 'incremental', cursor: '2025-06-01T00:00:00' });
    expect(repeated.records).toHaveLength(100);
    expect(repeated.invalid).toEqual([]);
  });

  it('warns about an attribute the API credential may not read, and keeps it unknown', async () => {
    const { connector } = setUp({ hiddenAttributes: ['dynamic_1000001'] });
    const { records, outcome } = await drain(connector);
    expect(outcome.warnings).toEqual([
      expect.stringMatching(
        /^fields\.employee_id: Personio returned no "dynamic_1000001" attribute for any employee\..*API credentials/,
      ),
    ]);
    expect(records[0]).toMatchObject({ knownIdentifierFields: ['email'] });
  });
});
