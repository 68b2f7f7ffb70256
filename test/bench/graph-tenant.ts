// The benchmark's simulated Entra ID tenant as both sides see it: the app registration the
// simulator knows, and the azure-ad connector entry that signs in with it (the simulator serves
// the authority and Graph on one loopback origin, as in `idsync demo`).

export const BENCH_TENANT = {
  tenantId: '5b1f0c2e-8d3a-4e6f-9b27-3c4d5e6f7a81',
  clientId: '9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4',
  /** Known to the simulator only; never a real credential. */
  clientSecret: 'bench-client-secret',
} as const;

/** The connector's config entry; its defaults (concurrency, retries) are the shipped ones. */
export function graphConnectorEntry(graphOrigin: string) {
  return {
    id: 'entra',
    kind: 'azure-ad',
    precedence: 2,
    tenant_id: BENCH_TENANT.tenantId,
    client_id: BENCH_TENANT.clientId,
    client_secret: BENCH_TENANT.clientSecret,
    graph_base_url: graphOrigin,
    authority_host: graphOrigin,
    netbios_domains: { 'corp.acme.com': 'ACME' },
  };
}
