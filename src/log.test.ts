import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './log.ts';

function capture(): { stream: Writable; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { stream, lines };
}

describe('createLogger', () => {
  it('writes a static message with its metadata object as one JSON line', () => {
    const { stream, lines } = capture();
    createLogger({ destination: stream }).warn({ connector: 'entra', runId: 7 }, 'page retried');
    expect(lines()).toEqual([
      expect.objectContaining({ msg: 'page retried', connector: 'entra', runId: 7, level: 40 }),
    ]);
  });

  it('redacts secret keys in metadata, nested included, and authorization headers', () => {
    const { stream, lines } = capture();
    createLogger({ destination: stream }).info(
      {
        token: 'api-token',
        config: {
          api: { token: 'nested-token' },
          connector: { client_secret: 'cs', api_key: 'ak', password: 'pw' },
        },
        request: { headers: { authorization: 'Bearer abc', Authorization: 'Basic xyz' } },
      },
      'request sent',
    );
    const text = JSON.stringify(lines());
    for (const secret of ['api-token', 'nested-token', '"cs"', '"ak"', '"pw"', 'Bearer abc', 'Basic xyz']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('[redacted]');
  });

  it('honours the level', () => {
    const { stream, lines } = capture();
    const log = createLogger({ level: 'warn', destination: stream });
    log.info({}, 'hidden');
    log.error({}, 'shown');
    expect(lines().map((line) => line.msg)).toEqual(['shown']);
  });
});
