// The registry in connectors/index.ts must match the folders on disk: a kind folder that is not
// registered would never run, and a registered kind without its README would be undocumented.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { connectorKinds } from './index.ts';

const connectorsDir = fileURLToPath(new URL('.', import.meta.url));

/** Each folder under connectors/ holding an index.ts is a connector kind. */
function kindFolders(): string[] {
  return readdirSync(connectorsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(connectorsDir, entry.name, 'index.ts')))
    .map((entry) => entry.name)
    .sort();
}

describe('connector registry', () => {
  it('registers exactly the kinds that have a folder under connectors/', () => {
    expect(Object.keys(connectorKinds).sort()).toEqual(kindFolders());
  });

  it.each(kindFolders())('%s: has a README.md and a schema.ts', (folder) => {
    expect(existsSync(join(connectorsDir, folder, 'README.md'))).toBe(true);
    expect(existsSync(join(connectorsDir, folder, 'schema.ts'))).toBe(true);
  });

  it.each(Object.entries(connectorKinds))('%s: is registered under its own kind name', (name, definition) => {
    expect(definition.kind).toBe(name);
  });

  it.each(Object.entries(connectorKinds))('%s: has a zod config schema', (_name, definition) => {
    expect(definition.configSchema).toBeInstanceOf(z.ZodType);
  });

  it.each(Object.entries(connectorKinds))('%s: supports full pulls', (_name, definition) => {
    expect(definition.capabilities.full).toBe(true);
  });
});
