// Reading config.yaml: YAML -> `${ENV}` expansion -> secrets read from `*_file` keys ->
// DATABASE_URL fallback -> the schema and each connector kind's schema. Every problem on the way
// is collected and thrown once as a ConfigError.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import { connectorKinds } from '../../connectors/index.ts';
import { type ConnectorRegistry, requiredKeyMessages, validateConnectors } from './connectors.ts';
import { expandEnv, isPlainObject } from './env.ts';
import { ConfigError, type ConfigProblem, formatPath, issuesToProblems, type KeyPath } from './errors.ts';
import { collectSecretValues, isSecretKey, scrubProblem } from './redact.ts';
import { configSchema, type IdsyncConfig } from './schema.ts';
import { declaredKeysAt } from './zod-shape.ts';

export interface ConfigOptions {
  /** Variables for `${ENV}` expansion and the DATABASE_URL fallback. Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Connector kinds by name. Default: the registry in connectors/index.ts. */
  registry?: ConnectorRegistry;
}

/** Reads and validates a config file; throws ConfigError listing every problem. */
export async function loadConfig(path: string, options: ConfigOptions = {}): Promise<IdsyncConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError([{ path, message: `cannot read config file: ${describeFileError(error)}` }], {
      cause: error,
    });
  }
  return parseConfig(parseYaml(text, path), options);
}

/** Validates an already parsed config (e.g. `{}` when no file is needed); throws ConfigError. */
export function parseConfig(raw: unknown, options: ConfigOptions = {}): IdsyncConfig {
  const env = options.env ?? process.env;
  const registry = options.registry ?? connectorKinds;
  const tree = raw ?? {};
  if (!isPlainObject(tree)) {
    throw new ConfigError([
      { path: formatPath([]), message: 'must be a mapping of sections (api, connectors, ...)' },
    ]);
  }

  const expansion = expandEnv(dropEmptyValues(tree), env);
  const quietPaths = new Set(expansion.failedPaths);
  const fileProblems: ConfigProblem[] = [];
  const resolved = readSecretFiles(expansion.value as Record<string, unknown>, quietPaths, fileProblems);
  applyDatabaseUrlFallback(resolved, env);

  const schemaProblems: ConfigProblem[] = [];
  const parsed = configSchema.safeParse(resolved, { error: requiredKeyMessages });
  if (!parsed.success) {
    const knownKeysAt = (path: KeyPath) => declaredKeysAt(configSchema, path);
    schemaProblems.push(...issuesToProblems(parsed.error.issues, [], knownKeysAt));
  }
  const entries = Array.isArray(resolved.connectors) ? resolved.connectors : [];
  const connectors = validateConnectors(entries, registry);
  schemaProblems.push(...connectors.problems);

  // A key whose `${VAR}` or secret file failed is already reported; "required" on top would be noise.
  const problems = [
    ...expansion.problems,
    ...fileProblems,
    ...schemaProblems.filter((problem) => !quietPaths.has(problem.path)),
  ];
  if (problems.length > 0 || !parsed.success) {
    const secrets = collectSecretValues(resolved);
    throw new ConfigError(problems.map((problem) => scrubProblem(problem, secrets)));
  }
  return { ...parsed.data, connectors: connectors.connectors };
}

/** Parses YAML text; syntax errors become problems at `file:line:column`, without the source excerpt. */
export function parseYaml(text: string, file: string): unknown {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    // The excerpt yaml adds to its messages could quote a secret on the offending line: left out.
    throw new ConfigError(
      document.errors.map((error) => {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        return { path: `${file}:${line}:${col}`, message: `YAML: ${error.message.split('\n')[0]}` };
      }),
    );
  }
  try {
    return document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : 'unreadable document';
    throw new ConfigError([{ path: file, message: `YAML: ${message}` }], { cause: error });
  }
}

/** `key:` with nothing after it is YAML null; treat it as "not set" so the default applies. */
function dropEmptyValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropEmptyValues);
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== null && item !== undefined) copy[key] = dropEmptyValues(item);
  }
  return copy;
}

/**
 * `api.token_file` and a connector's `<secret key>_file` (e.g. `client_secret_file`,
 * `api_key_file`) name a file holding the secret (Docker / Kubernetes secrets); its trimmed
 * content becomes `<secret key>`. Only keys whose stem is a secret name are read, so a kind may
 * have ordinary `*_file` keys of its own. Relative paths are relative to the working directory.
 */
function readSecretFiles(
  tree: Record<string, unknown>,
  quietPaths: Set<string>,
  problems: ConfigProblem[],
): Record<string, unknown> {
  const copy = { ...tree };
  if (isPlainObject(copy.api)) copy.api = readSecretFilesOf(copy.api, ['api'], quietPaths, problems);
  if (Array.isArray(copy.connectors)) {
    copy.connectors = copy.connectors.map((entry, index) =>
      isPlainObject(entry) ? readSecretFilesOf(entry, ['connectors', index], quietPaths, problems) : entry,
    );
  }
  return copy;
}

function readSecretFilesOf(
  section: Record<string, unknown>,
  base: KeyPath,
  quietPaths: Set<string>,
  problems: ConfigProblem[],
): Record<string, unknown> {
  const copy = { ...section };
  for (const [key, file] of Object.entries(section)) {
    const stem = key.replace(/_file$/, '');
    if (stem === key || !isSecretKey(stem)) continue;
    delete copy[key];
    const keyPath = formatPath([...base, key]);
    const stemPath = formatPath([...base, stem]);
    if (quietPaths.has(keyPath)) {
      quietPaths.add(stemPath);
      continue;
    }
    if (typeof file !== 'string' || file.trim() === '') {
      problems.push({ path: keyPath, message: 'must be the path of a file holding the secret' });
      quietPaths.add(stemPath);
      continue;
    }
    if (typeof section[stem] === 'string' && section[stem] !== '') {
      problems.push({ path: keyPath, message: `set either ${stem} or ${key}, not both` });
      continue;
    }
    const content = readSecretFile(file);
    if (content.ok) copy[stem] = content.value;
    else {
      problems.push({ path: keyPath, message: content.message });
      quietPaths.add(stemPath);
    }
  }
  return copy;
}

function readSecretFile(file: string): { ok: true; value: string } | { ok: false; message: string } {
  try {
    const value = readFileSync(file, 'utf8').trim();
    return value === '' ? { ok: false, message: `file ${file} is empty` } : { ok: true, value };
  } catch (error) {
    return { ok: false, message: `cannot read ${file}: ${describeFileError(error)}` };
  }
}

function describeFileError(error: unknown): string {
  const code = isPlainObjectLike(error) && typeof error.code === 'string' ? error.code : undefined;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return code ?? (error instanceof Error ? error.message : 'unknown error');
}

function isPlainObjectLike(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** CONTRACT: `database.url` / `DATABASE_URL`. The file's value wins; the variable fills an empty one. */
function applyDatabaseUrlFallback(tree: Record<string, unknown>, env: NodeJS.ProcessEnv): void {
  const fromEnv = env.DATABASE_URL;
  if (fromEnv === undefined || fromEnv === '') return;
  if (tree.database === undefined) tree.database = {};
  if (!isPlainObject(tree.database)) return;
  const url = tree.database.url;
  if (url === undefined || url === '') tree.database = { ...tree.database, url: fromEnv };
}
