// Child-process half of the loopback HTTPS test: NODE_EXTRA_CA_CERTS is read only at process
// start, so the connector runs here, pointed at SIM_ORIGIN, and prints what it pulled as JSON.
import { createAzureAdConnector } from '../index.ts';
import { azureAdConfigSchema } from '../schema.ts';

const origin = process.env.SIM_ORIGIN!;
const own = azureAdConfigSchema.parse({
  tenant_id: process.env.SIM_TENANT_ID,
  client_id: process.env.SIM_CLIENT_ID,
  client_secret: process.env.SIM_CLIENT_SECRET,
  graph_base_url: origin,
  authority_host: origin,
});
const connector = createAzureAdConnector(
  { ...own, id: 'entra', kind: 'azure-ad', precedence: 1, on_disable: 'ignore', max_retries: 2 },
  { log: { info() {}, warn() {} } },
);
const pull = connector.pull({ mode: 'full', cursor: null, signal: new AbortController().signal });
let records = 0;
for (;;) {
  const step = await pull.next();
  if (step.done) {
    process.stdout.write(JSON.stringify({ records, outcome: step.value }));
    break;
  }
  records += step.value.records.length;
}
