import { describe, expect, it } from 'vitest';
import { createHibobSimulator, generateHibobEmployees } from '../../src/simulator/hibob/index.ts';
import { generatePeople } from '../../src/simulator/people.ts';
import { captureLog, drain, mountHandler } from '../shared/__fixtures__/harness.ts';
import { hibobConfig, SERVICE_USER } from './__fixtures__/account.ts';
import { createHibobConnector } from './index.ts';

const NOW = new Date('2025-06-02T10:00:00Z');
const mounted = mountHandler();
const people = generatePeople(6, 5, { terminatedShare: 0, duplicateNameShare: 0 });

function setUp(options: { hiddenFields?: string[]; config?: Record<string, unknown> } = {}) {
  const { employees } = generateHibobEmployees(people, { employeeNumberTypos: 0, workEmailMixUps: 0 });
  const simulator = createHibobSimulator({
    serviceUserId: SERVICE_USER.id,
    token: SERVICE_USER.token,
    employees,
    hiddenFields: options.hiddenFields ?? [],
    chunkEmployees: 2,
  });
  mounted.use(simulator);
  const sleeps: number[] = [];
  const connector = createHibobConnector(
    hibobConfig(options.config),
    { log: captureLog().log },
    {
      now: () => NOW,
      random: () => 0,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    },
  );
  return { simulator, connector, sleeps, employees };
}

describe('hibob pull', () => {
  it('posts one search for the mapped fields with showInactive and humanReadable APPEND, Basic auth', async () => {
    const { simulator, connector, employees } = setUp();
    simulator.terminate(employees[0]!.id, '2025-01-31');
    const { records, outcome } = await drain(connector);
    expect(simulator.requests).toHaveLength(1);
    expect(simulator.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/people/search',
      body: {
        showInactive: true,
        humanReadable: 'APPEND',
        filters: [],
        fields: expect.arrayContaining(['root.id', 'root.email']),
      },
    });
    expect(records).toHaveLength(6);
    expect(records[0]).toMatchObject({ state: 'terminated', groups: [people[0]!.department] });
    expect(outcome).toEqual({ mode: 'full', cursor: null, complete: true, warnings: [] });
  });

  it('an unreadable field is a warning naming the attribute and the category to grant, and stays unknown', async () => {
    const { connector } = setUp({ hiddenFields: ['work.employeeIdInCompany', 'internal.terminationDate'] });
    const { records, outcome } = await drain(connector);
    expect(outcome.warnings).toEqual([
      expect.stringMatching(
        /^fields\.employee_id: HiBob returned no "work\.employeeIdInCompany" for any employee\..*"View" access to the work category/,
      ),
      expect.stringMatching(/^fields\.termination_date: HiBob returned no "internal\.terminationDate"/),
    ]);
    expect(records[0]).toMatchObject({ knownIdentifierFields: ['root.email'], state: 'active' });
    expect(records[0]!.identifiers.map((identifier) => identifier.type)).toEqual(['email']);
  });

  it('refuses a wrong token with 401, naming the keys and never the token', async () => {
    const { connector } = setUp({ config: { token: 'wrong-token' } });
    const error = await drain(connector).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'unauthorized', status: 401 });
    expect(String((error as Error).message)).toMatch(
      /check service_user_id and token.*HiBob says: Unauthorized/,
    );
    expect(String((error as Error).message)).not.toContain('wrong-token');
  });

  it('waits out throttling (429) and answers 400 for an unknown field id with the keys to check', async () => {
    const throttled = setUp();
    throttled.simulator.throttleNext(2, 429);
    expect((await drain(throttled.connector)).records).toHaveLength(6);
    expect(throttled.sleeps).toEqual([1000, 2000]);
    const { connector } = setUp({ config: { fields: { site: 'work.office' } } });
    await expect(drain(connector)).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringMatching(/fields.*Field work\.office doesn't exist/),
    });
  });
});
