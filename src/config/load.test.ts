// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${ENV} config syntax is what these tests feed in.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { directoryKind, fakeKind } from './__fixtures__/fake-kinds.ts';
import { ConfigError, type ConfigProblem } from './errors.ts';
import { loadConfig, parseConfig } from './load.ts';
import { DEFAULT_PERSONAL_EMAIL_DOMAINS } from './schema.ts';

const registry = { directory: directoryKind };

function problemsOf(run: () => unknown): ConfigProblem[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

async function problemsOfAsync(run: () => Promise<unknown>): Promise<ConfigProblem[]> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

function tempFile(name: string, content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'idsync-config-')), name);
  writeFileSync(path, content);
  return path;
}

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

describe('environment variables', () => {
  it('expands ${ENV} and ${ENV:-default}, reading numbers and booleans from the expanded text', () => {
    const config = parseConfig(
      {
        api: { token: '${TOKEN}', listen: '${LISTEN:-0.0.0.0:9090}' },
        sync: { deletion_threshold: { count: '${MAX_DELETES:-50}' } },
        settings: { email_auto_detection: '${AUTO:-false}' },
      },
      { env: { TOKEN: 'abc' }, registry },
    );
    expect(config.api.token).toBe('abc');
    expect(config.api.listen).toBe('0.0.0.0:9090');
    expect(config.sync.deletion_threshold.count).toBe(50);
    expect(config.settings.email_auto_detection).toBe(false);
  });

  it('names the key and the variable when ${ENV} is unset, once, without a "required" echo from the kind', () => {
    const problems = problemsOf(() =>
      parseConfig(
        {
          connectors: [
            { id: 'a', kind: 'directory', tenant_id: 't', client_secret: 's' },
            { id: 'b', kind: 'directory', tenant_id: 't', client_secret: '${AZURE_CLIENT_SECRET}' },
          ],
        },
        { env: {}, registry },
      ),
    );
    expect(problems).toEqual([
      {
        path: 'connectors[1].client_secret',
        message: 'required (environment variable AZURE_CLIENT_SECRET is not set)',
      },
    ]);
  });

  it('keeps an escaped $${ as a literal ${', () => {
    const config = parseConfig({ api: { token: 'x$${NOT_A_VAR}' } }, { env: {}, registry });
    expect(config.api.token).toBe('x${NOT_A_VAR}');
  });
});

describe('DATABASE_URL', () => {
  it('fills an empty database.url from the DATABASE_URL environment variable', () => {
    const env = { DATABASE_URL: 'postgres://u:p@db:5432/idsync' };
    expect(parseConfig({}, { env, registry }).database.url).toBe('postgres://u:p@db:5432/idsync');
    expect(parseConfig({ database: { url: '${DATABASE_URL:-}' } }, { env, registry }).database.url).toBe(
      'postgres://u:p@db:5432/idsync',
    );
  });

  it('lets a database.url written in the file win over DATABASE_URL', () => {
    const config = parseConfig(
      { database: { url: 'postgresql://file/db' } },
      { env: { DATABASE_URL: 'postgres://env/db' }, registry },
    );
    expect(config.database.url).toBe('postgresql://file/db');
  });

  it('refuses a database URL that is not postgres without quoting it (it may hold a password)', () => {
    const problems = problemsOf(() =>
      parseConfig({ database: { url: 'mysql://u:hunter22@h/db' } }, { env: {} }),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe('database.url');
    expect(JSON.stringify(problems)).not.toContain('hunter22');
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

describe('secrets', () => {
  it('never quotes a secret value in an error message, even when a kind echoes its input', () => {
    const echoing = fakeKind(
      'echoing',
      z.object({
        api_key: z.string().refine((key) => key.startsWith('key-'), {
          error: (issue) => `bad api key ${String(issue.input)}`,
        }),
      }),
    );
    const problems = problemsOf(() =>
      parseConfig(
        { connectors: [{ id: 'hr', kind: 'echoing', api_key: '${HR_KEY}' }] },
        { env: { HR_KEY: 'sup3r-s3cret-value' }, registry: { echoing } },
      ),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe('connectors[0].api_key');
    expect(problems[0]!.message).toContain('bad api key');
    expect(JSON.stringify(problems)).not.toContain('sup3r-s3cret-value');
  });

  it('does not quote a secret that has the wrong type either', () => {
    const problems = problemsOf(() =>
      parseConfig({ api: { token: ['t0ken-in-a-list'] } }, { env: {}, registry }),
    );
    expect(problems.map((problem) => problem.path)).toEqual(['api.token']);
    expect(JSON.stringify(problems)).not.toContain('t0ken-in-a-list');
  });
});

describe('secrets read from *_file keys', () => {
  it('reads api.token_file and a connector client_secret_file, trimmed', () => {
    const tokenFile = tempFile('token', '  api-token-from-file\n');
    const secretFile = tempFile('secret', 'client-secret-from-file\n');
    const config = parseConfig(
      {
        api: { token_file: tokenFile },
        connectors: [
          { id: 'entra', kind: 'directory', tenant_id: 't', client_secret_file: '${SECRET_PATH}' },
        ],
      },
      { env: { SECRET_PATH: secretFile }, registry },
    );
    expect(config.api.token).toBe('api-token-from-file');
    expect(config.connectors[0]?.client_secret).toBe('client-secret-from-file');
    expect(config.connectors[0]).not.toHaveProperty('client_secret_file');
  });

  it('names the key of a secret file that is missing, and does not also call the secret required', () => {
    const problems = problemsOf(() =>
      parseConfig(
        {
          connectors: [
            {
              id: 'entra',
              kind: 'directory',
              tenant_id: 't',
              client_secret_file: '/nonexistent/idsync-secret',
            },
          ],
        },
        { env: {}, registry },
      ),
    );
    expect(problems).toEqual([
      {
        path: 'connectors[0].client_secret_file',
        message: 'cannot read /nonexistent/idsync-secret: file not found',
      },
    ]);
  });

  it('refuses both a secret and its _file', () => {
    const problems = problemsOf(() =>
      parseConfig({ api: { token: 'abc', token_file: tempFile('t', 'def') } }, { env: {}, registry }),
    );
    expect(problems).toEqual([
      { path: 'api.token_file', message: 'set either token or token_file, not both' },
    ]);
  });

  it('refuses an empty secret file', () => {
    const problems = problemsOf(() =>
      parseConfig({ api: { token_file: tempFile('t', '\n') } }, { env: {}, registry }),
    );
    expect(problems[0]?.path).toBe('api.token_file');
    expect(problems[0]?.message).toMatch(/is empty/);
  });
});

describe('loadConfig', () => {
  it('reads a YAML file, expanding a secret that contains YAML syntax as plain text', async () => {
    const path = tempFile('config.yaml', 'api:\n  token: "${TOKEN}"\nlog: { level: debug }\n');
    const config = await loadConfig(path, { env: { TOKEN: 'a: [b] # c' }, registry });
    expect(config.api.token).toBe('a: [b] # c');
    expect(config.log.level).toBe('debug');
  });

  it('names the path of a missing config file', async () => {
    const problems = await problemsOfAsync(() =>
      loadConfig('/nonexistent/idsync.yaml', { env: {}, registry }),
    );
    expect(problems).toEqual([
      { path: '/nonexistent/idsync.yaml', message: 'cannot read config file: file not found' },
    ]);
  });

  it('reports YAML syntax errors at file:line:column without quoting the line', async () => {
    const path = tempFile('config.yaml', 'api:\n  token: s3cr3t-t0ken: x\n');
    const problems = await problemsOfAsync(() => loadConfig(path, { env: {}, registry }));
    expect(problems[0]?.path).toMatch(new RegExp(`^${path}:2:\\d+$`));
    expect(JSON.stringify(problems)).not.toContain('s3cr3t-t0ken');
  });

  it('refuses duplicate keys in the YAML', async () => {
    const path = tempFile('config.yaml', 'log:\n  level: info\nlog:\n  level: debug\n');
    const problems = await problemsOfAsync(() => loadConfig(path, { env: {}, registry }));
    expect(problems[0]?.message).toMatch(/unique/);
  });

  it('accepts an empty file as all defaults', async () => {
    const config = await loadConfig(tempFile('config.yaml', '# nothing yet\n'), { env: {}, registry });
    expect(config.connectors).toEqual([]);
  });
});
