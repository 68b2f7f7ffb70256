import { describe, expect, it } from 'vitest';
import { parseConfig, parseYaml } from '../config/index.ts';
import { demoConfigYaml, randomApiToken } from './config.ts';
import { DEMO_BAMBOO, plantsFor } from './directories.ts';

const origin = 'https://localhost:40443';

function demoConfig(token = randomApiToken()) {
  const text = demoConfigYaml({
    dataDir: '/tmp/idsync-demo/db',
    listen: '127.0.0.1:8080',
    token,
    graphBaseUrl: origin,
    bambooBaseUrl: `${origin}/api/gateway.php/${DEMO_BAMBOO.companyDomain}/v1`,
  });
  return parseConfig(parseYaml(text, 'demo config.yaml'), { env: {} });
}

describe('the demo config', () => {
  it('passes the config schema with both connectors pointed at the loopback simulators on short schedules', () => {
    const config = demoConfig('tok');
    expect(config.api).toMatchObject({ listen: '127.0.0.1:8080', token: 'tok' });
    expect(config.database).toEqual({ url: '', data_dir: '/tmp/idsync-demo/db' });
    const [entra, bamboo] = config.connectors;
    expect(entra).toMatchObject({
      id: 'entra',
      kind: 'azure-ad',
      graph_base_url: origin,
      authority_host: origin,
    });
    expect(bamboo).toMatchObject({
      id: 'bamboo',
      kind: 'bamboohr',
      base_url: `${origin}/api/gateway.php/acme/v1`,
    });
    // Seconds-field crons: the first syncs and every later one come within a minute.
    for (const connector of config.connectors) expect(connector.schedule?.split(' ')).toHaveLength(6);
  });

  it('gets a fresh random API token on every start', () => {
    const first = randomApiToken();
    expect(first).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(randomApiToken()).not.toBe(first);
  });

  it('plants one pair of HR mistakes of each kind per 150 people, at least one', () => {
    expect(plantsFor(20)).toBe(1);
    expect(plantsFor(300)).toBe(2);
    expect(plantsFor(3000)).toBe(20);
  });
});
