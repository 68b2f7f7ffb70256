// The benchmark's population: N people, each described by an HRIS row, an IT directory row, or
// both. Deterministic for a seed, so two machines (or two runs) benchmark the same data.

export interface HrisRow {
  personId: string;
  employeeNumber: string;
  first: string;
  last: string;
  email: string;
  department: string;
  division: string;
  timeZone: string;
  status: 'Active' | 'Terminated';
}

export interface ItRow {
  objectId: string;
  upn: string;
  mail: string;
  login: string;
  displayName: string;
  /** Only some directory accounts carry the employee id. */
  employeeId: string;
  enabled: boolean;
}

export interface Person {
  index: number;
  first: string;
  last: string;
  hris: HrisRow | null;
  it: ItRow | null;
}

/** mulberry32: small, fast, good enough to spread synthetic people; never for anything secret. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const FIRST_NAMES = [
  'Ada',
  'Alan',
  'Amara',
  'Anna',
  'Arjun',
  'Ben',
  'Carla',
  'Chen',
  'Dana',
  'David',
  'Elena',
  'Emil',
  'Fatima',
  'Felix',
  'Grace',
  'Hana',
  'Hugo',
  'Ines',
  'Ivan',
  'Jana',
  'Jonas',
  'Kai',
  'Karin',
  'Leo',
  'Lina',
  'Luca',
  'Maja',
  'Marco',
  'Maria',
  'Mateo',
  'Mei',
  'Nadia',
  'Noah',
  'Nora',
  'Omar',
  'Paula',
  'Pedro',
  'Priya',
  'Rafael',
  'Rosa',
  'Sam',
  'Sara',
  'Sofia',
  'Tariq',
  'Tom',
  'Uma',
  'Vera',
  'Wei',
  'Yara',
  'Yusuf',
  'Zoe',
  'Aiko',
  'Bruno',
  'Chloe',
  'Diego',
  'Eva',
  'Farid',
  'Greta',
  'Hiro',
  'Iris',
];

const SYLLABLES = [
  'ber',
  'cal',
  'dor',
  'fen',
  'gar',
  'han',
  'kel',
  'lin',
  'mor',
  'nak',
  'ols',
  'pet',
  'quin',
  'ros',
  'sal',
  'tor',
  'ul',
  'vik',
  'wen',
  'yam',
  'zor',
  'ash',
  'bri',
  'dal',
];

const DEPARTMENTS: ReadonlyArray<[department: string, division: string]> = [
  ['Engineering', 'Product & Technology'],
  ['Platform', 'Product & Technology'],
  ['Data Science', 'Product & Technology'],
  ['Design', 'Product & Technology'],
  ['IT Operations', 'Product & Technology'],
  ['Sales EMEA', 'Revenue'],
  ['Sales Americas', 'Revenue'],
  ['Sales APAC', 'Revenue'],
  ['Customer Success', 'Revenue'],
  ['Marketing', 'Revenue'],
  ['Finance', 'Corporate'],
  ['Legal', 'Corporate'],
  ['People', 'Corporate'],
  ['Facilities', 'Corporate'],
  ['Procurement', 'Corporate'],
  ['Support', 'Operations'],
  ['Logistics', 'Operations'],
  ['Manufacturing', 'Operations'],
  ['Quality', 'Operations'],
  ['Research', 'Research'],
];

const TIME_ZONES = [
  'Europe/Berlin',
  'Europe/London',
  'Europe/Paris',
  'America/New_York',
  'America/Chicago',
  'America/Los_Angeles',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Asia/Kolkata',
];

const DOMAIN = 'acme.example';

function lastNameOf(n: number): string {
  const s = SYLLABLES.length;
  const word = SYLLABLES[n % s]! + SYLLABLES[Math.floor(n / s) % s]! + SYLLABLES[Math.floor(n / s / s) % s]!;
  return word.charAt(0).toUpperCase() + word.slice(1);
}

const NAME_SPACE = FIRST_NAMES.length * SYLLABLES.length ** 3;
// Coprime to NAME_SPACE (which is 2^a 3^b 5^c): scatters consecutive people over the name space
// while keeping every name pair distinct, so only planted duplicates collide.
const NAME_STRIDE = 7_919;

/** A distinct (first, last) pair for each index below NAME_SPACE (829,440). */
export function nameOf(index: number): { first: string; last: string } {
  const n = (index * NAME_STRIDE) % NAME_SPACE;
  const first = FIRST_NAMES[n % FIRST_NAMES.length]!;
  const last = lastNameOf(Math.floor(n / FIRST_NAMES.length));
  const round = Math.floor(index / NAME_SPACE);
  return { first, last: round === 0 ? last : `${last}${round + 1}` };
}

function hex(random: () => number, digits: number): string {
  let out = '';
  while (out.length < digits)
    out += Math.floor(random() * 0x1_0000_0000)
      .toString(16)
      .padStart(8, '0');
  return out.slice(0, digits);
}

/** A directory object id shaped like a GUID. */
function objectIdOf(random: () => number): string {
  const h = hex(random, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

export function departmentOf(random: () => number): [string, string] {
  return pick(random, DEPARTMENTS);
}

export function workEmailOf(first: string, last: string): string {
  return `${first}.${last}@${DOMAIN}`.toLowerCase();
}

/** Where a person appears: most in both sources; HR-only staff without an account; IT-only contractors. */
const IN_BOTH = 0.86;
const HRIS_ONLY = 0.07;

export function createPerson(index: number, random: () => number): Person {
  const { first, last } = nameOf(index);
  const roll = random();
  const inHris = roll < IN_BOTH + HRIS_ONLY;
  const inIt = roll < IN_BOTH || roll >= IN_BOTH + HRIS_ONLY;
  const [department, division] = departmentOf(random);
  const email = workEmailOf(first, last);
  const employeeNumber = `E${String(100_000 + index)}`;
  const username = `${first.charAt(0)}${last}${index}`.toLowerCase();
  const hris: HrisRow | null = inHris
    ? {
        personId: `P${String(index).padStart(7, '0')}`,
        employeeNumber,
        first,
        last,
        email,
        department,
        division,
        timeZone: pick(random, TIME_ZONES),
        status: 'Active',
      }
    : null;
  const it: ItRow | null = inIt
    ? {
        objectId: objectIdOf(random),
        upn: `${username}@${DOMAIN}`,
        mail: inHris ? email : `${first}.${last}@contractors.${DOMAIN}`.toLowerCase(),
        login: `ACME\\${username}`,
        displayName: `${first} ${last}`,
        employeeId: inHris && random() < 0.6 ? employeeNumber : '',
        enabled: true,
      }
    : null;
  return { index, first, last, hris, it };
}
