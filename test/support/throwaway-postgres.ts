// A throw-away PostgreSQL from .ci/postgres.sh (the server .ci/run starts), for the test suite's
// global setup and for the benchmark when no DATABASE_URL_TEST is given.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../.ci/postgres.sh', import.meta.url));

export interface ThrowawayPostgres {
  url: string;
  /** Stops the server and removes its files. */
  stop(): void;
}

/** Where PostgreSQL's client and server programs are: the one lookup .ci/postgres.sh makes. */
export function postgresBinDir(): string {
  if (process.env.PG_BINDIR) return process.env.PG_BINDIR;
  return execFileSync('bash', ['-c', `source "${script}" && pg_bindir`], { encoding: 'utf8' }).trim();
}

export function startThrowawayPostgres(): ThrowawayPostgres {
  const out = execFileSync(
    'bash',
    ['-c', `source "${script}" && pg_up >/dev/null && echo "$DATABASE_URL_TEST|$PG_TMP|$PG_BINDIR"`],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 120_000 },
  );
  const [url, tmp, bindir] = out.trim().split('|');
  if (!url || !tmp || !bindir) throw new Error(`unexpected output from postgres.sh: ${out}`);
  return {
    url,
    stop: () =>
      execFileSync('bash', ['-c', `source "${script}" && pg_down`], {
        env: { ...process.env, PG_TMP: tmp, PG_BINDIR: bindir },
        stdio: 'inherit',
      }),
  };
}
