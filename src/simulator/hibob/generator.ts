// The HiBob (Bob) side of the shared population: one employee per person, shaped as Bob's people
// search returns it in machine format (`root` fields at the top, the others under their category;
// list fields such as department and site as list item ids), with the HR mistakes of
// ../hr-plants.ts planted. The list names live beside, for the `humanReadable` copy.
import { type HrPlant, type HrPlantOptions, planHrMistakes } from '../hr-plants.ts';
import { DEPARTMENTS, LOCATIONS, type Person } from '../people.ts';

export interface HibobEmployee {
  id: string;
  email: string | null;
  displayName: string | null;
  firstName: string | null;
  surname: string | null;
  work: {
    employeeIdInCompany: number | null;
    department: string | null;
    site: string | null;
    title: string | null;
  };
  internal: {
    lifecycleStatus: 'employed' | 'terminated' | 'hired';
    status: 'Active' | 'Inactive';
    terminationDate: string | null;
  };
  home: { privateEmail: string | null };
}

/** Company lists (Settings > Lists): item id -> name, as GET /company/named-lists would give them. */
export const HIBOB_LISTS: Readonly<Record<string, string>> = Object.fromEntries([
  ...Object.keys(DEPARTMENTS).map((name, index) => [String(253_459_000 + index), name]),
  ...LOCATIONS.map((location, index) => [String(253_460_000 + index), location.name]),
  ...['Associate', 'Specialist', 'Senior Specialist', 'Lead', 'Manager', 'Director'].map((name, index) => [
    String(253_461_000 + index),
    name,
  ]),
]);
const LIST_IDS = new Map(Object.entries(HIBOB_LISTS).map(([id, name]) => [name, id]));

/** The list item id of a name (a new name gets a new item, as an admin adding it to the list). */
export function hibobListId(name: string): string {
  let id = LIST_IDS.get(name);
  if (id === undefined) {
    id = String(253_470_000 + LIST_IDS.size);
    LIST_IDS.set(name, id);
    (HIBOB_LISTS as Record<string, string>)[id] = name;
  }
  return id;
}

export interface HibobAccountSeed {
  employees: HibobEmployee[];
  plants: HrPlant[];
}

export function generateHibobEmployees(
  people: readonly Person[],
  options: HrPlantOptions = {},
): HibobAccountSeed {
  const employees = people.map((person, index) => employeeOf(person, index));
  const planned = planHrMistakes(people, options);
  for (const { index, plant } of planned) {
    if (plant.kind === 'employee_number_typo')
      employees[index]!.work.employeeIdInCompany = numberOf(plant.value);
    else employees[index]!.email = plant.value;
  }
  return { employees, plants: planned.map(({ plant }) => plant) };
}

/** Bob's employee ids are long numbers as text; derived from the position so they are stable. */
export function hibobIdOf(index: number): string {
  return String(3_332_883_884_017_713_000n + BigInt(index));
}

export function employeeOf(person: Person, index: number): HibobEmployee {
  return {
    id: hibobIdOf(index),
    email: person.workEmail,
    displayName: person.displayName,
    firstName: person.firstName,
    surname: person.lastName,
    work: {
      // "Employee ID in company" is a number field in Bob.
      employeeIdInCompany: numberOf(person.employeeNumber),
      department: hibobListId(person.department),
      site: hibobListId(person.location.name),
      title: hibobListId(person.jobTitle),
    },
    internal: {
      lifecycleStatus: person.status === 'terminated' ? 'terminated' : 'employed',
      status: person.status === 'terminated' ? 'Inactive' : 'Active',
      terminationDate: person.terminationDate,
    },
    home: { privateEmail: person.homeEmail },
  };
}

/** `E000042` -> 42. */
export function numberOf(employeeNumber: string): number {
  return Number(employeeNumber.replace(/\D/g, ''));
}
