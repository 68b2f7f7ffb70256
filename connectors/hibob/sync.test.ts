// The hibob kind through the real config parser, runner, planner and store, beside Entra ID, on
// PGlite and on PostgreSQL, against the simulated Bob account.
import { describe, expect, it } from 'vitest';
import { createHibobSimulator, employeeOf, hibobListId, numberOf } from '../../src/simulator/hibob/index.ts';
import type { Person } from '../../src/simulator/people.ts';
import { createTestDatabase, DATABASE_KINDS } from '../../test/support/databases.ts';
import {
  describeHrSync,
  HR_SYNC_TIMEOUT_MS,
  type HrKindUnderTest,
  hrPeople,
  hrSyncDeps,
  run,
  userOfRecord,
} from '../shared/__fixtures__/hr-sync-suite.ts';
import { hibobEntry, SERVICE_USER } from './__fixtures__/account.ts';

function account(people: readonly Person[], hiddenFields: string[] = []) {
  const employees = people.map((person, index) => employeeOf(person, index));
  const simulator = createHibobSimulator({
    serviceUserId: SERVICE_USER.id,
    token: SERVICE_USER.token,
    employees,
    hiddenFields,
  });
  const idOf = (person: Person) => employees[people.indexOf(person)]!.id;
  return {
    handle: simulator.handle,
    externalIdOf: idOf,
    employeeIdOf: (person: Person) => String(numberOf(person.employeeNumber)),
    setEmails: (person: Person, emails: string[]) =>
      simulator.update(idOf(person), (employee) => {
        employee.email = emails[0] ?? null;
      }),
    setDepartment: (person: Person, department: string) =>
      simulator.update(idOf(person), (employee) => {
        employee.work.department = hibobListId(department);
      }),
    terminate: (person: Person) => simulator.terminate(idOf(person), '2024-01-31'),
    remove: (person: Person) => simulator.remove(idOf(person)),
  };
}

const hibob: HrKindUnderTest = {
  kind: 'hibob',
  entry: ({ wrongCredential }) => hibobEntry(wrongCredential ? { token: 'not-the-token' } : {}),
  createAccount: (people) => account(people),
  secrets: [SERVICE_USER.token, 'not-the-token'],
  credentialMessage:
    /HiBob refused the service user's credentials \(401\): check service_user_id and token.*HiBob says: Unauthorized/,
};

const mounted = describeHrSync(hibob);

describe.each(DATABASE_KINDS)('hibob specifics on %s', (databaseKind) => {
  it(
    'an unreadable field is a run warning, and the rest of each record is still applied',
    async () => {
      const database = await createTestDatabase(databaseKind);
      try {
        const people = hrPeople();
        mounted.use(account(people), people);
        const deps = hrSyncDeps(database, hibob);
        expect((await run(deps, 'hr')).status).toBe('succeeded');
        // The permission group loses the Work category: Bob silently stops sending the employee ID.
        const hidden = account(people, ['work.employeeIdInCompany']);
        mounted.use(hidden, people);
        const second = await run(deps, 'hr');
        expect(second.status).toBe('succeeded');
        expect(second.run?.warnings).toEqual([
          expect.stringMatching(/^fields\.employee_id: HiBob returned no "work\.employeeIdInCompany"/),
        ]);
        // The record still speaks for the fields Bob did send (knownIdentifierFields says which).
        const linked = await userOfRecord(database, 'hr', hidden.externalIdOf(people[0]!));
        expect(linked?.identifiers).toContain(`email:${people[0]!.workEmail}`);
      } finally {
        await database.destroy();
      }
    },
    HR_SYNC_TIMEOUT_MS,
  );
});
