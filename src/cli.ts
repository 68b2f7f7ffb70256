#!/usr/bin/env node
// The `idsync` command (CONTRACT.md "CLI"). Exit codes: 0 done, 1 a run failed, 2 bad config or
// arguments (naming the key), 3 a run waits for approval at the deletion safeguard.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { type App, openApp, readConfig } from './app.ts';
import { EXIT_BAD_CONFIG, EXIT_RUN_FAILED, UsageError } from './cli/exit-codes.ts';
import { conflictsCommand, exportCommand, userFilterOf, usersCommand } from './cli/read-commands.ts';
import { approveCommand, checkConnectorOption, syncCommand } from './cli/sync-command.ts';
import { ConfigError } from './config/index.ts';
import type { IdsyncConfig } from './config/schema.ts';
import { startCommand } from './daemon/start-command.ts';
import { DEFAULT_DEMO_USERS, runDemo } from './demo/index.ts';

const out = process.stdout;

function portNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('must be a port from 0 to 65535');
  return n;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive whole number');
  return n;
}

/**
 * Opens the app from --config, runs `body`, closes the app; returns the exit code. `precheck`
 * refuses bad arguments before the database is opened (and migrated), so mistakes fail fast.
 */
async function withApp(
  configPath: string | undefined,
  body: (app: App) => Promise<number>,
  precheck?: (config: IdsyncConfig) => void,
): Promise<number> {
  const config = await readConfig(configPath);
  precheck?.(config);
  const app = await openApp(config);
  try {
    return await body(app);
  } finally {
    await app.close();
  }
}

function configOption(): Option {
  return new Option('--config <file>', 'config file (default ./config.yaml)');
}

function addFilterOptions(command: Command): Command {
  return command
    .option('--status <status>', 'all | active | inactive | unlicensed')
    .option('--tracking <tracking>', 'all | tracked | untracked')
    .option('--group <group>', 'all | any | none | a group name')
    .option('--display-name <which>', 'all | with | without');
}

export function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command('idsync')
    .description('Keeps user records in step with Azure AD and HRIS directories')
    .exitOverride()
    .showHelpAfterError();

  program
    .command('sync')
    .description('one run of every (or one) connector, then exit')
    .option('--connector <id>', 'only this connector')
    .option('--full', 'read every record (a full run), even where a delta cursor exists')
    .option('--dry-run', 'print the plan and write nothing')
    .option('--json', 'machine-readable output')
    .addOption(configOption())
    .action(async (opts) =>
      setExitCode(
        await withApp(
          opts.config,
          (app) => syncCommand(app, opts, out),
          (config) => checkConnectorOption(config, opts.connector),
        ),
      ),
    );

  program
    .command('start')
    .description('run the daemon: schedules, queued and manual runs, the HTTP API; stops on SIGTERM/SIGINT')
    .addOption(configOption())
    .action(async (opts) => setExitCode(await startCommand(opts.config)));

  program
    .command('migrate')
    .description('apply database migrations and exit')
    .addOption(configOption())
    .action(async (opts) =>
      setExitCode(
        await withApp(opts.config, async (app) => {
          out.write(`migrations applied (${app.database.kind})\n`);
          return 0;
        }),
      ),
    );

  program
    .command('approve')
    .description(
      'release a run blocked by the deletion safeguard: its connector runs again at once, safeguard lifted once',
    )
    .argument('<RUN_ID>', 'the blocked run', positiveInt)
    .addOption(configOption())
    .action(async (runId: number, opts) =>
      setExitCode(await withApp(opts.config, (app) => approveCommand(app, runId, out))),
    );

  program
    .command('conflicts')
    .description('the conflict report (every status unless filtered)')
    .option('--status <status>', 'open | resolved | dismissed')
    .option('--kind <kind>', 'identifier_in_use | display_name_in_use | ambiguous_match | ...')
    .option('--connector <id>', 'conflicts raised by or naming this connector')
    .option('--json', 'machine-readable output')
    .addOption(configOption())
    .action(async (opts) =>
      setExitCode(await withApp(opts.config, (app) => conflictsCommand(app, opts, out))),
    );

  addFilterOptions(program.command('users').description('list user records'))
    .option('--json', 'machine-readable output')
    .addOption(configOption())
    .action(async (opts) =>
      setExitCode(
        await withApp(
          opts.config,
          (app) => usersCommand(app, opts, out),
          () => userFilterOf(opts),
        ),
      ),
    );

  addFilterOptions(program.command('export').description('write Users.csv (one row per agent)'))
    .option('--out <file>', 'where to write; - for standard output', 'Users.csv')
    .addOption(configOption())
    .action(async (opts) =>
      setExitCode(
        await withApp(
          opts.config,
          (app) => exportCommand(app, opts, out),
          () => userFilterOf(opts),
        ),
      ),
    );

  program
    .command('demo')
    .description('simulated Azure AD and BambooHR on loopback, the daemon syncing them, the page and API up')
    .option('--users <n>', 'people in the simulated directories', positiveInt, DEFAULT_DEMO_USERS)
    .option('--port <port>', 'API and page port (default 8080 when free, else any free port)', portNumber, 0)
    .option('--data-dir <dir>', 'demo config, CA file and database (emptied on start)', './data/demo')
    .action(async (opts) =>
      setExitCode(await runDemo({ users: opts.users, port: opts.port, dataDir: opts.dataDir })),
    );

  return program;
}

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = buildProgram((code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.exitCode === 0
        ? 0
        : EXIT_BAD_CONFIG;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT_BAD_CONFIG;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`idsync: ${error.message}\n`);
      return EXIT_BAD_CONFIG;
    }
    process.stderr.write(`idsync: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_RUN_FAILED;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('/cli.js')) {
  process.exitCode = await main(process.argv);
}
