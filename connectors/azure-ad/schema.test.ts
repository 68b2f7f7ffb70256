import { describe, expect, it } from 'vitest';
import { graphScope } from './client.ts';
import { azureAdConfigSchema } from './schema.ts';

const base = {
  tenant_id: '11111111-2222-4333-8444-555555555555',
  client_id: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
  client_secret: 'secret',
};

function problems(input: Record<string, unknown>): string[] {
  const parsed = azureAdConfigSchema.safeParse(input);
  return parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('azure-ad config', () => {
  it('applies the documented defaults', () => {
    expect(azureAdConfigSchema.parse(base)).toMatchObject({
      auth: 'client_secret',
      graph_base_url: 'https://graph.microsoft.com',
      authority_host: 'https://login.microsoftonline.com',
      include_guests: false,
      read_mailbox_settings: false,
      netbios_domains: {},
      concurrency: 4,
    });
  });

  it('refuses a graph_base_url or authority_host that is not https', () => {
    expect(problems({ ...base, graph_base_url: 'http://graph.example' })).toEqual([
      'graph_base_url: expected an https:// URL',
    ]);
    expect(problems({ ...base, authority_host: 'login.example' })).toEqual([
      'authority_host: expected an https:// URL',
    ]);
  });

  it('requires the credential of the chosen auth method', () => {
    expect(problems({ ...base, client_secret: undefined })).toEqual([
      'client_secret: required with auth: client_secret',
    ]);
    expect(problems({ ...base, auth: 'client_certificate' })).toEqual([
      'certificate_path: required with auth: client_certificate',
    ]);
    expect(problems({ tenant_id: base.tenant_id, auth: 'managed_identity' })).toEqual([]);
    expect(
      problems({ tenant_id: base.tenant_id, auth: 'client_certificate', certificate_path: '/x.pem' }),
    ).toEqual(['client_id: required with auth: client_certificate']);
  });

  it('derives the token scope from the Graph host', () => {
    expect(graphScope('https://graph.microsoft.us')).toBe('https://graph.microsoft.us/.default');
    expect(graphScope('https://localhost:8443')).toBe('https://localhost:8443/.default');
  });
});
