// The csv kind: an HRIS export dropped as a file. A file has no "changed since": a full pull reads
// the whole file and the planner works out what changed; an incremental pull whose cursor (the
// file's sha256) still matches reads nothing, and otherwise reads the whole file as a full pull.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type {
  CommonConnectorConfig,
  Connector,
  ConnectorDeps,
  ConnectorKind,
  PullOptions,
  PullOutcome,
  SourcePage,
} from '../types.ts';
import { type ColumnLayout, mappedColumns, resolveColumnLayout } from './header.ts';
import { createRowMapper, invalidMalformedRow, mappingRulesFrom } from './mapping.ts';
import { openCsvFile } from './reader.ts';
import { type CsvColumnField, type CsvConfig, csvConfigSchema } from './schema.ts';

/** Records (valid and invalid) per page: bounds the memory a page takes downstream. */
export const CSV_PAGE_SIZE = 5000;

export const csvConnector: ConnectorKind<typeof csvConfigSchema> = {
  kind: 'csv',
  configSchema: csvConfigSchema,
  // "Incremental" for a file: skip it when its bytes are those of the last committed run.
  capabilities: { full: true, incremental: true, reportsDeletions: false },
  create(config, deps) {
    return {
      id: config.id,
      pull: (options) => pullCsvFile(config, deps, options),
    } satisfies Connector;
  },
};

async function sha256OfFile(path: string, signal: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { signal })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function* pullCsvFile(
  config: CsvConfig & CommonConnectorConfig,
  deps: ConnectorDeps,
  { signal, mode, cursor: lastCursor }: PullOptions,
): AsyncGenerator<SourcePage, PullOutcome, void> {
  signal.throwIfAborted();
  if (mode === 'incremental' && lastCursor !== null) {
    const unchanged = `sha256:${await sha256OfFile(config.path, signal)}`;
    if (unchanged === lastCursor) {
      // Nothing to read: an incremental outcome with no records changes nothing and removes
      // nothing. A full run (full_schedule, --full) still reads and re-plans every row.
      deps.log.info({ connector: config.id, path: config.path, cursor: unchanged }, 'csv file unchanged');
      return { mode: 'incremental', cursor: unchanged, complete: true, warnings: [] };
    }
  }
  const now = new Date();
  const file = openCsvFile(config.path, config.delimiter, signal);
  const rules = mappingRulesFrom(config);
  const warnings: string[] = [];
  const filled = new Set<CsvColumnField>();
  let header: {
    length: number;
    layout: ColumnLayout;
    columns: Array<[CsvColumnField, number]>;
    mapRow: ReturnType<typeof createRowMapper>;
  } | null = null;
  let page = emptyPage();
  let rows = 0;

  for await (const event of file.events()) {
    signal.throwIfAborted();
    if (header === null) {
      const resolved = resolveColumnLayout(event.cells, config.columns, config.path);
      if (!resolved.ok) throw new Error(resolved.message);
      warnings.push(...resolved.warnings);
      header = {
        length: event.cells.length,
        layout: resolved.layout,
        columns: Object.entries(resolved.layout) as Array<[CsvColumnField, number]>,
        mapRow: createRowMapper(resolved.layout, rules, now),
      };
      continue;
    }
    if (event.kind === 'malformed') {
      page.invalid.push(invalidMalformedRow(event.cells, event.line, header.length, header.layout));
    } else {
      const mapped = header.mapRow(event.cells, event.line);
      if (mapped.kind === 'blank') continue;
      if (filled.size < header.columns.length) noteFilledColumns(filled, event.cells, header.columns);
      if (mapped.kind === 'record') page.records.push(mapped.record);
      else page.invalid.push(mapped.invalid);
    }
    rows += 1;
    if (page.records.length + page.invalid.length >= CSV_PAGE_SIZE) {
      yield page;
      page = emptyPage();
    }
  }

  if (header === null) throw new Error(`${config.path} is empty: expected a header line naming the columns`);
  if (page.records.length + page.invalid.length > 0) yield page;
  if (rows === 0) warnings.push(`${config.path} has a header but no rows`);
  else warnings.push(...emptyColumnWarnings(config, filled));
  const cursor = `sha256:${file.sha256()}`;
  deps.log.info({ connector: config.id, path: config.path, rows, cursor }, 'csv file read');
  return { mode: 'full', cursor, complete: true, warnings };
}

function emptyPage(): SourcePage {
  return { records: [], invalid: [], removals: [] };
}

/** Called until every mapped column has been seen filled once (then there is nothing to learn). */
function noteFilledColumns(
  filled: Set<CsvColumnField>,
  cells: readonly string[],
  columns: ReadonlyArray<[CsvColumnField, number]>,
): void {
  for (const [field, index] of columns) {
    if (!filled.has(field) && (cells[index]?.trim() ?? '') !== '') filled.add(field);
  }
}

// A mapped column that is empty in every row usually means the mapping points at the wrong column.
function emptyColumnWarnings(config: CsvConfig, filled: ReadonlySet<CsvColumnField>): string[] {
  return mappedColumns(config.columns)
    .filter(([field]) => !filled.has(field))
    .map(([field, name]) => `columns.${field}: column "${name}" is empty in every row of ${config.path}`);
}
