// The personio kind through the real config parser, runner, planner and store, beside Entra ID, on
// PGlite and on PostgreSQL, against the simulated Personio account.
import { describe, expect, it } from 'vitest';
import type { Person } from '../../src/simulator/people.ts';
import {
  createPersonioSimulator,
  EMPLOYEE_NUMBER_ATTRIBUTE,
  employeeOf,
  related,
} from '../../src/simulator/personio/index.ts';
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
import { CREDENTIAL, personioEntry } from './__fixtures__/account.ts';

function account(people: readonly Person[]) {
  const simulator = createPersonioSimulator({
    clientId: CREDENTIAL.clientId,
    clientSecret: CREDENTIAL.clientSecret,
    employees: people.map((person, index) => employeeOf(person, index + 1)),
  });
  const idOf = (person: Person) => people.indexOf(person) + 1;
  return {
    simulator,
    handle: simulator.handle,
    externalIdOf: (person: Person) => String(idOf(person)),
    employeeIdOf: (person: Person) => person.employeeNumber,
    setEmails: (person: Person, emails: string[]) =>
      simulator.update(idOf(person), { email: emails[0] ?? null }),
    setDepartment: (person: Person, department: string) =>
      simulator.update(idOf(person), { department: related('Department', 999, department) }),
    terminate: (person: Person) => simulator.terminate(idOf(person), '2024-01-31'),
    remove: (person: Person) => simulator.remove(idOf(person)),
  };
}

const personio: HrKindUnderTest = {
  kind: 'personio',
  entry: ({ wrongCredential }) => personioEntry(wrongCredential ? { client_secret: 'not-the-secret' } : {}),
  createAccount: account,
  secrets: [CREDENTIAL.clientSecret, 'not-the-secret'],
  credentialMessage:
    /Personio refused the API credentials \(401\): check client_id and client_secret.*Personio says: Wrong credentials/,
};

const mounted = describeHrSync(personio);

describe.each(DATABASE_KINDS)('personio specifics on %s', (databaseKind) => {
  it(
    'reads several pages with a 429 in the middle, then an incremental run passes updated_since',
    async () => {
      const database = await createTestDatabase(databaseKind);
      try {
        const people = hrPeople(230);
        const hr = account(people);
        let calls = 0;
        mounted.use(
          {
            ...hr,
            handle(request) {
              calls += 1;
              // After the token and the first page: Personio's per-minute limit is reached.
              if (calls === 3) hr.simulator.throttleNext(1);
              return hr.handle(request);
            },
          },
          people.slice(0, 6),
        );
        // The 429 costs one real wait of about a second (the backoff starts at 1 s, plus jitter).
        const deps = hrSyncDeps(database, personio);
        const first = await run(deps, 'hr');
        expect(first.status).toBe('succeeded');
        expect(first.run?.counts).toMatchObject({ fetched: 230, created: 230 });
        const employeeGets = hr.simulator.requests.filter(
          (request) => request.path === '/v1/company/employees',
        );
        expect(employeeGets.map((request) => `${request.query.get('offset')}:${request.status}`)).toEqual([
          '0:200',
          '100:429',
          '100:200',
          '200:200',
        ]);

        hr.simulator.update(7, {
          email: 'moved.person@acme.com',
          [EMPLOYEE_NUMBER_ATTRIBUTE]: people[6]!.employeeNumber,
        });
        const second = await run(deps, 'hr', 'incremental');
        expect(second.status).toBe('succeeded');
        const incremental = hr.simulator.requests.at(-1)!;
        expect(incremental.query.get('updated_since')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
        expect(second.run).toMatchObject({ mode: 'incremental' });
        expect((await userOfRecord(database, 'hr', '7'))?.identifiers).toContain(
          'email:moved.person@acme.com',
        );
      } finally {
        await database.destroy();
      }
    },
    HR_SYNC_TIMEOUT_MS,
  );
});
