// Vitest global setup: the store suites run on PGlite and on a real PostgreSQL. When no server
// is given (DATABASE_URL_TEST), start a throw-away one with .ci/postgres.sh, as .ci/run does.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../.ci/postgres.sh', import.meta.url));
let started: { tmp: string; bindir: string } | null = null;

export function setup(): void {
  if (process.env.DATABASE_URL_TEST) return;
  try {
    const out = execFileSync(
      'bash',
      ['-c', `source "${script}" && pg_up >/dev/null && echo "$DATABASE_URL_TEST|$PG_TMP|$PG_BINDIR"`],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 120_000 },
    );
    const [url, tmp, bindir] = out.trim().split('|');
    if (!url || !tmp || !bindir) throw new Error(`unexpected output from postgres.sh: ${out}`);
    process.env.DATABASE_URL_TEST = url;
    started = { tmp, bindir };
  } catch (error) {
    if (process.env.CI === 'true') throw new Error('PostgreSQL is required in CI', { cause: error });
    console.warn(
      'No PostgreSQL could be started: the PostgreSQL store suites will fail. Set DATABASE_URL_TEST.',
    );
  }
}

export function teardown(): void {
  if (!started) return;
  execFileSync('bash', ['-c', `source "${script}" && pg_down`], {
    env: { ...process.env, PG_TMP: started.tmp, PG_BINDIR: started.bindir },
    stdio: 'inherit',
  });
}
