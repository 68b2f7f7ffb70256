// The Workday side of the shared population: one report entry per person, in the field names of
// the report idsync's README tells the admin to build (CONTRACT.md's example), with the HR
// mistakes of src/simulator/hr-plants.ts planted.
import { type HrPlant, type HrPlantOptions, planHrMistakes } from '../hr-plants.ts';
import type { Person } from '../people.ts';

/** A report entry as the simulator keeps it: field name -> text, a list (multi-instance), or null. */
export interface WorkdayWorker {
  Employee_ID: string;
  [field: string]: string | string[] | null;
}

/** The fields the generated report defines (a real report defines its own). */
export const WORKDAY_REPORT_FIELDS = [
  'Employee_ID',
  'Worker',
  'Preferred_Name',
  'First_Name',
  'Last_Name',
  'Work_Email',
  'Active_Status',
  'Hire_Date',
  'Termination_Date',
  'Supervisory_Organization',
  'Cost_Center',
  'Location',
  'Job_Title',
] as const;

export interface WorkdayReportSeed {
  workers: WorkdayWorker[];
  plants: HrPlant[];
}

export function generateWorkdayWorkers(
  people: readonly Person[],
  options: HrPlantOptions = {},
): WorkdayReportSeed {
  const workers = people.map(workerOf);
  // Workday numbers workers itself: an employee-number typo is not a mistake its reports show.
  const planned = planHrMistakes(people, { employeeNumberTypos: 0, ...options });
  for (const { index, plant } of planned) {
    if (plant.kind === 'employee_number_typo') workers[index]!.Employee_ID = plant.value;
    else workers[index]!.Work_Email = plant.value;
  }
  return { workers, plants: planned.map(({ plant }) => plant) };
}

export function workerOf(person: Person): WorkdayWorker {
  return {
    Employee_ID: person.employeeNumber,
    Worker: `${person.firstName} ${person.lastName}`,
    Preferred_Name: person.displayName,
    First_Name: person.firstName,
    Last_Name: person.lastName,
    Work_Email: person.workEmail,
    // Workday's boolean report fields come out of RaaS as "1" and "0".
    Active_Status: person.status === 'terminated' ? '0' : '1',
    Hire_Date: person.hireDate,
    Termination_Date: person.terminationDate,
    Supervisory_Organization: person.department,
    Cost_Center: person.division,
    Location: person.location.name,
    Job_Title: person.jobTitle,
  };
}
