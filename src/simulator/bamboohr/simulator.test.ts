import { describe, expect, it } from 'vitest';
import { generatePeople } from '../people.ts';
import { createBambooSimulator, generateBambooEmployees } from './index.ts';

const AUTH = `Basic ${Buffer.from('key:x').toString('base64')}`;
const people = generatePeople(8, 3, { terminatedShare: 0 });
const { employees, plants } = generateBambooEmployees(people);
const simulator = () => createBambooSimulator({ companyDomain: 'acme', apiKey: 'key', employees });
const report = (headers: Record<string, string>) =>
  new Request('https://api.bamboohr.com/api/gateway.php/acme/v1/reports/custom?format=JSON', {
    method: 'POST',
    headers,
    body: JSON.stringify({ fields: ['workEmail'] }),
  });

describe('simulated BambooHR', () => {
  it('refuses a wrong key (401), a missing Accept (406) and an inexact Content-Type (415)', async () => {
    const sim = simulator();
    const json = { Accept: 'application/json', 'Content-Type': 'application/json' };
    expect((await sim.handle(report({ ...json, Authorization: 'Basic eDp4' }))).status).toBe(401);
    expect(
      (await sim.handle(report({ 'Content-Type': 'application/json', Authorization: AUTH }))).status,
    ).toBe(406);
    const charset = { ...json, 'Content-Type': 'application/json; charset=utf-8', Authorization: AUTH };
    expect((await sim.handle(report(charset))).status).toBe(415);
    expect((await sim.handle(report({ ...json, Authorization: AUTH }))).status).toBe(200);
  });

  it('plants an employee-number typo and a work email that is another person UPN', () => {
    expect(plants.map((plant) => plant.kind)).toEqual(['employee_number_typo', 'work_email_is_other_upn']);
    const [typo, mixUp] = plants;
    expect(employees[people.indexOf(typo!.person)]!.employeeNumber).toBe(typo!.other.employeeNumber);
    expect(employees[people.indexOf(mixUp!.person)]!.workEmail).toBe(mixUp!.other.upn);
  });
});
