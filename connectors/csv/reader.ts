// Streams a CSV file as rows with their line numbers: the file is never held whole in memory.
// A row with the wrong field count is handed on as `malformed`; anything that leaves the rest of
// the file unreadable (an unclosed quote, bad UTF-8, a missing file) throws.
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline, Transform } from 'node:stream';
import { type CsvError, parse } from 'csv-parse';

export type CsvFileEvent =
  /** `line`: where the row starts in the file (1-based; a quoted line break spans lines). */
  | { kind: 'row'; line: number; cells: string[] }
  /** A row whose field count differs from the header's. */
  | { kind: 'malformed'; line: number; cells: string[] };

export interface CsvFile {
  /** Rows in file order, blank lines left out. */
  events(): AsyncGenerator<CsvFileEvent, void, void>;
  /** Hex sha256 of the bytes read: the whole file's once events() has finished. */
  sha256(): string;
}

export function openCsvFile(path: string, delimiter: string, signal: AbortSignal): CsvFile {
  const hash = createHash('sha256');
  return {
    events: () => readEvents(path, delimiter, signal, hash),
    sha256: () => hash.copy().digest('hex'),
  };
}

async function* readEvents(
  path: string,
  delimiter: string,
  signal: AbortSignal,
  hash: Hash,
): AsyncGenerator<CsvFileEvent, void, void> {
  const lines = lineCounter();
  // csv-parse reports rows and skipped rows through different channels; both callbacks run in
  // file order, so line numbers are taken there and rows are merged back by line below.
  const rowLines: number[] = [];
  const skipped: CsvFileEvent[] = [];
  let fatal: Error | null = null;

  const parser = parse({
    delimiter,
    bom: true,
    encoding: 'utf-8',
    raw: true,
    relax_quotes: true,
    relax_column_count: false,
    skip_empty_lines: false,
    skip_records_with_error: true,
    on_record: (record: unknown, context) => {
      rowLines.push(lines.take(context.raw).start);
      return cellsOf(record);
    },
    on_skip: (error, raw) => {
      const { start, span } = lines.take(raw);
      if (fatal !== null || (raw !== undefined && raw.trim() === '')) return;
      const cells = error?.record;
      if (error?.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' && span === 1 && isStringArray(cells)) {
        skipped.push({ kind: 'malformed', line: start, cells });
        return;
      }
      fatal = fatalParseError(path, error, start, span);
    },
  });
  const input = createReadStream(path, { signal });
  // Errors reach the parser's iterator below: pipeline destroys every stream with them.
  pipeline(input, utf8Check(path, hash), parser, () => {});

  try {
    for await (const record of parser) {
      if (fatal !== null) throw fatal;
      const line = rowLines.shift() ?? 0;
      while (skipped[0] !== undefined && skipped[0].line < line) yield skipped.shift()!;
      yield { kind: 'row', line, cells: cellsOf(record) };
    }
  } catch (error) {
    throw readFailure(path, error, signal);
  }
  if (fatal !== null) throw fatal;
  yield* skipped;
}

/** Counts lines as an editor does: `\r\n`, `\n` and `\r` each end one. */
function lineCounter(): { take(raw: string | undefined): { start: number; span: number } } {
  let next = 1;
  return {
    take(raw) {
      const body = (raw ?? '').replace(/(?:\r\n|\r|\n)$/, '');
      const span = 1 + (body.match(/\r\n|\r|\n/g)?.length ?? 0);
      const start = next;
      next += span;
      return { start, span };
    },
  };
}

// Validation only: the bytes pass through unchanged, and are hashed on the way.
function utf8Check(path: string, hash: Hash): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  const notUtf8 = () =>
    new Error(`${path} is not valid UTF-8 (near byte ${offset}); save it as "CSV UTF-8" and try again`);
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        done(notUtf8());
        return;
      }
      offset += chunk.length;
      done(null, chunk);
    },
    flush(done) {
      try {
        decoder.decode();
        done();
      } catch {
        done(notUtf8());
      }
    },
  });
}

function fatalParseError(path: string, error: CsvError | undefined, line: number, span: number): Error {
  const where = `${path} line ${line}`;
  if (error?.code === 'CSV_QUOTE_NOT_CLOSED') {
    return new Error(`${where}: a quoted field is never closed, so the rest of the file cannot be read`, {
      cause: error,
    });
  }
  if (error?.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') {
    return new Error(
      `${where}: a quoted field opened here runs over ${span} lines and breaks the row's field count; ` +
        'check the quotes on that line',
      { cause: error },
    );
  }
  return new Error(`${where}: ${error?.message ?? 'unreadable row'}`, { cause: error });
}

function readFailure(path: string, error: unknown, signal: AbortSignal): unknown {
  if (signal.aborted) return signal.reason;
  if (!(error instanceof Error)) return new Error(`cannot read ${path}`, { cause: error });
  if ('code' in error && typeof error.code === 'string' && error.code.startsWith('CSV_')) {
    return new Error(`${path}: ${error.message}`, { cause: error });
  }
  if ('syscall' in error) return new Error(`cannot read ${path}: ${error.message}`, { cause: error });
  return error;
}

function cellsOf(record: unknown): string[] {
  // With `raw: true` csv-parse wraps each row as { record, raw }.
  const cells = typeof record === 'object' && record !== null && 'record' in record ? record.record : record;
  return isStringArray(cells) ? cells : [];
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
