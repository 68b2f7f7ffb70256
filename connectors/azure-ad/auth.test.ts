// Certificate auth with the real ClientCertificateCredential: it signs a client assertion with
// the PEM's key and the simulated token endpoint accepts it. Managed identity with the real
// DefaultAzureCredential, as a Kubernetes pod with workload identity runs it: the federated token
// the platform mounts is sent as the client assertion.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { afterEach, describe, expect, it } from 'vitest';
import { generateGraphUsers } from '../../src/simulator/graph/index.ts';
import { CLIENT_ID, connector, drain, startTenant, TENANT_ID, useGraphMsw } from './__fixtures__/harness.ts';

useGraphMsw();

describe('azure-ad certificate auth', () => {
  it('gets its token with a client assertion signed by the certificate in certificate_path', async () => {
    const pems = await generate([{ name: 'commonName', value: 'idsync' }], { keySize: 2048 });
    const path = join(mkdtempSync(join(tmpdir(), 'idsync-cert-')), 'idsync.pem');
    writeFileSync(path, `${pems.private}\n${pems.cert}`);
    const tenant = startTenant(generateGraphUsers(3, 1));
    const result = await drain(
      connector({ auth: 'client_certificate', client_secret: undefined, certificate_path: path }),
    );
    expect(result.records).toHaveLength(3);
    expect(tenant.tokensIssued).toBe(1);
    expect(tenant.lastClientAuth).toBe('assertion');
  });
});

describe('azure-ad managed identity auth', () => {
  const WORKLOAD_ENV = ['AZURE_FEDERATED_TOKEN_FILE', 'AZURE_CLIENT_ID', 'AZURE_TENANT_ID'] as const;
  const saved = new Map(WORKLOAD_ENV.map((name) => [name, process.env[name]]));
  afterEach(() => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('gets its token through workload identity: the mounted federated token is the client assertion', async () => {
    const federatedToken = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6aWRzeW5jIn0.c2ln';
    const path = join(mkdtempSync(join(tmpdir(), 'idsync-wi-')), 'azure-identity-token');
    writeFileSync(path, federatedToken);
    process.env.AZURE_FEDERATED_TOKEN_FILE = path;
    process.env.AZURE_CLIENT_ID = CLIENT_ID;
    process.env.AZURE_TENANT_ID = TENANT_ID;
    const tenant = startTenant(generateGraphUsers(3, 1));
    const result = await drain(connector({ auth: 'managed_identity', client_secret: undefined }));
    expect(result.records).toHaveLength(3);
    expect(tenant.tokensIssued).toBe(1);
    expect(tenant.lastClientAuth).toBe('assertion');
    expect(tenant.lastClientAssertion).toBe(federatedToken);
  });
});
