// The BambooHR side of the shared population: one employee row per person, in BambooHR's field
// names, with a few deliberately planted mistakes of the kind HR data really has. The plants are
// returned with the rows so a test can say, in its own words, which conflicts they must cause.
import type { Person } from '../people.ts';

/** A BambooHR employee as the custom report returns it: field id -> value (null: empty). */
export interface BambooEmployee {
  id: string;
  [field: string]: string | null;
}

export type BambooPlant =
  /** `person`'s row carries `other`'s employee number (a typo in HR). */
  | { kind: 'employee_number_typo'; person: Person; other: Person; value: string }
  /** `person`'s work email is `other`'s UPN (copied from the wrong line). */
  | { kind: 'work_email_is_other_upn'; person: Person; other: Person; value: string };

export interface BambooGeneratorOptions {
  /** First BambooHR id; ids count up from it in population order. Default 101. */
  firstId?: number;
  /** Pairs given an employee-number typo. Default 1. */
  employeeNumberTypos?: number;
  /** Pairs whose work email is the other's UPN. Default 1. */
  workEmailMixUps?: number;
}

export interface BambooAccountSeed {
  employees: BambooEmployee[];
  plants: BambooPlant[];
}

/**
 * Deterministic: plants go to people spread evenly over the population (never the same person
 * twice), so the same people always give the same account.
 */
export function generateBambooEmployees(
  people: readonly Person[],
  options: BambooGeneratorOptions = {},
): BambooAccountSeed {
  const firstId = options.firstId ?? 101;
  const employees = people.map((person, index) => employeeOf(person, String(firstId + index)));
  const plants: BambooPlant[] = [];
  const wanted = (options.employeeNumberTypos ?? 1) + (options.workEmailMixUps ?? 1);
  if (wanted === 0) return { employees, plants };
  if (people.length < wanted * 2) {
    throw new Error(`${wanted} planted conflicts need at least ${wanted * 2} people, got ${people.length}`);
  }
  const step = Math.floor(people.length / (wanted * 2));
  let slot = 0;
  const nextPair = (): [number, number] => {
    const pair: [number, number] = [slot * step, (slot + 1) * step];
    slot += 2;
    return pair;
  };
  for (let n = 0; n < (options.employeeNumberTypos ?? 1); n += 1) {
    const [a, b] = nextPair();
    const person = people[a]!;
    const other = people[b]!;
    employees[a]!.employeeNumber = other.employeeNumber;
    plants.push({ kind: 'employee_number_typo', person, other, value: other.employeeNumber });
  }
  for (let n = 0; n < (options.workEmailMixUps ?? 1); n += 1) {
    const [a, b] = nextPair();
    const person = people[a]!;
    const other = people[b]!;
    employees[a]!.workEmail = other.upn;
    plants.push({ kind: 'work_email_is_other_upn', person, other, value: other.upn });
  }
  return { employees, plants };
}

export function employeeOf(person: Person, id: string): BambooEmployee {
  return {
    id,
    employeeNumber: person.employeeNumber,
    firstName: person.firstName,
    lastName: person.lastName,
    displayName: person.displayName,
    workEmail: person.workEmail,
    homeEmail: person.homeEmail,
    jobTitle: person.jobTitle,
    department: person.department,
    division: person.division,
    location: person.location.name,
    hireDate: person.hireDate,
    status: person.status === 'terminated' ? 'Inactive' : 'Active',
    terminationDate: person.terminationDate ?? '0000-00-00',
  };
}
