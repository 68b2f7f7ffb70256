// The sync behaviour every HR source kind owes, tested through the real config parser, runner,
// planner and store, on PGlite and on PostgreSQL, against the kind's simulator and a simulated
// Entra ID tenant generated from the same people. Each kind's sync.test.ts calls `describeHrSync`
// with an adapter that says how its simulated account plays HR.
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildConnectors } from '../../../src/app.ts';
import { parseConfig } from '../../../src/config/index.ts';
import { createLogger } from '../../../src/log.ts';
import { createGraphSimulator, generateGraphUsers } from '../../../src/simulator/graph/index.ts';
import { generatePeople, type Person } from '../../../src/simulator/people.ts';
import { listConflicts } from '../../../src/store/conflicts.ts';
import { loadLinks, loadUsers } from '../../../src/store/users.ts';
import { runSync, type SyncDeps } from '../../../src/sync/runner.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../../test/support/databases.ts';

/** A simulated HR account, driven the way HR changes its data. */
export interface HrAccountUnderTest {
  handle(request: Request): Promise<Response>;
  /** The source's own id of a person's record. */
  externalIdOf(person: Person): string;
  /** The employee ID the source gives a person (Bob's is a number: `E000042` is 42 there). */
  employeeIdOf(person: Person): string;
  setEmails(person: Person, emails: string[]): void;
  setDepartment(person: Person, department: string): void;
  /** Employment ended in the past. */
  terminate(person: Person): void;
  /** Gone from what the connector reads. */
  remove(person: Person): void;
}

export interface HrKindUnderTest {
  kind: string;
  /** The kind's own config keys; `wrongCredential` swaps a secret for one the vendor refuses. */
  entry(options: { wrongCredential?: boolean }): Record<string, unknown>;
  /** The account, holding these people (and whoever the test hires later). */
  createAccount(people: readonly Person[]): HrAccountUnderTest;
  /** Secrets that must never appear in a run record. */
  secrets: string[];
  /** What a refused credential's message must say (the key to check). */
  credentialMessage: RegExp;
  /**
   * A warning the generated people cause on their own (Workday leaves out the empty termination
   * date of every current worker, which reads like a field it may not show).
   */
  expectedWarnings?: RegExp;
}

export const HR_SEED = 11;
/** UPNs on their own domain: an address only Entra ID asserts, for "a value owned by another user". */
export const HR_POPULATION = {
  terminatedShare: 0,
  duplicateNameShare: 0,
  upnDomain: 'corp.acme.com',
} as const;
const TENANT = {
  tenantId: '11111111-2222-4333-8444-555555555555',
  clientId: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
  clientSecret: 'sim-secret',
};
const N = 6;
/** Per test and per hook of the HR sync suites. */
export const HR_SYNC_TIMEOUT_MS = 180_000;

export function hrPeople(n = N): Person[] {
  return generatePeople(n, HR_SEED, HR_POPULATION);
}

export function mountHrAndEntra() {
  let hr: HrAccountUnderTest | null = null;
  let graph = createGraphSimulator({ ...TENANT, users: [] });
  const server = setupServer(
    http.all('*', ({ request }) => {
      const host = new URL(request.url).host;
      if (host === 'graph.sim.test' || host === 'login.sim.test') return graph.handle(request);
      return hr
        ? hr.handle(request)
        : HttpResponse.json({ error: `unexpected host ${host}` }, { status: 500 });
    }),
  );
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    hr = null;
  });
  afterAll(() => server.close());
  return {
    use(account: HrAccountUnderTest, people: readonly Person[]) {
      hr = account;
      const users = generateGraphUsers(people.length, HR_SEED, {
        ...HR_POPULATION,
        guestShare: 0,
        missingEmployeeIdShare: 0,
      });
      graph = createGraphSimulator({ ...TENANT, users });
      return users;
    },
  };
}

export function hrSyncDeps(
  database: TestDatabase,
  kind: HrKindUnderTest,
  options: { onDisable?: string; wrongCredential?: boolean } = {},
): SyncDeps {
  const config = parseConfig(
    {
      // A handful of people: one leaver is a sixth of the links; the safeguard has its own tests.
      sync: { deletion_threshold: { count: 500, percent: 100 } },
      connectors: [
        {
          id: 'entra',
          kind: 'azure-ad',
          precedence: 2,
          tenant_id: TENANT.tenantId,
          client_id: TENANT.clientId,
          client_secret: TENANT.clientSecret,
          graph_base_url: 'https://graph.sim.test',
          authority_host: 'https://login.sim.test',
        },
        {
          id: 'hr',
          kind: kind.kind,
          precedence: 1,
          on_disable: options.onDisable ?? 'remove_identifiers',
          ...kind.entry({ wrongCredential: options.wrongCredential ?? false }),
        },
      ],
    },
    { env: {} },
  );
  const log = createLogger({ level: 'silent' });
  return {
    db: database.db,
    connectors: buildConnectors(config, log),
    precedence: new Map(config.connectors.map((c) => [c.id, c.precedence])),
    deletionThreshold: config.sync.deletion_threshold,
    log,
    clock: () => new Date(),
  };
}

const signal = () => new AbortController().signal;
export const run = (deps: SyncDeps, connectorId: 'entra' | 'hr', mode: 'full' | 'incremental' = 'full') =>
  runSync(deps, { connectorId, mode, trigger: 'cli' }, signal());

/** The user a source record is linked to, with its identifiers as `type:value` (sorted). */
export async function userOfRecord(database: TestDatabase, connector: string, externalId: string) {
  const links = await loadLinks(database.db);
  const userId = [...links].find(([, list]) =>
    list.some((link) => link.connector === connector && link.externalId === externalId),
  )?.[0];
  if (userId === undefined) return null;
  const [user] = await loadUsers(database.db, [userId]);
  return {
    user: user!,
    links: (links.get(userId) ?? []).map((link) => link.connector).sort(),
    identifiers: user!.identifiers.map((identifier) => `${identifier.type}:${identifier.value}`).sort(),
  };
}

export async function openConflicts(database: TestDatabase) {
  const conflicts = await listConflicts(database.db, { status: 'open' });
  return conflicts.map((conflict) => ({
    kind: conflict.kind,
    value: conflict.identifier?.value ?? null,
    externalIds: [...conflict.externalIds].sort(),
    userIds: [...conflict.userIds].sort(),
  }));
}

/** Returns the mounted simulators, for a kind's own tests in the same file. */
export function describeHrSync(kind: HrKindUnderTest): ReturnType<typeof mountHrAndEntra> {
  const mounted = mountHrAndEntra();

  describe.each(DATABASE_KINDS)(`${kind.kind} sync beside Entra ID on %s`, (databaseKind) => {
    let database: TestDatabase;
    // Several full runs of two connectors per test: generous limits for a busy machine.
    beforeEach(async () => {
      database = await createTestDatabase(databaseKind);
    }, HR_SYNC_TIMEOUT_MS);
    afterEach(async () => {
      await database?.destroy();
    }, HR_SYNC_TIMEOUT_MS);

    it(
      'links each person in the HRIS and in Entra ID as one user, quarantines what it cannot apply, and a re-run writes nothing',
      async () => {
        const people = hrPeople();
        // One more person only in HR, whose work email is malformed.
        const newcomer = hrPeople(N + 1)[N]!;
        const account = kind.createAccount([...people, newcomer]);
        const [, p1, p2, p3, p4] = people as [Person, Person, Person, Person, Person];
        account.setEmails(newcomer, ['not-an-address']);
        const graphUsers = mounted.use(account, people);
        expect(graphUsers).toHaveLength(people.length);
        const deps = hrSyncDeps(database, kind);
        expect((await run(deps, 'entra')).status).toBe('succeeded');
        const first = await run(deps, 'hr');
        expect(first.status).toBe('succeeded');
        const warnings = first.run?.warnings ?? [];
        expect(warnings.filter((warning) => !kind.expectedWarnings?.test(warning))).toEqual([]);

        const id = (person: Person) => account.externalIdOf(person);
        for (const person of people) {
          const linked = await userOfRecord(database, 'hr', id(person));
          expect(linked?.links, person.employeeNumber).toEqual(['entra', 'hr']);
          expect(linked?.identifiers).toContain(`employee_id:${account.employeeIdOf(person)}`);
        }
        expect(await openConflicts(database)).toEqual([
          { kind: 'invalid_record', value: 'not-an-address', externalIds: [id(newcomer)], userIds: [] },
        ]);

        // HR gives p1 an address that only Entra ID asserts (p2's UPN) and moves p1 to another
        // department; p3 and p4 are both given one new address. The taken address is refused and the
        // move applied; the shared address goes to neither record.
        account.setEmails(p1, [p2.upn]);
        account.setDepartment(p1, 'Moved Department');
        account.setEmails(p3, ['team.inbox@acme.com']);
        account.setEmails(p4, ['team.inbox@acme.com']);
        const second = await run(deps, 'hr');
        expect(second.status).toBe('succeeded');
        const user = async (person: Person) => (await userOfRecord(database, 'hr', id(person)))!.user.id;
        const conflicts = await openConflicts(database);
        expect(conflicts).toEqual(
          expect.arrayContaining([
            {
              kind: 'identifier_in_use',
              value: p2.upn,
              externalIds: [id(p1)],
              userIds: [await user(p1), await user(p2)].sort(),
            },
            {
              kind: 'duplicate_in_source',
              value: 'team.inbox@acme.com',
              externalIds: [id(p3), id(p4)].sort(),
              userIds: [],
            },
            { kind: 'invalid_record', value: 'not-an-address', externalIds: [id(newcomer)], userIds: [] },
          ]),
        );
        expect(conflicts).toHaveLength(3);
        const moved = await userOfRecord(database, 'hr', id(p1));
        expect(moved?.identifiers.filter((identifier) => identifier.endsWith(p2.upn))).toEqual([]);
        expect(moved?.user.groups.map((group) => group.group)).toContain('Moved Department');

        // Nothing changed in HR: nothing is written.
        const third = await run(deps, 'hr');
        expect(third.status).toBe('succeeded');
        expect(third.run?.counts).toMatchObject({
          created: 0,
          updated: 0,
          linked: 0,
          identifiersAdded: 0,
          identifiersRemoved: 0,
        });
      },
      HR_SYNC_TIMEOUT_MS,
    );

    it.each(['remove_identifiers', 'untrack'])(
      'a leaver and a person missing from a later full read follow on_disable: %s',
      async (onDisable) => {
        const people = hrPeople();
        // The last two are only in HR (hired there, no Entra ID account yet): HR's ids are all they have.
        const hrOnly = hrPeople(N + 2).slice(N);
        const account = kind.createAccount([...people, ...hrOnly]);
        mounted.use(account, people);
        const deps = hrSyncDeps(database, kind, { onDisable });
        expect((await run(deps, 'hr')).status).toBe('succeeded');
        const [leaver, gone] = hrOnly as [Person, Person];
        const before = await userOfRecord(database, 'hr', account.externalIdOf(leaver));
        expect(before?.identifiers).toContain(`employee_id:${account.employeeIdOf(leaver)}`);
        const goneUser = (await userOfRecord(database, 'hr', account.externalIdOf(gone)))!.user.id;

        account.terminate(leaver);
        account.remove(gone);
        expect((await run(deps, 'hr')).status).toBe('succeeded');
        const after = await userOfRecord(database, 'hr', account.externalIdOf(leaver));
        const [goneAfter] = await loadUsers(database.db, [goneUser]);
        if (onDisable === 'remove_identifiers') {
          // The leaver stays linked with none of HR's identifiers.
          expect(after?.identifiers).toEqual([]);
        } else {
          expect(after?.user.tracking).toBe('untracked');
          expect(after?.identifiers).toContain(`employee_id:${account.employeeIdOf(leaver)}`);
        }
        // The one missing from a full read loses its link and HR's identifiers (the engine treats
        // an absence as a removal under either policy today).
        expect(goneAfter?.identifiers).toEqual([]);
        expect(await userOfRecord(database, 'hr', account.externalIdOf(gone))).toBeNull();
        // A sync never deletes a user.
        expect(await loadUsers(database.db)).toHaveLength(2 + people.length);
      },
      HR_SYNC_TIMEOUT_MS,
    );

    it(
      "fails the run on a refused credential with the vendor's error, naming the key and never the secret",
      async () => {
        const people = hrPeople();
        mounted.use(kind.createAccount(people), people);
        const result = await run(hrSyncDeps(database, kind, { wrongCredential: true }), 'hr');
        expect(result.status).toBe('failed');
        expect(result.run?.error).toMatchObject({ code: 'unauthorized' });
        expect(result.run?.error?.message).toMatch(kind.credentialMessage);
        for (const secret of kind.secrets) expect(JSON.stringify(result.run)).not.toContain(secret);
      },
      HR_SYNC_TIMEOUT_MS,
    );
  });
  return mounted;
}
