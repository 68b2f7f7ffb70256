import { describe, expect, it } from 'vitest';
import { generatePeople } from '../people.ts';
import { createHibobSimulator, generateHibobEmployees } from './index.ts';

const people = generatePeople(6, 4, { terminatedShare: 0 });
const { employees } = generateHibobEmployees(people, { employeeNumberTypos: 0, workEmailMixUps: 0 });
const AUTH = `Basic ${Buffer.from('SERVICE-1:tok').toString('base64')}`;
const search = (sim: ReturnType<typeof createHibobSimulator>, body: unknown, auth = AUTH) =>
  sim.handle(
    new Request('https://api.hibob.com/v1/people/search', {
      method: 'POST',
      headers: { Authorization: auth, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );

describe('simulated HiBob people search', () => {
  it('shows inactive people only with showInactive, names lists with humanReadable, hides unreadable fields', async () => {
    const sim = createHibobSimulator({
      serviceUserId: 'SERVICE-1',
      token: 'tok',
      employees,
      hiddenFields: ['work.site'],
    });
    sim.terminate(employees[0]!.id, '2024-05-31');
    const fields = ['root.id', 'work.department', 'work.site', 'internal.terminationDate'];
    const active = (await (await search(sim, { fields })).json()) as { employees: unknown[] };
    expect(active.employees).toHaveLength(5);
    const all = (await (
      await search(sim, { fields, showInactive: true, humanReadable: 'APPEND' })
    ).json()) as {
      employees: Array<{
        work: Record<string, unknown>;
        internal: unknown;
        humanReadable: { work: unknown; internal: unknown };
      }>;
    };
    expect(all.employees).toHaveLength(6);
    const [left] = all.employees;
    expect(left!.work).toEqual({ department: expect.stringMatching(/^\d+$/) });
    expect(left!.humanReadable).toEqual({
      id: employees[0]!.id,
      work: { department: people[0]!.department },
      internal: { terminationDate: '31/05/2024' },
    });
    expect(left!.internal).toEqual({ terminationDate: '2024-05-31' });
  });

  it('refuses a wrong token (401) and an unknown field id (400)', async () => {
    const sim = createHibobSimulator({ serviceUserId: 'SERVICE-1', token: 'tok', employees });
    expect((await search(sim, {}, `Basic ${Buffer.from('SERVICE-1:nope').toString('base64')}`)).status).toBe(
      401,
    );
    expect((await search(sim, { fields: ['work.shoeSize'] })).status).toBe(400);
  });
});
