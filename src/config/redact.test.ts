import { describe, expect, it } from 'vitest';
import { directoryKind } from './__fixtures__/fake-kinds.ts';
import { parseConfig } from './load.ts';
import { collectSecretValues, isSecretKey, REDACTED, redactConfig, scrubProblem } from './redact.ts';

describe('secret keys', () => {
  it('treats api.token and connector keys named like secret, password, token, api_key, certificate, private_key as secret', () => {
    for (const key of [
      'token',
      'client_secret',
      'password',
      'proxy_password',
      'api_key',
      'refresh_token',
      'certificate',
      'private_key_pem',
    ]) {
      expect(isSecretKey(key), key).toBe(true);
    }
    for (const key of [
      'tenant_id',
      'client_id',
      'company_domain',
      'url',
      'schedule',
      'client_secret_file',
      'certificate_path',
    ]) {
      expect(isSecretKey(key), key).toBe(false);
    }
  });
});

describe('redactConfig', () => {
  it('replaces every secret value in a parsed config and leaves the rest as it was', () => {
    const config = parseConfig(
      {
        database: { url: 'postgres://idsync:db-pass@db:5432/idsync' },
        api: { token: 'api-token' },
        connectors: [{ id: 'entra', kind: 'directory', tenant_id: 'tenant', client_secret: 'client-secret' }],
      },
      { env: {}, registry: { directory: directoryKind } },
    );
    const redacted = redactConfig(config);
    expect(redacted).toMatchObject({
      database: { url: `postgres://idsync:${REDACTED}@db:5432/idsync` },
      api: { token: REDACTED, listen: '127.0.0.1:8080' },
      connectors: [{ id: 'entra', tenant_id: 'tenant', client_secret: REDACTED }],
    });
    const text = JSON.stringify(redacted);
    for (const secret of ['db-pass', 'api-token', 'client-secret']) expect(text).not.toContain(secret);
    expect(config.api.token).toBe('api-token');
  });

  it('leaves an empty secret empty, so "not configured" stays visible', () => {
    expect(redactConfig({ api: { token: '' } })).toEqual({ api: { token: '' } });
  });
});

describe('scrubProblem', () => {
  it('removes secret values quoted anywhere in a problem', () => {
    const secrets = collectSecretValues({
      connectors: [{ api_key: 'abcd1234' }],
      api: { token: 'tok-5678' },
    });
    expect(
      scrubProblem({ path: 'connectors[0].x', message: 'x differs from abcd1234 and tok-5678' }, secrets),
    ).toEqual({
      path: 'connectors[0].x',
      message: `x differs from ${REDACTED} and ${REDACTED}`,
    });
  });

  it('drops the message of a secret key too short to search for when the message quotes it', () => {
    const secrets = collectSecretValues({ api: { token: 'ab' } });
    expect(scrubProblem({ path: 'api.token', message: 'ab is too short' }, secrets).message).not.toContain(
      'ab',
    );
    expect(scrubProblem({ path: 'api.listen', message: 'must be host:port' }, secrets).message).toBe(
      'must be host:port',
    );
  });
});
