// ${ENV} config syntax is what these tests feed in.
import { describe, expect, it } from 'vitest';
import { expandEnv, expandString } from './env.ts';

describe('expandString', () => {
  it('expands ${NAME} from the environment', () => {
    expect(expandString('id-${TENANT}-x', { TENANT: 'acme' })).toEqual({ ok: true, value: 'id-acme-x' });
  });

  it('uses the default of ${NAME:-default} when the variable is unset or empty', () => {
    expect(expandString('${PORT:-8080}', {})).toEqual({ ok: true, value: '8080' });
    expect(expandString('${PORT:-8080}', { PORT: '' })).toEqual({ ok: true, value: '8080' });
    expect(expandString('${PORT:-8080}', { PORT: '9000' })).toEqual({ ok: true, value: '9000' });
    expect(expandString('${TOKEN:-}', {})).toEqual({ ok: true, value: '' });
  });

  it('names the missing variable when ${NAME} is unset and has no default', () => {
    expect(expandString('${AZURE_CLIENT_SECRET}', {})).toEqual({
      ok: false,
      messages: ['required (environment variable AZURE_CLIENT_SECRET is not set)'],
    });
  });

  it('writes a literal ${ for the escape $${', () => {
    expect(expandString('pa$${HOME}ss', { HOME: '/root' })).toEqual({ ok: true, value: 'pa${HOME}ss' });
  });

  it('never expands a value a second time', () => {
    expect(expandString('${A}', { A: '${B}', B: 'leak' })).toEqual({ ok: true, value: '${B}' });
  });

  it('inserts a value containing YAML syntax as plain text', () => {
    const secret = 'a: b # {c} "d"\n- e';
    expect(expandString('${S}', { S: secret })).toEqual({ ok: true, value: secret });
  });

  it('refuses a malformed reference without quoting the text', () => {
    const result = expandString('s3cr3t${not a name}', {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.messages.join(' ')).not.toContain('s3cr3t');
    expect(expandString('${UNCLOSED', {}).ok).toBe(false);
  });

  it('leaves a lone $ and text without references unchanged', () => {
    expect(expandString('cost $5 and $$ twice', {})).toEqual({ ok: true, value: 'cost $5 and $$ twice' });
  });
});

describe('expandEnv', () => {
  it('expands string values at every depth and leaves keys and other scalars alone', () => {
    const tree = { '${K}': 'v', list: ['${A}', 3, true], nested: { deep: '${A}' } };
    expect(expandEnv(tree, { A: 'x', K: 'no' }).value).toEqual({
      '${K}': 'v',
      list: ['x', 3, true],
      nested: { deep: 'x' },
    });
  });

  it('reports a missing variable under the key path that uses it', () => {
    const result = expandEnv({ connectors: [{ id: 'a' }, { client_secret: '${AZURE_CLIENT_SECRET}' }] }, {});
    expect(result.problems).toEqual([
      {
        path: 'connectors[1].client_secret',
        message: 'required (environment variable AZURE_CLIENT_SECRET is not set)',
      },
    ]);
    expect(result.failedPaths).toEqual(new Set(['connectors[1].client_secret']));
  });
});
