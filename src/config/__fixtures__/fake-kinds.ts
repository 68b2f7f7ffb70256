// Throwaway connector kinds for config tests: the real registry is filled by the connectors.
import { z } from 'zod';
import type { ConnectorKind } from '../../../connectors/types.ts';

export function fakeKind(kind: string, configSchema: z.ZodType): ConnectorKind {
  return {
    kind,
    configSchema,
    capabilities: { full: true, incremental: false, reportsDeletions: false },
    create() {
      throw new Error(`fake kind ${kind} cannot create connectors`);
    },
  };
}

/** A kind with a few declared keys of each sort the real kinds have. */
export const directoryKind = fakeKind(
  'directory',
  z.object({
    tenant_id: z.string().min(1),
    client_secret: z.string().min(1),
    include_guests: z.boolean().default(false),
  }),
);

/** Accepts any keys: checks the common part only, as config.example.yaml's test needs. */
export function looseRegistry(...kinds: string[]): Record<string, ConnectorKind> {
  return Object.fromEntries(kinds.map((kind) => [kind, fakeKind(kind, z.looseObject({}))]));
}
