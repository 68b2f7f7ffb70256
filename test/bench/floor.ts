// The floor a full sync is compared with: parse the same CSV inputs (csv-parse, the same files)
// and bulk-write the same rows with COPY into scratch tables shaped like `users` and `identifiers`
// (one user row per source record, one identifier row per value), on the same database kind.
// No matching, no conflicts, no indexes: the least any full import of these files has to do.
import { createReadStream, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { parse } from 'csv-parse';
import postgres from 'postgres';
import type { DatabaseKind } from './scenarios.ts';

const SCRATCH_TABLES = `
  create table bench_floor_users (
    id serial primary key, display_name text, display_name_source text, time_zone text,
    time_zone_source text, primary_group text, primary_group_source text,
    tracking text not null default 'tracked', created_at timestamptz not null default now(),
    updated_at timestamptz not null default now());
  create table bench_floor_identifiers (
    id serial primary key, user_id integer not null, type text not null, value text not null,
    domain text, namespace text not null, key text not null, source text not null,
    updated_at timestamptz not null default now());`;

const USER_COLUMNS =
  'id, display_name, display_name_source, time_zone, time_zone_source, primary_group, primary_group_source';
const IDENTIFIER_COLUMNS = 'user_id, type, value, domain, namespace, key, source';

interface CopyText {
  users: string;
  identifiers: string;
  rows: { users: number; identifiers: number };
}

/** Where each identifier sits in a source file: [column, type]. Mirrors connectorEntries(). */
const SOURCES: ReadonlyArray<{
  source: string;
  fileKey: 'hris' | 'it';
  identifiers: Array<[column: number, type: 'upn' | 'email' | 'employee_id' | 'device_login']>;
  displayName: (cells: string[]) => string;
  timeZone: number | null;
  primaryGroup: number | null;
}> = [
  {
    source: 'connector:hris',
    fileKey: 'hris',
    identifiers: [
      [1, 'employee_id'],
      [4, 'email'],
    ],
    displayName: (cells) => `${cells[2]} ${cells[3]}`,
    timeZone: 7,
    primaryGroup: 5,
  },
  {
    source: 'connector:it-directory',
    fileKey: 'it',
    identifiers: [
      [1, 'upn'],
      [2, 'email'],
      [3, 'device_login'],
      [5, 'employee_id'],
    ],
    displayName: (cells) => cells[4] ?? '',
    timeZone: null,
    primaryGroup: null,
  },
];

/** COPY text format: tab-separated, `\N` for null, backslash and control characters escaped. */
function copyField(value: string | null): string {
  if (value === null || value === '') return '\\N';
  return /[\\\t\n\r]/.test(value)
    ? value.replaceAll('\\', '\\\\').replaceAll('\t', '\\t').replaceAll('\n', '\\n').replaceAll('\r', '\\r')
    : value;
}

function identifierFields(
  type: string,
  raw: string,
): [value: string, domain: string | null, namespace: string, key: string] {
  const value = raw.trim();
  if (type === 'employee_id') return [value, null, 'employee_id', value];
  if (type !== 'device_login') return [value, null, 'address', value.toLowerCase()];
  const slash = value.indexOf('\\');
  const domain = slash < 0 ? '*' : value.slice(0, slash);
  const username = value.slice(slash + 1);
  // The store's ownership key of a device login is `username\domain` (deviceLoginKey).
  return [username, domain, 'device_login', `${username}\\${domain}`.toLowerCase()];
}

/** Parses both files and renders the rows to write: the parse half of the floor. */
async function parseInputs(files: { hris: string; it: string }): Promise<CopyText> {
  const users: string[] = [];
  const identifiers: string[] = [];
  let userId = 0;
  for (const source of SOURCES) {
    const parser = createReadStream(files[source.fileKey]).pipe(parse({ bom: true, from_line: 2 }));
    for await (const cells of parser as AsyncIterable<string[]>) {
      userId += 1;
      const tz = source.timeZone === null ? null : (cells[source.timeZone] ?? null);
      const group = source.primaryGroup === null ? null : (cells[source.primaryGroup] ?? null);
      users.push(
        [
          String(userId),
          source.displayName(cells),
          source.source,
          tz,
          tz === null ? null : source.source,
          group,
          group === null ? null : source.source,
        ]
          .map(copyField)
          .join('\t'),
      );
      for (const [column, type] of source.identifiers) {
        const raw = cells[column] ?? '';
        if (raw.trim() === '') continue;
        const [value, domain, namespace, key] = identifierFields(type, raw);
        identifiers.push(
          [String(userId), type, value, domain, namespace, key, source.source].map(copyField).join('\t'),
        );
      }
    }
  }
  return {
    users: `${users.join('\n')}\n`,
    identifiers: `${identifiers.join('\n')}\n`,
    rows: { users: users.length, identifiers: identifiers.length },
  };
}

export interface FloorRun {
  total_ms: number;
  parse_ms: number;
  write_ms: number;
  rows: { users: number; identifiers: number };
}

/** One floor measurement on a fresh scratch database (a new PostgreSQL database, or PGlite dir). */
export async function measureFloor(args: {
  kind: DatabaseKind;
  serverUrl: string | null;
  workDir: string;
  files: { hris: string; it: string };
  rep: number;
}): Promise<FloorRun> {
  const target = await openScratch(args);
  try {
    const started = performance.now();
    const text = await parseInputs(args.files);
    const parsed = performance.now();
    await target.copy('bench_floor_users', USER_COLUMNS, text.users);
    await target.copy('bench_floor_identifiers', IDENTIFIER_COLUMNS, text.identifiers);
    const written = performance.now();
    return {
      total_ms: written - started,
      parse_ms: parsed - started,
      write_ms: written - parsed,
      rows: text.rows,
    };
  } finally {
    await target.close();
  }
}

interface ScratchTarget {
  copy(table: string, columns: string, text: string): Promise<void>;
  close(): Promise<void>;
}

async function openScratch(args: {
  kind: DatabaseKind;
  serverUrl: string | null;
  workDir: string;
  rep: number;
}): Promise<ScratchTarget> {
  if (args.kind === 'pglite') {
    const dir = join(args.workDir, `floor-${args.rep}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const client = await PGlite.create(dir);
    await client.exec(SCRATCH_TABLES);
    return {
      async copy(table, columns, text) {
        await client.query(`copy ${table} (${columns}) from '/dev/blob'`, [], { blob: new Blob([text]) });
      },
      async close() {
        await client.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (!args.serverUrl) throw new Error('the PostgreSQL floor needs a server URL');
  const admin = postgres(args.serverUrl, { max: 1, onnotice: () => {} });
  const name = `idsync_floor_${process.pid}_${args.rep}`;
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  const url = new URL(args.serverUrl);
  url.pathname = `/${name}`;
  const client = postgres(url.toString(), { max: 1, onnotice: () => {} });
  await client.unsafe(SCRATCH_TABLES);
  return {
    async copy(table, columns, text) {
      const stream = await client.unsafe(`copy ${table} (${columns}) from stdin`).writable();
      await new Promise<void>((resolve, reject) => {
        stream.on('error', reject);
        stream.on('finish', resolve);
        stream.end(text);
      });
      // 'finish' means sent; the next statement on the one connection waits for COPY's completion.
      await client`select 1`;
    },
    async close() {
      await client.end({ timeout: 5 });
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}
