// The HR mistakes the simulated Workday, HiBob and Personio accounts plant in the shared
// population, chosen the same way for all three: people spread evenly over the population, never
// the same person twice, so the same people always give the same plants. Each generator writes the
// plant into its own rows in its own field names.
import type { Person } from './people.ts';

export type HrPlant =
  /** `person`'s row carries `other`'s employee number (a typo in HR). */
  | { kind: 'employee_number_typo'; person: Person; other: Person; value: string }
  /** `person`'s work email is `other`'s UPN (copied from the wrong line). */
  | { kind: 'work_email_is_other_upn'; person: Person; other: Person; value: string };

export interface HrPlantOptions {
  /** Pairs given an employee-number typo. Default 1. */
  employeeNumberTypos?: number;
  /** Pairs whose work email is the other's UPN. Default 1. */
  workEmailMixUps?: number;
}

/** The plants, with the index in `people` of the person whose row carries each. */
export function planHrMistakes(
  people: readonly Person[],
  options: HrPlantOptions = {},
): Array<{ index: number; plant: HrPlant }> {
  const typos = options.employeeNumberTypos ?? 1;
  const mixUps = options.workEmailMixUps ?? 1;
  const wanted = typos + mixUps;
  if (wanted === 0) return [];
  if (people.length < wanted * 2) {
    throw new Error(`${wanted} planted mistakes need at least ${wanted * 2} people, got ${people.length}`);
  }
  const step = Math.floor(people.length / (wanted * 2));
  const planned: Array<{ index: number; plant: HrPlant }> = [];
  for (let slot = 0; slot < wanted; slot += 1) {
    const index = slot * 2 * step;
    const person = people[index]!;
    const other = people[index + step]!;
    planned.push(
      slot < typos
        ? { index, plant: { kind: 'employee_number_typo', person, other, value: other.employeeNumber } }
        : { index, plant: { kind: 'work_email_is_other_upn', person, other, value: other.upn } },
    );
  }
  return planned;
}
