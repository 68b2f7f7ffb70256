// `idsync demo`, the inner process: NODE_EXTRA_CA_CERTS trusts the simulators, so it runs the real
// daemon on the demo config, prints where to look, then reports each finished run in one line
// (read from the API, as a user would).
import { mountStatusPage } from '../api/page/index.ts';
import { startApiServer } from '../api/server.ts';
import { loadConfig } from '../config/index.ts';
import { parseListenAddress } from '../config/schema.ts';
import { startDaemon } from '../daemon/daemon.ts';
import { createLogger } from '../log.ts';

interface RunLine {
  id: number;
  status: string;
  counts: Record<string, number> | null;
  error: { message: string } | null;
}

interface StatusBody {
  connectors: Array<{ id: string; lastRun: RunLine | null }>;
  users: { total: number };
  conflicts: { open: number };
}

function banner(url: string, token: string): string {
  return [
    '',
    'idsync demo is running.',
    `  Status and conflict review: ${url}/   (paste the token when asked)`,
    `  API token:                  ${token}`,
    `  Try:  curl -H "Authorization: Bearer ${token}" ${url}/api/v1/status`,
    `        curl -H "Authorization: Bearer ${token}" "${url}/api/v1/conflicts?status=open"`,
    '  Stop with Ctrl-C.',
    '',
  ].join('\n');
}

function runLine(connector: string, run: RunLine, status: StatusBody): string {
  const counts = run.counts
    ? ['fetched', 'created', 'linked', 'updated', 'conflicts']
        .map((key) => `${key} ${run.counts?.[key] ?? 0}`)
        .join(', ')
    : '';
  const error = run.error ? ` (${run.error.message})` : '';
  return (
    `idsync demo: ${connector} run #${run.id} ${run.status}${error}${counts ? `: ${counts}` : ''}` +
    ` | ${status.users.total} users, ${status.conflicts.open} open conflicts\n`
  );
}

/** Prints a line per newly finished run until `signal` aborts. */
async function reportRuns(url: string, token: string, signal: AbortSignal): Promise<void> {
  const seen = new Map<string, number>();
  while (!signal.aborted) {
    try {
      const response = await fetch(`${url}/api/v1/status`, {
        headers: { authorization: `Bearer ${token}` },
        signal,
      });
      if (response.ok) {
        const status = (await response.json()) as StatusBody;
        for (const connector of status.connectors) {
          const run = connector.lastRun;
          if (run === null || seen.get(connector.id) === run.id) continue;
          seen.set(connector.id, run.id);
          process.stdout.write(runLine(connector.id, run, status));
        }
      }
    } catch {
      // The daemon is starting or stopping; the next poll tells.
    }
    await new Promise((done) => setTimeout(done, 2000).unref());
  }
}

export async function runDemoChild(configPath: string): Promise<number> {
  const config = await loadConfig(configPath);
  const log = createLogger({ level: 'warn', destination: 2 });
  const address = parseListenAddress(config.api.listen)!;
  const url = `http://${address.host}:${address.port}`;
  const daemon = await startDaemon(config, {
    log,
    listen: (control, context) =>
      startApiServer({ config, control, ...context }, { mountPage: mountStatusPage }),
  });
  process.stdout.write(banner(url, config.api.token));
  const stopReports = new AbortController();
  void reportRuns(url, config.api.token, stopReports.signal);
  // The launcher is gone (killed, crashed): nothing would stop us, so stop now. The channel itself
  // must not keep this process alive once the daemon has stopped.
  process.once('disconnect', () => void daemon.stop());
  process.channel?.unref();
  try {
    await daemon.done;
  } finally {
    stopReports.abort();
  }
  // A socket the shutdown bound gave up on must not keep the process alive.
  setTimeout(() => process.exit(process.exitCode ?? 0), 1000).unref();
  return 0;
}
