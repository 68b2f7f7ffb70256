// `npm run bench -- --source graph`: a simulated Entra ID tenant of N members (plus the
// generator's guests) served over loopback HTTPS by this process, the "vendor". Per database, a
// child process syncs it with the azure-ad connector (full, no-change, 1% changed) and another
// fetches the same pages with the same client and stores nothing (the fetch floor). The children
// trust the simulator's self-signed certificate through NODE_EXTRA_CA_CERTS, read at their start.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createGraphSimulator,
  type GeneratedGraphUser,
  type GraphSimulator,
  generateGraphUsers,
} from '../../src/simulator/graph/index.ts';
import { startLoopbackHttpsServer } from '../../src/simulator/https.ts';
import type { ParentMessage } from './child.ts';
import { type GraphDatabaseResult, summarizeGraph } from './graph-report.ts';
import { BENCH_TENANT } from './graph-tenant.ts';
import { runChild, startPostgres } from './processes.ts';
import type { DatabaseKind } from './scenarios.ts';

export interface GraphBenchOptions {
  users: number;
  seed: number;
  reps: number;
  repsFull: number;
  databases: DatabaseKind[];
  cpuProf: boolean;
}

export interface GraphTenantStats {
  members: number;
  guests: number;
  changedPerDelta: number;
  generatedMs: number;
}

/**
 * Each call changes a different 1% of the members, as a day in a directory does: half move
 * department, a quarter get a new primary address (the old one stays as an alias), a quarter
 * leave or come back (accountEnabled). Every change is read from the current state, so it is a
 * real change however many databases ran before.
 */
function createTenantMutator(simulator: GraphSimulator, users: readonly GeneratedGraphUser[]) {
  const members = users.filter((user) => user.userType === 'Member');
  const departments = [...new Set(members.flatMap((user) => (user.department ? [user.department] : [])))];
  const perRound = Math.max(1, Math.round(members.length / 100));
  let round = 0;
  function change(id: string, kind: number): void {
    const user = simulator.user(id);
    if (user === undefined) return;
    if (kind <= 1) {
      const at = departments.indexOf(String(user.department));
      simulator.updateUser(id, { department: departments[(at + 1) % departments.length] ?? 'Moved' });
    } else if (kind === 2) {
      const mail = `${String(user.mail ?? id).split('@')[0]}.${round}@acme.com`;
      const proxies = (user.proxyAddresses as string[]).map((p) => (p.startsWith('SMTP:') ? `smtp:${p.slice(5)}` : p));
      simulator.updateUser(id, { mail, proxyAddresses: [`SMTP:${mail}`, ...proxies] });
    } else {
      simulator.updateUser(id, { accountEnabled: user.accountEnabled !== true });
    }
  }
  return {
    perRound,
    mutate(): number {
      const offset = round % 100;
      round += 1;
      for (let i = 0; i < perRound; i += 1) change(members[(i * 100 + offset) % members.length]!.id, i % 4);
      return perRound;
    },
  };
}

/** The simulator's certificate, after any CAs this process was told to trust (a corporate proxy's). */
function writeTrustFile(path: string, pem: string): void {
  const existing = process.env.NODE_EXTRA_CA_CERTS;
  const inherited = existing && existsSync(existing) ? `${readFileSync(existing, 'utf8').trim()}\n` : '';
  writeFileSync(path, `${inherited}${pem.trim()}\n`);
}

export async function benchmarkGraph(
  options: GraphBenchOptions,
  dir: string,
  log: (line: string) => void,
): Promise<{ inputs: GraphTenantStats; results: Partial<Record<DatabaseKind, GraphDatabaseResult>> }> {
  const generated = performance.now();
  const users = generateGraphUsers(options.users, options.seed);
  // No throttling: the timed runs measure the sync, not Retry-After waits.
  const simulator = createGraphSimulator({ ...BENCH_TENANT, users });
  const mutator = createTenantMutator(simulator, users);
  const members = users.filter((user) => user.userType === 'Member').length;
  const inputs: GraphTenantStats = {
    members,
    guests: users.length - members,
    changedPerDelta: mutator.perRound,
    generatedMs: Math.round(performance.now() - generated),
  };
  log(
    `tenant: ${inputs.members} members and ${inputs.guests} guests, ${inputs.changedPerDelta} users ` +
      `changed per delta, generated in ${inputs.generatedMs} ms`,
  );
  const server = await startLoopbackHttpsServer([simulator.handler]);
  const trustPath = join(dir, 'graph-simulator-ca.pem');
  writeTrustFile(trustPath, server.certificatePem);
  const env = { ...process.env, NODE_EXTRA_CA_CERTS: trustPath };
  const graphOrigin = server.origin;
  const database = options.databases.includes('postgres') ? startPostgres() : null;
  const results: Partial<Record<DatabaseKind, GraphDatabaseResult>> = {};
  try {
    for (const kind of options.databases) {
      log(`${kind}: graph scenarios`);
      const scenarios = await runChild(
        dir,
        `${kind}-graph-scenarios`,
        {
          task: 'graph-scenarios',
          params: {
            kind,
            serverUrl: kind === 'postgres' ? (database?.url ?? null) : null,
            workDir: join(dir, kind),
            graphOrigin,
            repsFull: options.repsFull,
            reps: options.reps,
          },
        },
        {
          cpuProf: options.cpuProf,
          env,
          onMessage: (): ParentMessage => ({ type: 'mutated', users: mutator.mutate() }),
        },
      );
      log(`${kind}: fetch floor`);
      const floor = await runChild(
        dir,
        `${kind}-graph-floor`,
        { task: 'graph-floor', params: { kind, graphOrigin, reps: options.repsFull } },
        { env },
      );
      results[kind] = summarizeGraph(scenarios, floor);
    }
  } finally {
    database?.stop();
    await server.close();
  }
  return { inputs, results };
}
