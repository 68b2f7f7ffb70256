// The workday kind through the real config parser, runner, planner and store, beside Entra ID, on
// PGlite and on PostgreSQL, against the simulated report.
import { describe, expect, it } from 'vitest';
import {
  createWorkdaySimulator,
  type WorkdaySimulator,
  workerOf,
} from '../../src/simulator/workday/index.ts';
import { DATABASE_KINDS, createTestDatabase } from '../../test/support/databases.ts';
import {
  describeHrSync,
  HR_SYNC_TIMEOUT_MS,
  type HrKindUnderTest,
  hrPeople,
  hrSyncDeps,
  run,
  userOfRecord,
} from '../shared/__fixtures__/hr-sync-suite.ts';
import { ISU, TENANT, workdayEntry } from './__fixtures__/tenant.ts';

function account(people: Parameters<HrKindUnderTest['createAccount']>[0]) {
  const simulator: WorkdaySimulator = createWorkdaySimulator({
    ...TENANT,
    ...ISU,
    workers: people.map(workerOf),
  });
  return {
    simulator,
    handle: simulator.handle,
    externalIdOf: (person: { employeeNumber: string }) => person.employeeNumber,
    employeeIdOf: (person: { employeeNumber: string }) => person.employeeNumber,
    setEmails: (person: { employeeNumber: string }, emails: string[]) =>
      simulator.update(person.employeeNumber, { Work_Email: emails }),
    setDepartment: (person: { employeeNumber: string }, department: string) =>
      simulator.update(person.employeeNumber, { Supervisory_Organization: department }),
    terminate: (person: { employeeNumber: string }) =>
      simulator.terminate(person.employeeNumber, '2024-01-31'),
    remove: (person: { employeeNumber: string }) => simulator.remove(person.employeeNumber),
  };
}

const workday: HrKindUnderTest = {
  kind: 'workday',
  entry: ({ wrongCredential }) => workdayEntry(wrongCredential ? { password: 'not-the-password' } : {}),
  createAccount: account,
  secrets: [ISU.password, 'not-the-password'],
  expectedWarnings: /^fields\.termination_date: no entry of the report carries "Termination_Date"/,
  credentialMessage:
    /Workday refused the credentials \(401\).*check username and password.*Workday says: invalid username or password/,
};

const mounted = describeHrSync(workday);

describe.each(DATABASE_KINDS)('workday specifics on %s', (databaseKind) => {
  it(
    'imports several emails in one field, as a list or as joined text',
    async () => {
      const database = await createTestDatabase(databaseKind);
      try {
        const people = hrPeople();
        const hr = account(people);
        const [p0, p1] = people as [(typeof people)[0], (typeof people)[0]];
        hr.simulator.update(p0.employeeNumber, { Work_Email: [p0.workEmail, `${p0.alias}@acme.example`] });
        hr.simulator.update(p1.employeeNumber, { Work_Email: `${p1.workEmail}; ${p1.alias}@acme.example` });
        mounted.use(hr, people);
        const result = await run(hrSyncDeps(database, workday), 'hr');
        expect(result.status).toBe('succeeded');
        for (const person of [p0, p1]) {
          const linked = await userOfRecord(database, 'hr', person.employeeNumber);
          expect(linked?.identifiers).toEqual(
            expect.arrayContaining([`email:${person.workEmail}`, `email:${person.alias}@acme.example`]),
          );
        }
      } finally {
        await database.destroy();
      }
    },
    HR_SYNC_TIMEOUT_MS,
  );
});
