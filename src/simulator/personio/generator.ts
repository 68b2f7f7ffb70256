// The Personio side of the shared population: one employee per person, each attribute shaped as
// Personio's employee list returns it (`{ label, value, type, universal_id }`; departments and
// offices as related objects), the employee number in a custom attribute as companies keep it,
// with the HR mistakes of ../hr-plants.ts planted.
import { type HrPlant, type HrPlantOptions, planHrMistakes } from '../hr-plants.ts';
import type { Person } from '../people.ts';

export interface PersonioAttribute {
  label: string;
  value: unknown;
  type: string;
  universal_id: string | null;
}

export interface PersonioEmployee {
  id: number;
  attributes: Record<string, PersonioAttribute>;
}

/** The custom attribute holding the employee number (a company's own `dynamic_<id>`). */
export const EMPLOYEE_NUMBER_ATTRIBUTE = 'dynamic_1000001';

export interface PersonioAccountSeed {
  employees: PersonioEmployee[];
  plants: HrPlant[];
}

export function generatePersonioEmployees(
  people: readonly Person[],
  options: HrPlantOptions = {},
): PersonioAccountSeed {
  const employees = people.map((person, index) => employeeOf(person, index + 1));
  const planned = planHrMistakes(people, options);
  for (const { index, plant } of planned) {
    const key = plant.kind === 'employee_number_typo' ? EMPLOYEE_NUMBER_ATTRIBUTE : 'email';
    employees[index]!.attributes[key]!.value = plant.value;
  }
  return { employees, plants: planned.map(({ plant }) => plant) };
}

export function attribute(
  label: string,
  value: unknown,
  type = 'standard',
  universalId: string | null = null,
): PersonioAttribute {
  return { label, value, type, universal_id: universalId };
}

/** A related object as Personio nests it in an attribute's value. */
export function related(type: string, id: number, name: string): unknown {
  return { type, attributes: { id, name } };
}

export function employeeOf(person: Person, id: number): PersonioEmployee {
  const terminated = person.status === 'terminated';
  return {
    id,
    attributes: {
      id: attribute('ID', id, 'integer', 'id'),
      first_name: attribute('First name', person.firstName, 'standard', 'first_name'),
      last_name: attribute('Last name', person.lastName, 'standard', 'last_name'),
      preferred_name: attribute('Name (preferred)', person.displayName, 'standard', 'preferred_name'),
      email: attribute('Email', person.workEmail, 'standard', 'email'),
      status: attribute('Status', terminated ? 'inactive' : 'active', 'standard', 'status'),
      position: attribute('Position', person.jobTitle, 'standard', 'position'),
      department: attribute(
        'Department',
        related('Department', nameId(person.department), person.department),
        'standard',
        'department',
      ),
      office: attribute(
        'Office',
        related('Office', nameId(person.location.name), person.location.name),
        'standard',
        'office',
      ),
      hire_date: attribute('Hire date', `${person.hireDate}T00:00:00+01:00`, 'date', 'hire_date'),
      termination_date: attribute(
        'Termination date',
        person.terminationDate === null ? null : `${person.terminationDate}T00:00:00+01:00`,
        'date',
        'termination_date',
      ),
      [EMPLOYEE_NUMBER_ATTRIBUTE]: attribute('Employee number', person.employeeNumber),
    },
  };
}

/** Stable small ids for departments and offices, from their names. */
function nameId(name: string): number {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) % 900_000;
  return 100_000 + hash;
}
