// Checks the header line against `columns` before any row is read: a missing or ambiguous
// mapped column fails the pull (a wrong mapping would otherwise empty every record's field).
import type { CsvColumnField, CsvColumns } from './schema.ts';

/** Mapped SourceRecord field -> index of its column in every row. */
export type ColumnLayout = { external_id: number } & Partial<Record<CsvColumnField, number>>;

export type ColumnLayoutResult =
  { ok: true; layout: ColumnLayout; warnings: string[] } | { ok: false; message: string };

/** Enough of the header to recognize it in an error message without flooding the log. */
const HEADER_NAMES_SHOWN = 40;

export function resolveColumnLayout(
  header: readonly string[],
  columns: CsvColumns,
  path: string,
): ColumnLayoutResult {
  const positions = headerPositions(header);
  const problems: string[] = [];
  const layout: Partial<Record<CsvColumnField, number>> = {};

  for (const [field, name] of mappedColumns(columns)) {
    const found = positions.get(name);
    if (found === undefined) {
      problems.push(
        `columns.${field}: column "${name}" not found in ${path} (header has: ${describeHeader(header)})`,
      );
      continue;
    }
    if (found.length > 1) {
      problems.push(
        `columns.${field}: column "${name}" appears ${found.length} times in the header of ${path} ` +
          `(columns ${found.map((index) => index + 1).join(', ')}); rename all but one`,
      );
      continue;
    }
    layout[field] = found[0]!;
  }

  if (problems.length > 0) return { ok: false, message: problems.join('; ') };
  const externalId = layout.external_id;
  if (externalId === undefined) return { ok: false, message: `columns.external_id is required` };
  return {
    ok: true,
    layout: { ...layout, external_id: externalId },
    warnings: unmappedDuplicates(positions, columns, path),
  };
}

export function mappedColumns(columns: CsvColumns): Array<[CsvColumnField, string]> {
  const mapped: Array<[CsvColumnField, string]> = [];
  for (const [field, name] of Object.entries(columns) as Array<[CsvColumnField, string | undefined]>) {
    if (name !== undefined) mapped.push([field, name]);
  }
  return mapped;
}

function headerPositions(header: readonly string[]): Map<string, number[]> {
  const positions = new Map<string, number[]>();
  header.forEach((rawName, index) => {
    const name = rawName.trim();
    if (name === '') return;
    const seen = positions.get(name);
    if (seen === undefined) positions.set(name, [index]);
    else seen.push(index);
  });
  return positions;
}

// A repeated column that nothing reads (two "Notes" columns) is harmless: it is reported, not fatal.
function unmappedDuplicates(positions: Map<string, number[]>, columns: CsvColumns, path: string): string[] {
  const mapped = new Set(Object.values(columns));
  const warnings: string[] = [];
  for (const [name, indexes] of positions) {
    if (indexes.length > 1 && !mapped.has(name)) {
      warnings.push(
        `column "${name}" appears ${indexes.length} times in the header of ${path}; it is not mapped`,
      );
    }
  }
  return warnings;
}

function describeHeader(header: readonly string[]): string {
  const names = header.map((name) => `"${name.trim()}"`);
  if (names.length <= HEADER_NAMES_SHOWN) return names.join(', ');
  return `${names.slice(0, HEADER_NAMES_SHOWN).join(', ')} and ${names.length - HEADER_NAMES_SHOWN} more`;
}
