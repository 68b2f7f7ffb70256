import { describe, expect, it } from 'vitest';
import { asciiSlug, generatePeople } from './people.ts';

describe('generatePeople', () => {
  it('gives the same people for the same seed and different people for another seed', () => {
    expect(generatePeople(50, 7)).toEqual(generatePeople(50, 7));
    expect(generatePeople(50, 8)).not.toEqual(generatePeople(50, 7));
  });

  it('gives every person a unique employee number, alias, work email, UPN and sAMAccountName', () => {
    const people = generatePeople(3000, 1);
    for (const key of ['employeeNumber', 'alias', 'workEmail', 'upn', 'samAccountName'] as const) {
      expect(new Set(people.map((person) => person[key].toLowerCase())).size).toBe(people.length);
    }
    expect(people.every((person) => person.samAccountName.length <= 20)).toBe(true);
  });

  it('puts emails and UPNs on the configured domains', () => {
    const [person] = generatePeople(1, 3, { emailDomain: 'mail.example', upnDomain: 'corp.example' });
    expect(person!.workEmail).toBe(`${person!.alias}@mail.example`);
    expect(person!.upn).toBe(`${person!.alias}@corp.example`);
  });

  it('terminates the configured share and gives the terminated a termination date after hire', () => {
    const people = generatePeople(2000, 2, { terminatedShare: 0.5 });
    const terminated = people.filter((person) => person.status === 'terminated');
    expect(terminated.length).toBeGreaterThan(800);
    expect(terminated.length).toBeLessThan(1200);
    for (const person of terminated) expect(person.terminationDate! > person.hireDate).toBe(true);
    expect(people.filter((p) => p.status === 'active').every((p) => p.terminationDate === null)).toBe(true);
  });

  it('repeats display names only when asked to (duplicateNameShare)', () => {
    const people = generatePeople(500, 4, { duplicateNameShare: 0.2 });
    const names = people.map((person) => person.displayName);
    expect(new Set(names).size).toBeLessThan(names.length);
  });

  it('folds accented and punctuated names to ASCII aliases', () => {
    expect(asciiSlug('Chloé')).toBe('chloe');
    expect(asciiSlug("O'Brien")).toBe('obrien');
    expect(asciiSlug('Van der Berg')).toBe('vanderberg');
  });
});
