// ${ENV} config syntax is what these tests feed in.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { connectorKinds } from '../../connectors/index.ts';
import { directoryKind, fakeKind, looseRegistry } from './__fixtures__/fake-kinds.ts';
import type { ConnectorRegistry } from './connectors.ts';
import { ConfigError, type ConfigProblem } from './errors.ts';
import { parseConfig } from './load.ts';

const registry = { directory: directoryKind };
const valid = { kind: 'directory', tenant_id: 't', client_secret: 'client-secret' };

function problemsOf(connectors: unknown[], kinds: ConnectorRegistry = registry): ConfigProblem[] {
  try {
    parseConfig({ connectors }, { env: {}, registry: kinds });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('connector entries', () => {
  it('refuses a duplicate connector id, naming the entry that has it first (ids compare case-insensitively)', () => {
    expect(
      problemsOf([
        { id: 'entra', ...valid },
        { id: 'hr', ...valid },
        { id: 'Entra', ...valid },
      ]),
    ).toEqual([{ path: 'connectors[2].id', message: 'duplicate id: connectors[0] is already Entra' }]);
  });

  it('names the key of a bad cron expression', () => {
    const problems = problemsOf([{ id: 'a', ...valid, schedule: '61 * * * *', full_schedule: 'weekly' }]);
    expect(problems.map((problem) => problem.path)).toEqual([
      'connectors[0].schedule',
      'connectors[0].full_schedule',
    ]);
    expect(problems[0]?.message).toMatch(/not a valid cron expression.*minute/);
    expect(problems[1]?.message).toMatch(/5 or 6 fields/);
  });

  it('accepts five-field and six-field (seconds) cron expressions', () => {
    const config = parseConfig(
      { connectors: [{ id: 'a', ...valid, schedule: '*/30 * * * *', full_schedule: '0 0 3 * * 0' }] },
      { env: {}, registry },
    );
    expect(config.connectors[0]).toMatchObject({ schedule: '*/30 * * * *', full_schedule: '0 0 3 * * 0' });
  });

  it('refuses an unknown key inside a connector, suggesting the key meant', () => {
    expect(problemsOf([{ id: 'a', ...valid, schedul: '* * * * *', include_guest: true }])).toEqual([
      { path: 'connectors[0].schedul', message: 'unknown key (did you mean schedule?)' },
      { path: 'connectors[0].include_guest', message: 'unknown key (did you mean include_guests?)' },
    ]);
  });

  it("lets a strict kind schema report unknown keys itself, under the connector's path", () => {
    const strict = fakeKind('strict', z.strictObject({ path: z.string() }));
    expect(problemsOf([{ id: 'f', kind: 'strict', path: 'x.csv', pth: 'y' }], { strict })).toEqual([
      { path: 'connectors[0].pth', message: 'unknown key (did you mean path?)' },
    ]);
  });

  it("reports the kind's own problems under connectors[i].<key>", () => {
    expect(
      problemsOf([
        { id: 'ok', ...valid },
        { id: 'a', kind: 'directory', include_guests: 'yes' },
      ]),
    ).toEqual([
      { path: 'connectors[1].tenant_id', message: 'required' },
      { path: 'connectors[1].client_secret', message: 'required' },
      { path: 'connectors[1].include_guests', message: 'Invalid input: expected boolean, received string' },
    ]);
  });

  it('refuses a kind that is not in the registry, listing the known ones', () => {
    expect(problemsOf([{ id: 'a', kind: 'workday' }])).toEqual([
      { path: 'connectors[0].kind', message: 'unknown kind workday (known kinds: directory)' },
    ]);
    expect(problemsOf([{ id: 'a', kind: 'toString' }], {})).toEqual([
      { path: 'connectors[0].kind', message: 'unknown kind toString (no kinds are registered)' },
    ]);
  });

  it('requires id and kind and a mapping per entry', () => {
    expect(problemsOf([{}, 'entra'])).toEqual([
      { path: 'connectors[0].id', message: 'required' },
      { path: 'connectors[0].kind', message: 'required' },
      { path: 'connectors[1]', message: 'must be a mapping (id, kind, ...)' },
    ]);
  });

  it('validates the common keys: precedence, on_disable, max_retries 0..20, enabled', () => {
    const problems = problemsOf([
      { id: 'a', ...valid, precedence: 1.5, on_disable: 'delete', max_retries: 21, enabled: 'maybe' },
    ]);
    expect(problems.map((problem) => problem.path)).toEqual([
      'connectors[0].precedence',
      'connectors[0].on_disable',
      'connectors[0].max_retries',
      'connectors[0].enabled',
    ]);
    const config = parseConfig(
      {
        connectors: [
          { id: 'a', ...valid, precedence: 1, on_disable: 'untrack', max_retries: 0, enabled: false },
        ],
      },
      { env: {}, registry },
    );
    expect(config.connectors[0]).toMatchObject({
      precedence: 1,
      on_disable: 'untrack',
      max_retries: 0,
      enabled: false,
    });
  });

  it("keeps the kind's parsed output (defaults, transforms) next to the common keys", () => {
    const shaped = fakeKind(
      'shaped',
      z
        .object({ company_domain: z.string() })
        .transform((own) => ({ ...own, base_url: `https://${own.company_domain}` })),
    );
    const config = parseConfig(
      { connectors: [{ id: 'hr', kind: 'shaped', company_domain: 'acme' }] },
      { env: {}, registry: { shaped } },
    );
    expect(config.connectors[0]).toMatchObject({ id: 'hr', base_url: 'https://acme', precedence: 100 });
  });

  it('refuses an unknown key even behind a transform of a plain object schema', () => {
    const shaped = fakeKind(
      'shaped',
      z.object({ a: z.string() }).transform((own) => own),
    );
    expect(problemsOf([{ id: 'x', kind: 'shaped', a: 'ok', b: 'typo' }], { shaped })).toEqual([
      { path: 'connectors[0].b', message: 'unknown key' },
    ]);
  });

  it('uses the registry in connectors/index.ts by default', () => {
    const kind = 'throwaway-config-test';
    connectorKinds[kind] = fakeKind(kind, z.object({ path: z.string() }));
    try {
      const config = parseConfig({ connectors: [{ id: 'f', kind, path: 'x' }] }, { env: {} });
      expect(config.connectors[0]).toMatchObject({ id: 'f', kind, path: 'x' });
    } finally {
      delete connectorKinds[kind];
    }
  });

  it('accepts any own keys for a loose kind while still checking the common ones', () => {
    const loose = looseRegistry('anything');
    expect(problemsOf([{ id: 'a', kind: 'anything', whatever: 1, max_retries: -1 }], loose)).toEqual([
      { path: 'connectors[0].max_retries', message: 'Too small: expected number to be >=0' },
    ]);
  });
});
