// `idsync demo [--users N]`: simulated Entra ID and BambooHR on loopback, the daemon syncing them,
// the status page and API up. One command, two processes (see launcher.ts for why). Loaded lazily,
// so the other commands never load the simulators.

export interface DemoOptions {
  users: number;
  /** Demo folder: config, CA file and the embedded database. */
  dataDir: string;
  /** API port; 0 takes 8080 when it is free, else any free port. */
  port: number;
}

export const DEFAULT_DEMO_USERS = 300;

/** Set on the child: the config it runs. Its presence is what makes a `demo` process the child. */
export const DEMO_CONFIG_ENV = 'IDSYNC_DEMO_CONFIG';

export async function runDemo(options: DemoOptions): Promise<number> {
  const childConfig = process.env[DEMO_CONFIG_ENV];
  if (childConfig !== undefined && process.env.NODE_EXTRA_CA_CERTS) {
    const { runDemoChild } = await import('./child.ts');
    return runDemoChild(childConfig);
  }
  const { launchDemo } = await import('./launcher.ts');
  return launchDemo(options);
}
