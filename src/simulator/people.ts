// One population of made-up employees that every simulated source draws from: the Graph tenant
// and the BambooHR account describe the SAME people, so a demo or a test shows the sources
// agreeing, overlapping and (where asked for) conflicting the way real directories do.
// Deterministic from a seed: the same (n, seed, options) always gives the same people.

/** A seeded pseudo-random generator (mulberry32): small, fast and good enough for test data. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, max). */
  int(max: number): number;
  pick<T>(items: readonly T[]): T;
  /** True with probability `p`. */
  chance(p: number): boolean;
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  function next(): number {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  return {
    next,
    int: (max) => Math.floor(next() * max),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (p) => next() < p,
  };
}

export interface Location {
  name: string;
  /** IANA zone name. */
  timeZone: string;
  /** The Windows zone name Exchange reports for the same place (mailboxSettings). */
  windowsTimeZone: string;
  country: string;
}

export const LOCATIONS: readonly Location[] = [
  { name: 'London', timeZone: 'Europe/London', windowsTimeZone: 'GMT Standard Time', country: 'GB' },
  {
    name: 'New York',
    timeZone: 'America/New_York',
    windowsTimeZone: 'Eastern Standard Time',
    country: 'US',
  },
  {
    name: 'San Francisco',
    timeZone: 'America/Los_Angeles',
    windowsTimeZone: 'Pacific Standard Time',
    country: 'US',
  },
  { name: 'Chicago', timeZone: 'America/Chicago', windowsTimeZone: 'Central Standard Time', country: 'US' },
  { name: 'Berlin', timeZone: 'Europe/Berlin', windowsTimeZone: 'W. Europe Standard Time', country: 'DE' },
  { name: 'Paris', timeZone: 'Europe/Paris', windowsTimeZone: 'Romance Standard Time', country: 'FR' },
  { name: 'Bangalore', timeZone: 'Asia/Kolkata', windowsTimeZone: 'India Standard Time', country: 'IN' },
  {
    name: 'Sydney',
    timeZone: 'Australia/Sydney',
    windowsTimeZone: 'AUS Eastern Standard Time',
    country: 'AU',
  },
];

/** Department -> the division it belongs to. */
export const DEPARTMENTS: Readonly<Record<string, string>> = {
  Engineering: 'Product',
  Product: 'Product',
  Design: 'Product',
  Sales: 'Revenue',
  Marketing: 'Revenue',
  'Customer Success': 'Revenue',
  Finance: 'Operations',
  'People Operations': 'Operations',
  Legal: 'Operations',
  IT: 'Operations',
};

const FIRST_NAMES = [
  'Alice',
  'Bruno',
  'Chloé',
  'Dmitri',
  'Emma',
  'Farah',
  'George',
  'Hana',
  'Ivan',
  'Jana',
  'Kenji',
  'Lena',
  'Marco',
  'Nadia',
  'Oliver',
  'Priya',
  'Quentin',
  'Rosa',
  'Samuel',
  'Tara',
  'Umar',
  'Vera',
  'William',
  'Xin',
  'Yusuf',
  'Zoe',
  'Aaron',
  'Beatriz',
  'Carlos',
  'Daniela',
  'Ethan',
  'Fatima',
  'Gabriel',
  'Helga',
  'Isaac',
  'Julia',
  'Kofi',
  'Laura',
  'Mohammed',
  'Nora',
  'Oscar',
  'Paula',
  'Rahul',
  'Sofia',
  'Tomás',
  'Ursula',
  'Victor',
  'Wei',
  'Yara',
  'Zainab',
  'José',
  'Siobhán',
] as const;

const LAST_NAMES = [
  'Smith',
  'Müller',
  'García',
  'Nguyen',
  'Kowalski',
  'Okafor',
  'Rossi',
  'Johansson',
  'Tanaka',
  'Patel',
  'Dubois',
  'Ivanova',
  "O'Brien",
  'Fernández',
  'Kim',
  'Schneider',
  'Cohen',
  'Silva',
  'Haddad',
  'Novak',
  'Andersen',
  'Brown',
  'Chen',
  'Dvořák',
  'Eriksen',
  'Fischer',
  'Gupta',
  'Horvat',
  'Ibrahim',
  'Jensen',
  'Kaur',
  'Lindqvist',
  'Martin',
  'Nakamura',
  'Olsen',
  'Popescu',
  'Quinn',
  'Reyes',
  'Sato',
  'Taylor',
  'Van der Berg',
  'Wójcik',
  'Yilmaz',
  'Zhang',
] as const;

const JOB_TITLES = ['Associate', 'Specialist', 'Senior Specialist', 'Lead', 'Manager', 'Director'] as const;

export interface Person {
  /** HR's employee number; also the directory's employeeId. Unique. */
  employeeNumber: string;
  firstName: string;
  lastName: string;
  /** "First Last"; two people may share one (a display-name conflict waiting to happen). */
  displayName: string;
  /** ASCII, lower-case, unique within the population: the local part of work email and UPN. */
  alias: string;
  /** Work email, `alias@emailDomain`. */
  workEmail: string;
  /** Directory sign-in name, `alias@upnDomain` (often the same as the email). */
  upn: string;
  /** Personal address HR holds; never to be imported. */
  homeEmail: string;
  department: string;
  division: string;
  jobTitle: string;
  location: Location;
  /** YYYY-MM-DD. */
  hireDate: string;
  /** YYYY-MM-DD when employment ended, else null. */
  terminationDate: string | null;
  /** Employment as HR sees it. */
  status: 'active' | 'terminated';
  /** pre-Windows-2000 logon name (max 20 chars) for people with an on-premises AD account. */
  samAccountName: string;
}

export interface PeopleOptions {
  /** Domain of work emails. Default `acme.com`. */
  emailDomain?: string;
  /** Domain of UPNs. Default: emailDomain. */
  upnDomain?: string;
  /** Share of people whose employment ended (0..1). Default 0.03. */
  terminatedShare?: number;
  /** Share of people given the display name of an earlier person (0..1). Default 0.005. */
  duplicateNameShare?: number;
}

const DAY_MS = 86_400_000;
const EPOCH_2015 = Date.UTC(2015, 0, 1);
const SPAN_DAYS = 3650;

/** `n` people, deterministic from `seed`. Employee numbers are `E000001`, `E000002`, ... */
export function generatePeople(n: number, seed: number, options: PeopleOptions = {}): Person[] {
  const random = createRandom(seed);
  const emailDomain = options.emailDomain ?? 'acme.com';
  const upnDomain = options.upnDomain ?? emailDomain;
  const terminatedShare = options.terminatedShare ?? 0.03;
  const duplicateNameShare = options.duplicateNameShare ?? 0.005;
  const departments = Object.keys(DEPARTMENTS);
  const aliasesTaken = new Map<string, number>();
  const namesTaken = new Set<string>();
  const people: Person[] = [];

  for (let index = 0; index < n; index += 1) {
    const twin = people.length > 0 && random.chance(duplicateNameShare) ? random.pick(people) : null;
    const firstName = twin?.firstName ?? random.pick(FIRST_NAMES);
    const lastName = twin?.lastName ?? random.pick(LAST_NAMES);
    const alias = uniqueAlias(`${asciiSlug(firstName)}.${asciiSlug(lastName)}`, aliasesTaken);
    // Only planted twins share a display name; a chance collision gets a middle initial, so the
    // demo's conflict report shows what was planted rather than the name pools' birthday paradox.
    const displayName = twin ? twin.displayName : uniqueDisplayName(firstName, lastName, index, namesTaken);
    namesTaken.add(displayName);
    const department = random.pick(departments);
    const hireDay = random.int(SPAN_DAYS);
    const terminated = random.chance(terminatedShare);
    const employeeNumber = `E${String(index + 1).padStart(6, '0')}`;
    people.push({
      employeeNumber,
      firstName,
      lastName,
      displayName,
      alias,
      workEmail: `${alias}@${emailDomain}`,
      upn: `${alias}@${upnDomain}`,
      homeEmail: `${alias.replace('.', '')}${random.int(100)}@gmail.com`,
      department,
      division: DEPARTMENTS[department]!,
      jobTitle: random.pick(JOB_TITLES),
      location: random.pick(LOCATIONS),
      hireDate: isoDay(EPOCH_2015 + hireDay * DAY_MS),
      terminationDate: terminated
        ? isoDay(EPOCH_2015 + (hireDay + 1 + random.int(SPAN_DAYS - hireDay)) * DAY_MS)
        : null,
      status: terminated ? 'terminated' : 'active',
      samAccountName: samAccountNameFor(firstName, lastName, index),
    });
  }
  return people;
}

/** Lower-case ASCII letters only: "Chloé" -> "chloe", "O'Brien" -> "obrien", "Van der Berg" -> "vanderberg". */
export function asciiSlug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

function uniqueDisplayName(
  firstName: string,
  lastName: string,
  index: number,
  taken: ReadonlySet<string>,
): string {
  const plain = `${firstName} ${lastName}`;
  if (!taken.has(plain)) return plain;
  const initial = `${firstName} ${String.fromCharCode(65 + (index % 26))}. ${lastName}`;
  return taken.has(initial) ? `${firstName} ${lastName} (${index + 1})` : initial;
}

function uniqueAlias(base: string, taken: Map<string, number>): string {
  const seen = taken.get(base) ?? 0;
  taken.set(base, seen + 1);
  return seen === 0 ? base : `${base}${seen + 1}`;
}

// Unique by construction (the index is in it) and within AD's 20-character limit.
function samAccountNameFor(firstName: string, lastName: string, index: number): string {
  const number = String(index + 1);
  const letters = `${asciiSlug(firstName).slice(0, 1)}${asciiSlug(lastName)}`.slice(0, 20 - number.length);
  return `${letters}${number}`;
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
