import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PullOutcome, type SourcePage, valuesOf } from '../types.ts';
import { CSV_PAGE_SIZE, csvConnector } from './index.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'idsync-csv-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let fileCount = 0;
async function writeCsv(content: string | Buffer): Promise<string> {
  fileCount += 1;
  const path = join(dir, `hris-${fileCount}.csv`);
  await writeFile(path, content);
  return path;
}

function connectorFor(path: string, keys: Record<string, unknown> = {}) {
  const config = csvConnector.configSchema.parse({
    path,
    columns: { external_id: 'Id', email: 'Email', display_name: 'Name' },
    ...keys,
  });
  return csvConnector.create(
    { ...config, id: 'hr-file', kind: 'csv', precedence: 1, on_disable: 'untrack', max_retries: 6 },
    { log: { info: () => {}, warn: () => {} } },
  );
}

async function pullAll(
  path: string,
  keys: Record<string, unknown> = {},
  signal = new AbortController().signal,
): Promise<{ pages: SourcePage[]; outcome: PullOutcome }> {
  const pull = connectorFor(path, keys).pull({ mode: 'full', cursor: null, signal });
  const pages: SourcePage[] = [];
  for (;;) {
    const step = await pull.next();
    if (step.done) return { pages, outcome: step.value };
    pages.push(step.value);
  }
}

function recordsOf(pages: SourcePage[]) {
  return pages.flatMap((page) => page.records);
}

function invalidOf(pages: SourcePage[]) {
  return pages.flatMap((page) => page.invalid);
}

describe('csv pull', () => {
  it('reads the README example file with the README example config', async () => {
    const path = new URL('./__fixtures__/hris-example.csv', import.meta.url).pathname;
    const { pages, outcome } = await pullAll(path, {
      columns: {
        external_id: 'Employee Number',
        employee_id: 'Employee Number',
        email: 'Work Email',
        upn: 'UPN',
        device_login: 'Windows Login',
        display_name: 'Preferred Name',
        first_name: 'First Name',
        last_name: 'Last Name',
        time_zone: 'Time Zone',
        groups: 'Teams',
        primary_group: 'Department',
        status: 'Status',
        termination_date: 'Termination Date',
      },
    });
    const records = recordsOf(pages);
    expect(records.map((record) => [record.externalId, record.displayName, record.state])).toEqual([
      ['1001', 'Ada Lovelace', 'active'],
      ['1002', 'Amazing Grace', 'active'],
      ['1003', 'Alan Turing', 'terminated'],
      ['1004', 'Katherine Johnson', 'terminated'],
      ['1005', 'Dorothy Vaughan', 'active'],
    ]);
    expect(valuesOf(records[1]!, 'email')).toEqual(['grace.hopper@acme.example', 'g.hopper@acme.example']);
    expect(records[1]!.identifiers).toContainEqual({
      type: 'device_login',
      value: 'ghopper',
      domain: '*',
      field: 'Windows Login',
    });
    expect(records[2]?.groups).toEqual(['Research', 'Crypto, Bletchley']);
    expect(invalidOf(pages)).toEqual([]);
    expect(outcome).toEqual({
      mode: 'full',
      cursor: expect.stringMatching(/^sha256:/),
      complete: true,
      warnings: [],
    });
  });

  it('returns a full, complete outcome whose cursor is the sha256 of the file', async () => {
    const content = 'Id,Email,Name\n1,a@acme.example,Ada\n';
    const path = await writeCsv(content);
    const { pages, outcome } = await pullAll(path);
    expect(recordsOf(pages)).toHaveLength(1);
    const sha = createHash('sha256').update(content).digest('hex');
    expect(outcome).toEqual({ mode: 'full', cursor: `sha256:${sha}`, complete: true, warnings: [] });
  });

  it('reads the file again when asked for a full pull with an unchanged cursor', async () => {
    const path = await writeCsv('Id,Email,Name\n1,a@acme.example,Ada\n');
    const first = await pullAll(path);
    const pull = connectorFor(path).pull({
      mode: 'full',
      cursor: first.outcome.cursor,
      signal: new AbortController().signal,
    });
    const page = await pull.next();
    expect(page.done).toBe(false);
    expect(page.value).toMatchObject({ records: [{ externalId: '1' }] });
    expect(await pull.next()).toMatchObject({
      done: true,
      value: { mode: 'full', cursor: first.outcome.cursor },
    });
  });

  it('skips an unchanged file on an incremental pull: no records, an incremental outcome', async () => {
    const path = await writeCsv('Id,Email,Name\n1,a@acme.example,Ada\n');
    const first = await pullAll(path);
    const pull = connectorFor(path).pull({
      mode: 'incremental',
      cursor: first.outcome.cursor,
      signal: new AbortController().signal,
    });
    expect(await pull.next()).toEqual({
      done: true,
      value: { mode: 'incremental', cursor: first.outcome.cursor, complete: true, warnings: [] },
    });
  });

  it('reads a changed file in full on an incremental pull', async () => {
    const path = await writeCsv('Id,Email,Name\n1,a@acme.example,Ada\n');
    const first = await pullAll(path);
    await writeFile(path, 'Id,Email,Name\n1,a@acme.example,Ada\n2,b@acme.example,Bo\n');
    const pull = connectorFor(path).pull({
      mode: 'incremental',
      cursor: first.outcome.cursor,
      signal: new AbortController().signal,
    });
    const page = await pull.next();
    expect(page.value).toMatchObject({ records: [{ externalId: '1' }, { externalId: '2' }] });
    expect(await pull.next()).toMatchObject({ done: true, value: { mode: 'full', complete: true } });
  });

  it('strips a byte order mark before the header', async () => {
    const path = await writeCsv('\uFEFFId,Email,Name\n1,a@acme.example,Ada\n');
    expect(recordsOf((await pullAll(path)).pages)).toMatchObject([{ externalId: '1', displayName: 'Ada' }]);
  });

  it('reads quoted fields holding delimiters, separators, quotes and line breaks', async () => {
    const path = await writeCsv(
      'Id,Email,Name\r\n1,a@acme.example,"Lovelace, Ada ""Countess""\r\nof Lovelace"\r\n2,b@acme.example,Bob\r\n3,c@acme.example\r\n',
    );
    const { pages } = await pullAll(path);
    expect(recordsOf(pages).map((record) => record.displayName)).toEqual([
      'Lovelace, Ada "Countess"\r\nof Lovelace',
      'Bob',
    ]);
    // The quoted line break spans lines 2-3, so the short row is on line 5.
    expect(invalidOf(pages)).toEqual([
      { externalId: '3', reason: expect.stringContaining('line 5 has 2 fields') },
    ]);
  });

  it('splits multi-value cells on the configured separator', async () => {
    const path = await writeCsv('Id;Email;Name\n1;"a@acme.example|ada@acme.example";Ada\n');
    const { pages } = await pullAll(path, { delimiter: ';', multi_value_separator: '|' });
    expect(valuesOf(recordsOf(pages)[0]!, 'email')).toEqual(['a@acme.example', 'ada@acme.example']);
  });

  it('fails the pull when a mapped column is missing, naming the column, the key and the file', async () => {
    const path = await writeCsv('Id,Work Email,Name\n1,a@acme.example,Ada\n');
    await expect(pullAll(path)).rejects.toThrow(
      `columns.email: column "Email" not found in ${path} (header has: "Id", "Work Email", "Name")`,
    );
  });

  it('fails the pull when a mapped column appears twice in the header', async () => {
    const path = await writeCsv('Id,Email,Name,Email\n1,a@acme.example,Ada,b@acme.example\n');
    await expect(pullAll(path)).rejects.toThrow('columns.email: column "Email" appears 2 times');
  });

  it('quarantines a row with the wrong field count and reads the rest', async () => {
    const path = await writeCsv(
      'Id,Email,Name\n1,a@acme.example,Ada\n2,b@acme.example,Bob,extra\n\n3,c@acme.example,Cy\n',
    );
    const { pages, outcome } = await pullAll(path);
    expect(recordsOf(pages).map((record) => record.externalId)).toEqual(['1', '3']);
    expect(invalidOf(pages)).toEqual([
      { externalId: '2', reason: expect.stringContaining('line 3 has 4 fields where the header has 3') },
    ]);
    expect(outcome.complete).toBe(true);
  });

  it('quarantines a row with a blank external id, naming its line', async () => {
    const path = await writeCsv('Id,Email,Name\n1,a@acme.example,Ada\n  ,b@acme.example,Bob\n');
    const { pages } = await pullAll(path);
    expect(invalidOf(pages)).toEqual([
      { externalId: null, reason: expect.stringContaining('line 3: no external id') },
    ]);
    expect(recordsOf(pages)).toHaveLength(1);
  });

  it('quarantines a repeated external id, naming both lines', async () => {
    const path = await writeCsv(
      'Id,Email,Name\n1,a@acme.example,Ada\n2,b@acme.example,Bob\n1,c@acme.example,Cy\n',
    );
    const { pages } = await pullAll(path);
    expect(recordsOf(pages).map((record) => valuesOf(record, 'email')[0])).toEqual([
      'a@acme.example',
      'b@acme.example',
    ]);
    const [duplicate] = invalidOf(pages);
    expect(duplicate?.externalId).toBe('1');
    expect(duplicate?.reason).toMatch(/line 4: duplicate external id "1" \(first seen on line 2\)/);
  });

  it('terminates a row by its status and by a past termination date', async () => {
    const path = await writeCsv(
      'Id,Email,Name,Status,Ended\n1,a@acme.example,Ada,Active,\n2,b@acme.example,Bob,Inactive,\n' +
        '3,c@acme.example,Cy,Active,2001-01-31\n4,d@acme.example,Di,Active,2999-01-31\n',
    );
    const { pages } = await pullAll(path, {
      columns: { external_id: 'Id', email: 'Email', status: 'Status', termination_date: 'Ended' },
    });
    expect(recordsOf(pages).map((record) => record.state)).toEqual([
      'active',
      'terminated',
      'terminated',
      'active',
    ]);
  });

  it('builds the display name from first and last name when it is absent', async () => {
    const path = await writeCsv('Id,Given,Family,Preferred\n1,Grace,Hopper,\n2,Alan,Turing,Al\n');
    const { pages } = await pullAll(path, {
      columns: { external_id: 'Id', first_name: 'Given', last_name: 'Family', display_name: 'Preferred' },
    });
    expect(recordsOf(pages).map((record) => record.displayName)).toEqual(['Grace Hopper', 'Al']);
  });

  it('yields pages of at most 5,000 records for a 12,000-row file', async () => {
    const lines = ['Id,Email,Name'];
    for (let index = 1; index <= 12_000; index += 1)
      lines.push(`${index},user${index}@acme.example,User ${index}`);
    const path = await writeCsv(`${lines.join('\n')}\n`);
    const { pages, outcome } = await pullAll(path);
    expect(pages.map((page) => page.records.length)).toEqual([CSV_PAGE_SIZE, CSV_PAGE_SIZE, 2_000]);
    expect(pages[2]?.records.at(-1)?.externalId).toBe('12000');
    expect(outcome.complete).toBe(true);
  });

  it('stops the pull when its signal aborts', async () => {
    const lines = ['Id,Email,Name'];
    for (let index = 1; index <= 12_000; index += 1)
      lines.push(`${index},user${index}@acme.example,User ${index}`);
    const path = await writeCsv(`${lines.join('\n')}\n`);
    const controller = new AbortController();
    const pull = connectorFor(path).pull({ mode: 'full', cursor: null, signal: controller.signal });
    const first = await pull.next();
    expect(first.done).toBe(false);
    controller.abort(new Error('shutting down'));
    await expect(pull.next()).rejects.toThrow('shutting down');
  });

  it('does not start reading when the signal is already aborted', async () => {
    const path = await writeCsv('Id,Email,Name\n1,a@acme.example,Ada\n');
    await expect(pullAll(path, {}, AbortSignal.abort(new Error('stopped')))).rejects.toThrow('stopped');
  });

  it('fails the pull on a quoted field that is never closed, naming its line', async () => {
    const path = await writeCsv(
      'Id,Email,Name\n1,a@acme.example,Ada\n2,b@acme.example,"Bob\n3,c@acme.example,Cy\n',
    );
    await expect(pullAll(path)).rejects.toThrow(`${path} line 3: a quoted field`);
  });

  it('fails the pull on a file that is not UTF-8', async () => {
    const path = await writeCsv(Buffer.from('Id,Email,Name\n1,a@acme.example,Andr\xe9\n', 'latin1'));
    await expect(pullAll(path)).rejects.toThrow('is not valid UTF-8');
  });

  it('fails the pull on a missing file, naming the path', async () => {
    const path = join(dir, 'missing.csv');
    await expect(pullAll(path)).rejects.toThrow(`cannot read ${path}`);
  });

  it('fails the pull on an empty file, which has no header', async () => {
    const path = await writeCsv('');
    await expect(pullAll(path)).rejects.toThrow('expected a header line');
  });

  it('warns about a header without rows and about a mapped column empty in every row', async () => {
    const headerOnly = await pullAll(await writeCsv('Id,Email,Name\n'));
    expect(headerOnly.pages).toEqual([]);
    expect(headerOnly.outcome.warnings).toEqual([expect.stringContaining('has a header but no rows')]);
    const path = await writeCsv('Id,Email,Name\n1,,Ada\n2,,Bob\n');
    const { outcome } = await pullAll(path);
    expect(outcome.warnings).toEqual([`columns.email: column "Email" is empty in every row of ${path}`]);
  });
});
