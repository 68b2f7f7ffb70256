import { describe, expect, it } from 'vitest';
import { generatePeople } from '../people.ts';
import { createWorkdaySimulator, generateWorkdayWorkers } from './index.ts';

const people = generatePeople(8, 3, { terminatedShare: 0 });
const { workers, plants } = generateWorkdayWorkers(people);
const ISU = { username: 'ISU_idsync', password: 'pw' };
const simulator = () =>
  createWorkdaySimulator({
    tenant: 'acme',
    owner: 'ISU_idsync',
    report: 'workers',
    ...ISU,
    workers,
    chunkEntries: 3,
  });
const get = (sim: ReturnType<typeof simulator>, query: string, auth = `${ISU.username}:${ISU.password}`) =>
  sim.handle(
    new Request(`${sim.reportUrl}${query}`, {
      headers: { Authorization: `Basic ${Buffer.from(auth).toString('base64')}` },
    }),
  );

describe('simulated Workday report', () => {
  it('answers format=json with Report_Entry in chunks, leaving out empty fields; refuses a wrong password', async () => {
    const sim = simulator();
    const response = await get(sim, '?format=json');
    const chunks: string[] = [];
    const decoder = new TextDecoder();
    const reader = response.body!.getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read())
      chunks.push(decoder.decode(next.value));
    expect(chunks.length).toBeGreaterThan(1);
    const body = JSON.parse(chunks.join('')) as { Report_Entry: Array<Record<string, unknown>> };
    expect(body.Report_Entry).toHaveLength(8);
    // Nobody has left: Workday leaves the empty termination date out instead of sending null.
    expect(body.Report_Entry.every((entry) => !('Termination_Date' in entry))).toBe(true);
    expect((await get(sim, '?format=json', 'ISU_idsync:wrong')).status).toBe(401);
    expect((await get(sim, '')).status).toBe(400);
  });

  it('plants a work email that is another person UPN (Workday numbers workers itself: no id typos)', () => {
    expect(plants.map((plant) => plant.kind)).toEqual(['work_email_is_other_upn']);
    expect(workers[people.indexOf(plants[0]!.person)]!.Work_Email).toBe(plants[0]!.other.upn);
  });
});
