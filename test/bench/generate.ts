// Writes the benchmark's inputs: an HRIS export and an IT directory export of the same N people
// (realistic overlap, a few percent of planted conflicts), then `deltas` successive change sets,
// each touching 1% of the people (email changes, department moves, leavers, new hires).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createPerson,
  createRandom,
  departmentOf,
  type HrisRow,
  type ItRow,
  type Person,
  pick,
  workEmailOf,
} from './people.ts';

export interface SourceFiles {
  hris: string;
  it: string;
}

export interface GeneratedInputs {
  base: SourceFiles;
  /** One pair of files per delta repetition; each differs from the one before by 1% of people. */
  deltas: SourceFiles[];
  stats: {
    people: number;
    hrisRows: number;
    itRows: number;
    inBoth: number;
    planted: PlantedConflicts;
    changedPerDelta: number;
  };
}

export interface PlantedConflicts {
  /** HRIS rows whose work email is another person's (a shared mailbox, a typo). */
  sharedEmails: number;
  /** Directory accounts whose mail is another person's address. */
  borrowedMail: number;
  /** HRIS rows re-using another row's employee number. */
  duplicateEmployeeNumbers: number;
  /** Directory display names that another person already has. */
  takenDisplayNames: number;
  /** HRIS rows with an address the domain rules refuse. */
  malformedEmails: number;
}

export const HRIS_HEADER = [
  'Person ID',
  'Employee Number',
  'First Name',
  'Last Name',
  'Work Email',
  'Department',
  'Division',
  'Time Zone',
  'Status',
];

export const IT_HEADER = [
  'Object ID',
  'User Principal Name',
  'Mail',
  'Windows Login',
  'Display Name',
  'Employee ID',
  'Account Enabled',
];

export function generateInputs(dir: string, options: { users: number; seed: number; deltas: number }) {
  const random = createRandom(options.seed);
  const people: Person[] = [];
  for (let i = 0; i < options.users; i += 1) people.push(createPerson(i, random));
  const planted = plantConflicts(people, random);
  const base = writeSources(dir, 'base', people);
  const changedPerDelta = Math.max(1, Math.round(options.users / 100));
  const touched = new Set<number>();
  const deltas: SourceFiles[] = [];
  for (let k = 1; k <= options.deltas; k += 1) {
    applyChangeSet(people, changedPerDelta, touched, random, k);
    deltas.push(writeSources(dir, `delta${k}`, people));
  }
  const hrisRows = people.filter((p) => p.hris).length;
  return {
    base,
    deltas,
    stats: {
      people: options.users,
      hrisRows,
      itRows: people.filter((p) => p.it).length,
      inBoth: people.filter((p) => p.hris && p.it).length,
      planted,
      changedPerDelta,
    },
  } satisfies GeneratedInputs;
}

/** About 3% of people carry a conflict; the rest are clean. Planted on the base population. */
function plantConflicts(people: Person[], random: () => number): PlantedConflicts {
  const planted: PlantedConflicts = {
    sharedEmails: 0,
    borrowedMail: 0,
    duplicateEmployeeNumbers: 0,
    takenDisplayNames: 0,
    malformedEmails: 0,
  };
  for (let i = 1; i < people.length; i += 1) {
    const person = people[i]!;
    const other = people[Math.floor(random() * i)]!;
    const roll = random();
    if (roll < 0.01 && person.hris && other.hris) {
      person.hris.email = other.hris.email;
      planted.sharedEmails += 1;
    } else if (roll < 0.015 && person.it && other.it) {
      person.it.mail = other.it.mail;
      planted.borrowedMail += 1;
    } else if (roll < 0.02 && person.hris && other.hris) {
      person.hris.employeeNumber = other.hris.employeeNumber;
      planted.duplicateEmployeeNumbers += 1;
    } else if (roll < 0.027 && person.it && other.it) {
      person.it.displayName = other.it.displayName;
      planted.takenDisplayNames += 1;
    } else if (roll < 0.028 && person.hris) {
      person.hris.email = `${person.first}.${person.last}@`.toLowerCase();
      planted.malformedEmails += 1;
    }
  }
  return planted;
}

/**
 * Changes `count` people not touched before: half change their email (a new last name), 30%
 * move department, 10% leave (terminated in the HRIS, account deleted), 10% are new hires.
 */
function applyChangeSet(
  people: Person[],
  count: number,
  touched: Set<number>,
  random: () => number,
  k: number,
) {
  const hires = Math.max(1, Math.round(count * 0.1));
  const leavers = Math.max(1, Math.round(count * 0.1));
  const moves = Math.round(count * 0.3);
  const renames = Math.max(0, count - hires - leavers - moves);
  const candidates = () => {
    for (;;) {
      const person = people[Math.floor(random() * people.length)]!;
      if (touched.has(person.index) || !person.hris || person.hris.status !== 'Active') continue;
      touched.add(person.index);
      return person;
    }
  };
  for (let i = 0; i < renames; i += 1) {
    const person = candidates();
    const hris = person.hris as HrisRow;
    const newLast = `${person.last}${pick(random, ['son', 'berg', 'ova', 'ez', 'ini'])}`;
    const email = workEmailOf(person.first, `${newLast}.${k}${person.index}`);
    hris.last = newLast;
    hris.email = email;
    if (person.it) {
      person.it.mail = email;
      person.it.displayName = `${person.first} ${newLast}`;
    }
  }
  for (let i = 0; i < moves; i += 1) {
    const hris = candidates().hris as HrisRow;
    [hris.department, hris.division] = departmentOf(random);
  }
  for (let i = 0; i < leavers; i += 1) {
    const person = candidates();
    (person.hris as HrisRow).status = 'Terminated';
    person.it = null;
  }
  for (let i = 0; i < hires; i += 1) {
    const hire = createPerson(people.length, random);
    touched.add(hire.index);
    people.push(hire);
  }
}

function writeSources(dir: string, name: string, people: readonly Person[]): SourceFiles {
  const hris = join(dir, `${name}.hris.csv`);
  const it = join(dir, `${name}.it.csv`);
  const hrisLines = [HRIS_HEADER.map(csvCell).join(',')];
  const itLines = [IT_HEADER.map(csvCell).join(',')];
  for (const person of people) {
    if (person.hris) hrisLines.push(hrisLine(person.hris));
    if (person.it) itLines.push(itLine(person.it));
  }
  writeFileSync(hris, `${hrisLines.join('\n')}\n`);
  writeFileSync(it, `${itLines.join('\n')}\n`);
  return { hris, it };
}

function hrisLine(row: HrisRow): string {
  return [
    row.personId,
    row.employeeNumber,
    row.first,
    row.last,
    row.email,
    row.department,
    row.division,
    row.timeZone,
    row.status,
  ]
    .map(csvCell)
    .join(',');
}

function itLine(row: ItRow): string {
  return [row.objectId, row.upn, row.mail, row.login, row.displayName, row.employeeId, String(row.enabled)]
    .map(csvCell)
    .join(',');
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The csv connector entries that read these files (HRIS first: it wins on shared attributes). */
export function connectorEntries(files: SourceFiles) {
  return [
    {
      id: 'hris',
      kind: 'csv',
      precedence: 1,
      on_disable: 'untrack',
      path: files.hris,
      columns: {
        external_id: 'Person ID',
        employee_id: 'Employee Number',
        first_name: 'First Name',
        last_name: 'Last Name',
        email: 'Work Email',
        primary_group: 'Department',
        groups: 'Division',
        time_zone: 'Time Zone',
        status: 'Status',
      },
    },
    {
      id: 'it-directory',
      kind: 'csv',
      precedence: 2,
      on_disable: 'remove_identifiers',
      path: files.it,
      columns: {
        external_id: 'Object ID',
        upn: 'User Principal Name',
        email: 'Mail',
        device_login: 'Windows Login',
        display_name: 'Display Name',
        employee_id: 'Employee ID',
        status: 'Account Enabled',
      },
    },
  ];
}
