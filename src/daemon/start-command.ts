// `idsync start`: the daemon in the foreground until SIGTERM/SIGINT. Logs go to standard error.
import { startApiServer } from '../api/server.ts';
import { readConfig } from '../app.ts';
import { createLogger } from '../log.ts';
import { type DaemonOptions, startDaemon } from './daemon.ts';

export async function startCommand(configPath: string | undefined): Promise<number> {
  const config = await readConfig(configPath);
  const log = createLogger({ level: config.log.level, destination: 2 });
  const options: DaemonOptions = {
    log,
    listen: (control, context) => startApiServer({ config, control, ...context }),
  };
  const daemon = await startDaemon(config, options);
  await daemon.done;
  // A socket the bound gave up on must not keep the process alive past the shutdown.
  setTimeout(() => process.exit(process.exitCode ?? 0), 1000).unref();
  return 0;
}
