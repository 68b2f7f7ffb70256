import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphSimulator, generateGraphUsers } from './graph/index.ts';
import { type LoopbackHttpsServer, startLoopbackHttpsServer } from './https.ts';

const tenant = {
  tenantId: '11111111-2222-4333-8444-555555555555',
  clientId: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
  clientSecret: 'loopback-secret',
};
const childScript = fileURLToPath(
  new URL('../../connectors/azure-ad/__fixtures__/pull-over-https.ts', import.meta.url),
);

describe('loopback HTTPS server', () => {
  let server: LoopbackHttpsServer;
  beforeAll(async () => {
    const simulator = createGraphSimulator({
      ...tenant,
      users: generateGraphUsers(1500, 8, { guestShare: 0 }),
    });
    server = await startLoopbackHttpsServer([simulator.handler]);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('serves handlers over TLS with a certificate that its own PEM verifies', async () => {
    const body = await new Promise<string>((resolve, reject) => {
      const req = request(
        `${server.origin}/${tenant.tenantId}/v2.0/.well-known/openid-configuration`,
        { ca: server.certificatePem },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => {
            text += chunk.toString();
          });
          res.on('end', () => resolve(text));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(JSON.parse(body).token_endpoint).toBe(`${server.origin}/${tenant.tenantId}/oauth2/v2.0/token`);
  });

  it('lets the real connector pull over TLS in a process that trusts the PEM through NODE_EXTRA_CA_CERTS', async () => {
    const caFile = join(mkdtempSync(join(tmpdir(), 'idsync-ca-')), 'simulator.pem');
    writeFileSync(caFile, server.certificatePem);
    const { stdout } = await promisify(execFile)(process.execPath, [childScript], {
      env: {
        ...process.env,
        NODE_EXTRA_CA_CERTS: caFile,
        SIM_ORIGIN: server.origin,
        SIM_TENANT_ID: tenant.tenantId,
        SIM_CLIENT_ID: tenant.clientId,
        SIM_CLIENT_SECRET: tenant.clientSecret,
      },
      timeout: 20_000,
    });
    const result = JSON.parse(stdout) as { records: number; outcome: { complete: boolean } };
    expect(result.records).toBe(1500);
    expect(result.outcome.complete).toBe(true);
  });
});
