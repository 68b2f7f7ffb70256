// ${ENV} config syntax is what these tests feed in.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { directoryKind, fakeKind } from './__fixtures__/fake-kinds.ts';
import { problemsOf, tempFile } from './__fixtures__/problems.ts';
import { parseConfig } from './load.ts';

const registry = { directory: directoryKind };

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
