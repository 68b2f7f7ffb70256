// `idsync demo` as a new user runs it: one command brings up the simulated directories and the
// daemon (re-spawned so it trusts the simulators' certificate), both connectors sync, the API
// answers with the printed token, and Ctrl-C stops both processes cleanly.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

function waitForOutput(
  child: ChildProcess,
  output: () => string,
  pattern: RegExp,
  ms: number,
): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ${pattern} within ${ms} ms; output:\n${output()}`)),
      ms,
    );
    const check = () => {
      const match = pattern.exec(output());
      if (!match) return;
      clearTimeout(timer);
      child.stdout?.off('data', check);
      resolve(match);
    };
    child.stdout?.on('data', check);
    check();
  });
}

describe('idsync demo', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'idsync-demo-'));
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('syncs both simulated directories, answers the API with the printed token, and stops on SIGINT', async () => {
    const port = await freePort();
    child = spawn(
      process.execPath,
      ['src/cli.ts', 'demo', '--users', '40', '--port', String(port), '--data-dir', dataDir],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_EXTRA_CA_CERTS: '' } },
    );
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const [, token] = await waitForOutput(child, () => output, /API token:\s+(\S+)/, 30_000);
    expect(output).toContain(`http://127.0.0.1:${port}/`);
    await waitForOutput(child, () => output, /entra run #\d+ succeeded/, 60_000);
    await waitForOutput(child, () => output, /bamboo run #\d+ succeeded/, 60_000);

    const headers = { authorization: `Bearer ${token}` };
    const status = await fetch(`http://127.0.0.1:${port}/api/v1/status`, { headers });
    expect(status.status).toBe(200);
    const body = (await status.json()) as { users: { total: number }; connectors: Array<{ id: string }> };
    expect(body.connectors.map((connector) => connector.id)).toEqual(['entra', 'bamboo']);
    expect(body.users.total).toBeGreaterThanOrEqual(38);
    const conflicts = await fetch(`http://127.0.0.1:${port}/api/v1/conflicts?status=open`, { headers });
    const { conflicts: open } = (await conflicts.json()) as { conflicts: Array<{ kind: string }> };
    // The planted HR mistakes: an employee number typo and a work email copied from someone else.
    expect(open.filter((conflict) => conflict.kind === 'duplicate_in_source').length).toBeGreaterThanOrEqual(
      2,
    );
    expect((await fetch(`http://127.0.0.1:${port}/api/v1/status`)).status).toBe(401);

    const exited = once(child, 'exit');
    child.kill('SIGINT');
    const [code] = (await Promise.race([
      exited,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`demo did not stop:\n${output}`)), 15_000),
      ),
    ])) as [number | null];
    expect(code).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  }, 120_000);
});
