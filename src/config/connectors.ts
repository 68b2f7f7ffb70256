// Connector entries: the common keys are checked here, the rest by the kind's own configSchema
// from the registry. Problems from either are reported under `connectors[i].<key>`.
import type { z } from 'zod';
import type { ConnectorKind } from '../../connectors/types.ts';
import { isPlainObject } from './env.ts';
import { type ConfigProblem, formatPath, issuesToProblems, unknownKeyProblem } from './errors.ts';
import { COMMON_CONNECTOR_KEYS, type ConnectorConfig, commonConnectorSchema } from './schema.ts';
import { objectSchemaOf, stripsUnknownKeys } from './zod-shape.ts';

export type ConnectorRegistry = Record<string, ConnectorKind>;

export interface ConnectorsResult {
  connectors: ConnectorConfig[];
  problems: ConfigProblem[];
}

/** Reports a missing required key as "required" rather than zod's "expected string, received undefined". */
export const requiredKeyMessages: z.core.$ZodErrorMap = (issue) =>
  issue.code === 'invalid_type' && issue.input === undefined ? 'required' : undefined;

export function validateConnectors(
  entries: readonly unknown[],
  registry: ConnectorRegistry,
): ConnectorsResult {
  const connectors: ConnectorConfig[] = [];
  const problems: ConfigProblem[] = [];
  const firstIndexById = new Map<string, number>();

  entries.forEach((entry, index) => {
    const base = ['connectors', index];
    if (!isPlainObject(entry)) {
      problems.push({ path: formatPath(base), message: 'must be a mapping (id, kind, ...)' });
      return;
    }
    const { common, own } = splitEntry(entry);
    const parsedCommon = commonConnectorSchema.safeParse(common, { error: requiredKeyMessages });
    if (!parsedCommon.success) problems.push(...issuesToProblems(parsedCommon.error.issues, base));

    if (typeof entry.id === 'string') {
      // Case-insensitive: `Entra` and `entra` side by side would be told apart only by accident.
      const key = entry.id.toLowerCase();
      const first = firstIndexById.get(key);
      if (first === undefined) firstIndexById.set(key, index);
      else
        problems.push({
          path: formatPath([...base, 'id']),
          message: `duplicate id: connectors[${first}] is already ${entry.id}`,
        });
    }

    const kind =
      typeof entry.kind === 'string' && Object.hasOwn(registry, entry.kind)
        ? registry[entry.kind]
        : undefined;
    if (typeof entry.kind === 'string' && entry.kind !== '' && kind === undefined) {
      problems.push({
        path: formatPath([...base, 'kind']),
        message: unknownKindMessage(entry.kind, registry),
      });
    }
    const parsedOwn = kind === undefined ? undefined : validateKindKeys(kind, own, base, problems);

    if (parsedCommon.success && parsedOwn !== undefined) {
      connectors.push({ ...parsedOwn, ...parsedCommon.data } satisfies ConnectorConfig);
    }
  });
  return { connectors, problems };
}

function splitEntry(entry: Record<string, unknown>): {
  common: Record<string, unknown>;
  own: Record<string, unknown>;
} {
  const common: Record<string, unknown> = {};
  const own: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry)) {
    if (COMMON_CONNECTOR_KEYS.includes(key)) common[key] = value;
    else own[key] = value;
  }
  return { common, own };
}

function validateKindKeys(
  kind: ConnectorKind,
  own: Record<string, unknown>,
  base: ReadonlyArray<string | number>,
  problems: ConfigProblem[],
): Record<string, unknown> | undefined {
  const object = objectSchemaOf(kind.configSchema);
  const declared = object === undefined ? [] : Object.keys(object.shape);
  const knownKeys = [...COMMON_CONNECTOR_KEYS, ...declared];
  const before = problems.length;

  // A plain z.object would drop an unknown key without a word; a typo must not pass silently.
  if (object !== undefined && stripsUnknownKeys(object)) {
    for (const key of Object.keys(own)) {
      if (!declared.includes(key)) problems.push(unknownKeyProblem([...base, key], key, knownKeys));
    }
  }
  const parsed = kind.configSchema.safeParse(own, { error: requiredKeyMessages });
  if (!parsed.success) {
    problems.push(
      ...issuesToProblems(parsed.error.issues, base, (path) => (path.length === 0 ? knownKeys : [])),
    );
    return undefined;
  }
  if (problems.length > before) return undefined;
  if (!isPlainObject(parsed.data)) {
    problems.push({
      path: formatPath(base),
      message: `kind ${kind.kind} produced a non-object config (a bug in the connector)`,
    });
    return undefined;
  }
  return parsed.data;
}

function unknownKindMessage(kind: string, registry: ConnectorRegistry): string {
  const known = Object.keys(registry).sort();
  const list = known.length === 0 ? 'no kinds are registered' : `known kinds: ${known.join(', ')}`;
  return `unknown kind ${kind} (${list})`;
}
