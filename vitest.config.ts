import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'connectors/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/bench/**', 'node_modules/**'],
    globalSetup: ['test/support/global-setup.ts'],
    // In CI every test is listed, so the log shows the store suites ran on PGlite and on PostgreSQL.
    reporters: process.env.CI === 'true' ? ['verbose'] : ['default'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // PGlite instances are memory-hungry WASM; keep parallelism to the machine's two cores.
    maxWorkers: 2,
  },
});
