// Certificate auth with the real ClientCertificateCredential: it signs a client assertion with
// the PEM's key and the simulated token endpoint accepts it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { describe, expect, it } from 'vitest';
import { generateGraphUsers } from '../../src/simulator/graph/index.ts';
import { connector, drain, startTenant, useGraphMsw } from './__fixtures__/harness.ts';

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
