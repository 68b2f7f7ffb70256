// The registry: connector kind -> its definition. A new connector touches its own folder and
// one line here; connectors/registry.test.ts checks this map against the folders on disk.
import { azureAdConnector } from './azure-ad/index.ts';
import { bamboohrConnector } from './bamboohr/index.ts';
import { csvConnector } from './csv/index.ts';
import { hibobConnector } from './hibob/index.ts';
import { personioConnector } from './personio/index.ts';
import type { ConnectorKind } from './types.ts';
import { workdayConnector } from './workday/index.ts';

export const connectorKinds: Record<string, ConnectorKind> = {
  'azure-ad': azureAdConnector,
  bamboohr: bamboohrConnector,
  csv: csvConnector,
  hibob: hibobConnector,
  personio: personioConnector,
  workday: workdayConnector,
};
