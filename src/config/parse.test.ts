import { describe, expect, it } from 'vitest';
import { directoryKind } from './__fixtures__/fake-kinds.ts';
import { problemsOf } from './__fixtures__/problems.ts';
import { parseConfig } from './load.ts';
import { DEFAULT_PERSONAL_EMAIL_DOMAINS } from './schema.ts';

const registry = { directory: directoryKind };

describe('defaults', () => {
  it('turns an empty config into a valid one with every default and no connectors', () => {
    expect(parseConfig({}, { env: {}, registry })).toEqual({
      database: { url: '', data_dir: './data' },
      api: { listen: '127.0.0.1:8080', token: '', max_body_bytes: 5 * 1024 * 1024 },
      settings: {
        activity_threshold_days: 30,
        email_auto_detection: true,
        expanded_agent_user_association: false,
        personal_email_domains: [...DEFAULT_PERSONAL_EMAIL_DOMAINS],
      },
      sync: { deletion_threshold: { count: 500, percent: 20 }, shutdown_timeout_seconds: 10 },
      log: { level: 'info' },
      connectors: [],
    });
  });

  it('treats an empty file (YAML null) and empty keys as "use the default"', () => {
    const config = parseConfig(null, { env: {}, registry });
    expect(config.api.listen).toBe('127.0.0.1:8080');
    const withEmptyKeys = parseConfig(
      { settings: null, api: { token: null }, connectors: null },
      { env: {}, registry },
    );
    expect(withEmptyKeys.settings.activity_threshold_days).toBe(30);
    expect(withEmptyKeys.api.token).toBe('');
    expect(withEmptyKeys.connectors).toEqual([]);
  });

  it('applies the common connector defaults', () => {
    const config = parseConfig(
      { connectors: [{ id: 'entra', kind: 'directory', tenant_id: 't', client_secret: 's' }] },
      { env: {}, registry },
    );
    expect(config.connectors).toEqual([
      {
        id: 'entra',
        kind: 'directory',
        precedence: 100,
        on_disable: 'remove_identifiers',
        max_retries: 6,
        enabled: true,
        tenant_id: 't',
        client_secret: 's',
        include_guests: false,
      },
    ]);
  });
});

describe('validation', () => {
  it('reports all problems at once, each under its key path', () => {
    const problems = problemsOf(() =>
      parseConfig(
        {
          api: { listen: 'localhost', max_body_bytes: 0 },
          settings: { activity_threshold_days: 0.5 },
          sync: { deletion_threshold: { percent: 150 } },
          log: { level: 'loud' },
          connectors: [
            { id: 'bad id!', kind: 'directory', tenant_id: 't', client_secret: 's', precedence: 'high' },
          ],
        },
        { env: {}, registry },
      ),
    );
    expect(problems.map((problem) => problem.path).sort()).toEqual([
      'api.listen',
      'api.max_body_bytes',
      'connectors[0].id',
      'connectors[0].precedence',
      'log.level',
      'settings.activity_threshold_days',
      'sync.deletion_threshold.percent',
    ]);
    expect(problems.find((problem) => problem.path === 'api.listen')?.message).toMatch(/host:port/);
  });

  it('refuses an unknown key at the top level and in a section, suggesting the key meant', () => {
    const problems = problemsOf(() =>
      parseConfig({ setings: {}, settings: { activity_treshold_days: 10 } }, { env: {}, registry }),
    );
    expect(problems).toEqual([
      {
        path: 'settings.activity_treshold_days',
        message: 'unknown key (did you mean activity_threshold_days?)',
      },
      { path: 'setings', message: 'unknown key (did you mean settings?)' },
    ]);
  });

  it('validates api.listen as host:port with a port up to 65535', () => {
    for (const listen of ['0.0.0.0:8080', 'localhost:0', '[::1]:8080', 'idsync.internal:443']) {
      expect(parseConfig({ api: { listen } }, { env: {}, registry }).api.listen).toBe(listen);
    }
    for (const listen of ['8080', ':8080', 'host:65536', 'host:port', 'http://host:80']) {
      expect(problemsOf(() => parseConfig({ api: { listen } }, { env: {}, registry }))[0]?.path).toBe(
        'api.listen',
      );
    }
  });

  it('refuses a top level that is not a mapping', () => {
    expect(problemsOf(() => parseConfig(['a'], { env: {}, registry }))[0]?.path).toBe('(top level)');
  });

  it('lowercases personal email domains and refuses one that is not a domain', () => {
    expect(
      parseConfig({ settings: { personal_email_domains: [' Example.ORG '] } }, { env: {}, registry }).settings
        .personal_email_domains,
    ).toEqual(['example.org']);
    const problems = problemsOf(() =>
      parseConfig({ settings: { personal_email_domains: ['not a domain'] } }, { env: {}, registry }),
    );
    expect(problems[0]?.path).toBe('settings.personal_email_domains[0]');
  });
});
