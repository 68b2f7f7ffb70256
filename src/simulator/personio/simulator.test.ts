import { describe, expect, it } from 'vitest';
import { generatePeople } from '../people.ts';
import { createPersonioSimulator, generatePersonioEmployees } from './index.ts';

const people = generatePeople(30, 6, { terminatedShare: 0 });
const { employees, plants } = generatePersonioEmployees(people);
const BASE = 'https://api.personio.de/v1';

function setUp(requestsPerMinute?: number) {
  let clock = new Date('2025-06-01T00:00:00Z');
  const sim = createPersonioSimulator({
    clientId: 'id',
    clientSecret: 'secret',
    employees,
    now: () => clock,
    ...(requestsPerMinute === undefined ? {} : { requestsPerMinute }),
  });
  const auth = async () => {
    const response = await sim.handle(
      new Request(`${BASE}/auth`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ client_id: 'id', client_secret: 'secret' }),
      }),
    );
    return response;
  };
  const list = async (token: string, query: string) =>
    sim.handle(
      new Request(`${BASE}/company/employees?${query}`, { headers: { Authorization: `Bearer ${token}` } }),
    );
  return { sim, auth, list, tick: (ms: number) => (clock = new Date(clock.getTime() + ms)) };
}

describe('simulated Personio', () => {
  it('gives one stable papi- token for 24 h, echoed in the Authorization header of answers', async () => {
    const { auth, list } = setUp();
    const first = (await (await auth()).json()) as { data: { token: string; expires_in: number } };
    const second = (await (await auth()).json()) as { data: { token: string } };
    expect(first.data.token).toMatch(/^papi-/);
    expect(second.data.token).toBe(first.data.token);
    expect(first.data.expires_in).toBe(86_400);
    const page = await list(first.data.token, 'limit=10&offset=20');
    expect(page.headers.get('authorization')).toBe(`Bearer ${first.data.token}`);
    const body = (await page.json()) as {
      data: Array<{ attributes: { id: { value: number } } }>;
      metadata: { total_elements: number };
    };
    expect(body.data.map((employee) => employee.attributes.id.value)).toEqual([
      21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
    ]);
    expect(body.metadata.total_elements).toBe(30);
  });

  it('with updated_since, ignores limit and offset; past 300 requests a minute, 429 with no wait header', async () => {
    const { sim, auth, list, tick } = setUp(5);
    const { data } = (await (await auth()).json()) as { data: { token: string } };
    tick(60_000);
    for (let id = 1; id <= 15; id += 1) sim.update(id, { position: 'Lead' });
    const since = (await (
      await list(data.token, 'limit=10&offset=10&updated_since=2025-06-01T00:00:30')
    ).json()) as {
      data: unknown[];
    };
    expect(since.data).toHaveLength(15);
    for (let i = 0; i < 4; i += 1) await list(data.token, 'limit=1');
    const throttled = await list(data.token, 'limit=1');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBeNull();
  });

  it('plants an employee-number typo in the custom attribute and a work email that is another UPN', () => {
    expect(plants.map((plant) => plant.kind)).toEqual(['employee_number_typo', 'work_email_is_other_upn']);
  });
});
