// `idsync demo`, the outer process: it hosts the simulated directories and re-spawns the same
// command as a child that runs the daemon. Why two processes: the simulators' certificate is made
// when their server starts, and Node reads NODE_EXTRA_CA_CERTS (the only way to make its TLS
// trust that certificate) only when a process starts.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { demoConfigYaml, randomApiToken } from './config.ts';
import { type DemoDirectories, startDemoDirectories } from './directories.ts';
import { DEMO_CONFIG_ENV, type DemoOptions } from './index.ts';

async function portIsFree(port: number): Promise<number | null> {
  const server = createServer();
  server.listen(port, '127.0.0.1');
  try {
    await once(server, 'listening');
  } catch {
    return null;
  }
  const address = server.address();
  server.close();
  return typeof address === 'object' && address !== null ? address.port : null;
}

async function choosePort(wanted: number): Promise<number> {
  if (wanted !== 0) return wanted;
  return (await portIsFree(8080)) ?? (await portIsFree(0)) ?? 8080;
}

/** The simulators' certificate, after any CAs the caller already trusts (a corporate proxy's). */
function writeTrustFile(path: string, simulatorPem: string): void {
  const existing = process.env.NODE_EXTRA_CA_CERTS;
  const inherited = existing && existsSync(existing) ? `${readFileSync(existing, 'utf8').trim()}\n` : '';
  writeFileSync(path, `${inherited}${simulatorPem.trim()}\n`);
}

function spawnDaemon(configPath: string, trustPath: string): ChildProcess {
  // Its own process group, so a terminal's Ctrl-C reaches it once (forwarded by us), not twice;
  // the IPC channel tells it when we are gone, whatever way we went.
  return spawn(process.execPath, [...process.execArgv, process.argv[1]!, ...process.argv.slice(2)], {
    env: { ...process.env, NODE_EXTRA_CA_CERTS: trustPath, [DEMO_CONFIG_ENV]: configPath },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    detached: true,
  });
}

export async function launchDemo(options: DemoOptions): Promise<number> {
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  // Every demo starts from an empty database: the simulators are regenerated in memory.
  rmSync(resolve(dataDir, 'db'), { recursive: true, force: true });
  const out = process.stdout;
  out.write(`idsync demo: simulating ${options.users} people in Entra ID and BambooHR...\n`);
  const directories: DemoDirectories = await startDemoDirectories(options.users);
  const trustPath = resolve(dataDir, 'simulator-ca.pem');
  const configPath = resolve(dataDir, 'config.yaml');
  try {
    writeTrustFile(trustPath, directories.server.certificatePem);
    const port = await choosePort(options.port);
    writeFileSync(
      configPath,
      demoConfigYaml({
        dataDir: resolve(dataDir, 'db'),
        listen: `127.0.0.1:${port}`,
        token: randomApiToken(),
        graphBaseUrl: directories.graphBaseUrl,
        bambooBaseUrl: directories.bambooBaseUrl,
      }),
      { mode: 0o600 },
    );
    out.write(
      `idsync demo: simulators on ${directories.server.origin} (Graph, login and BambooHR; ` +
        `${directories.plantedConflicts} planted HR mistakes); config in ${configPath}\n`,
    );
    const child = spawnDaemon(configPath, trustPath);
    const forward = (signal: NodeJS.Signals) => () => {
      if (child.exitCode === null) child.kill(signal);
    };
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
    return code ?? (signal === null ? 1 : 0);
  } finally {
    await directories.close();
  }
}
