// ${ENV} config syntax is what these tests feed in.
import { describe, expect, it } from 'vitest';
import { directoryKind } from './__fixtures__/fake-kinds.ts';
import { problemsOf, problemsOfAsync, tempFile } from './__fixtures__/problems.ts';
import { loadConfig, parseConfig } from './load.ts';

const registry = { directory: directoryKind };

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
