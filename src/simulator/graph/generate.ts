// Realistic Graph users for the simulated tenant, built from the shared population of people
// (../people.ts) so a BambooHR account generated from the same seed describes the same people.
// Deterministic from the seed.
import { createRandom, generatePeople, type PeopleOptions, type Person, type Random } from '../people.ts';

export interface GeneratedGraphUser {
  [property: string]: unknown;
  id: string;
  userPrincipalName: string;
  displayName: string;
  givenName: string;
  surname: string;
  mail: string | null;
  otherMails: string[];
  proxyAddresses: string[];
  employeeId: string | null;
  department: string | null;
  jobTitle: string;
  officeLocation: string;
  accountEnabled: boolean;
  userType: 'Member' | 'Guest';
  onPremisesSamAccountName: string | null;
  onPremisesDomainName: string | null;
  onPremisesSyncEnabled: boolean | null;
  /** Not on the list endpoint: served by `/users/{id}/mailboxSettings`. */
  mailboxSettings: { timeZone: string };
}

export interface GraphUsersOptions extends PeopleOptions {
  /** Share of members synced from on-premises AD (sAMAccountName, domain). Default 0.6. */
  onPremisesShare?: number;
  /** DNS name of the on-premises domain. Default `corp.<emailDomain>`. */
  onPremisesDomainName?: string;
  /** Share of extra guest users (B2B, `#EXT#` UPNs), on top of n. Default 0.02. */
  guestShare?: number;
  /** Share of members with no employeeId. Default 0.05. */
  missingEmployeeIdShare?: number;
  /** Share of members whose proxyAddresses also claim an earlier member's address (a conflict). Default 0. */
  sharedAddressShare?: number;
  /** Share of members whose mailbox reports the IANA zone instead of the Windows zone name. Default 0.2. */
  ianaTimeZoneShare?: number;
}

/** `n` members (one per person of `generatePeople(n, seed)`, in order) plus the guests. */
export function generateGraphUsers(
  n: number,
  seed: number,
  options: GraphUsersOptions = {},
): GeneratedGraphUser[] {
  const people = generatePeople(n, seed, options);
  const random = createRandom(seed ^ 0x5eed);
  const emailDomain = options.emailDomain ?? 'acme.com';
  const onPremisesDomain = options.onPremisesDomainName ?? `corp.${emailDomain}`;
  const users: GeneratedGraphUser[] = [];

  for (const person of people) {
    const user = memberFrom(person, random, options, onPremisesDomain);
    const earlier =
      users.length > 0 && random.chance(options.sharedAddressShare ?? 0) ? random.pick(users) : null;
    if (earlier?.mail) user.proxyAddresses.push(`smtp:${earlier.mail}`);
    users.push(user);
  }
  const guests = Math.round(n * (options.guestShare ?? 0.02));
  for (let index = 0; index < guests; index += 1) users.push(guestFrom(index, random, emailDomain));
  return users;
}

function memberFrom(
  person: Person,
  random: Random,
  options: GraphUsersOptions,
  onPremisesDomain: string,
): GeneratedGraphUser {
  const onPremises = random.chance(options.onPremisesShare ?? 0.6);
  const emailDomain = options.emailDomain ?? 'acme.com';
  const proxyAddresses = [
    `SMTP:${person.workEmail}`,
    `smtp:${person.alias}@${emailDomain.split('.')[0]}.onmicrosoft.com`,
  ];
  if (random.chance(0.3)) proxyAddresses.push(`sip:${person.workEmail}`);
  if (onPremises) proxyAddresses.push(`x500:/o=ACME/ou=Exchange/cn=Recipients/cn=${person.samAccountName}`);
  const timeZone = random.chance(options.ianaTimeZoneShare ?? 0.2)
    ? person.location.timeZone
    : person.location.windowsTimeZone;
  return {
    id: guidFrom(random),
    userPrincipalName: person.upn,
    displayName: person.displayName,
    givenName: person.firstName,
    surname: person.lastName,
    mail: person.workEmail,
    otherMails: random.chance(0.05) ? [person.homeEmail] : [],
    proxyAddresses,
    employeeId: random.chance(options.missingEmployeeIdShare ?? 0.05) ? null : person.employeeNumber,
    department: person.department,
    jobTitle: person.jobTitle,
    officeLocation: person.location.name,
    accountEnabled: person.status === 'active',
    userType: 'Member',
    onPremisesSamAccountName: onPremises ? person.samAccountName : null,
    onPremisesDomainName: onPremises ? onPremisesDomain : null,
    onPremisesSyncEnabled: onPremises ? true : null,
    mailboxSettings: { timeZone },
  };
}

function guestFrom(index: number, random: Random, emailDomain: string): GeneratedGraphUser {
  const external = `guest${index + 1}@partner${random.int(20)}.example`;
  const tenantPrefix = emailDomain.split('.')[0];
  return {
    id: guidFrom(random),
    userPrincipalName: `${external.replace('@', '_')}#EXT#@${tenantPrefix}.onmicrosoft.com`,
    displayName: `Guest ${index + 1}`,
    givenName: 'Guest',
    surname: String(index + 1),
    mail: external,
    otherMails: [external],
    proxyAddresses: [`SMTP:${external}`],
    employeeId: null,
    department: null,
    jobTitle: 'External',
    officeLocation: '',
    accountEnabled: true,
    userType: 'Guest',
    onPremisesSamAccountName: null,
    onPremisesDomainName: null,
    onPremisesSyncEnabled: null,
    mailboxSettings: { timeZone: 'UTC' },
  };
}

function guidFrom(random: Random): string {
  const hex = Array.from({ length: 32 }, () => random.int(16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}
