import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { connectorKinds } from '../../connectors/index.ts';
import { looseRegistry } from './__fixtures__/fake-kinds.ts';
import { loadConfig, parseConfig, parseYaml } from './load.ts';

const examplePath = fileURLToPath(new URL('../../config.example.yaml', import.meta.url));
const env = { AZURE_CLIENT_SECRET: 'azure-secret', BAMBOOHR_API_KEY: 'bamboo-key' };

describe('config.example.yaml', () => {
  it('is a valid config whose common keys pass (kinds stand-ins accept any keys)', async () => {
    const config = await loadConfig(examplePath, {
      env,
      registry: looseRegistry('azure-ad', 'bamboohr', 'csv'),
    });
    expect(config.connectors.map((connector) => [connector.id, connector.kind])).toEqual([
      ['entra', 'azure-ad'],
      ['bamboo', 'bamboohr'],
      ['hr-file', 'csv'],
    ]);
    expect(config.connectors[0]).toMatchObject({ client_secret: 'azure-secret', precedence: 2 });
    expect(config.connectors[1]).toMatchObject({ api_key: 'bamboo-key', precedence: 1 });
  });

  it('shows every default the schema applies', () => {
    const example = parseConfig(parseYaml(readFileSync(examplePath, 'utf8'), examplePath), {
      env,
      registry: looseRegistry('azure-ad', 'bamboohr', 'csv'),
    });
    const defaults = parseConfig({}, { env: {} });
    expect({ ...example, connectors: [] }).toEqual(defaults);
  });

  it('passes the schema of every kind already registered in connectors/index.ts', async () => {
    // Kinds not registered yet stand in as loose ones; a registered kind must accept its example.
    const registry = { ...looseRegistry('azure-ad', 'bamboohr', 'csv'), ...connectorKinds };
    const config = await loadConfig(examplePath, { env, registry });
    expect(config.connectors).toHaveLength(3);
  });
});
