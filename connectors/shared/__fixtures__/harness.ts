// msw in front of one simulated vendor (anything with a `Request -> Response` handle): every
// request goes to it, a request to anything else fails the test. And `drain`, which runs a pull to
// its end and keeps its pages and outcome.
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Connector, PullOptions, PullOutcome, SourcePage } from '../../types.ts';

export interface Handler {
  handle(request: Request): Promise<Response>;
}

export function mountHandler(): { use(handler: Handler): void } {
  let current: Handler | null = null;
  const server = setupServer(
    http.all('*', ({ request }) =>
      current ? current.handle(request) : HttpResponse.json({ error: 'no simulator' }, { status: 500 }),
    ),
  );
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    current = null;
  });
  afterAll(() => server.close());
  return {
    use(handler) {
      current = handler;
    },
  };
}

export interface Drained {
  pages: SourcePage[];
  records: SourcePage['records'];
  invalid: SourcePage['invalid'];
  removals: string[];
  outcome: PullOutcome;
}

export async function drain(connector: Connector, options: Partial<PullOptions> = {}): Promise<Drained> {
  const pull = connector.pull({
    mode: 'full',
    cursor: null,
    signal: new AbortController().signal,
    ...options,
  });
  const pages: SourcePage[] = [];
  for (;;) {
    const next = await pull.next();
    if (next.done) {
      return {
        pages,
        records: pages.flatMap((page) => page.records),
        invalid: pages.flatMap((page) => page.invalid),
        removals: pages.flatMap((page) => page.removals),
        outcome: next.value,
      };
    }
    pages.push(next.value);
  }
}

/** A connector's log, captured. */
export function captureLog() {
  const entries: Array<{ level: 'info' | 'warn'; meta: object; msg: string }> = [];
  return {
    entries,
    log: {
      info: (meta: object, msg: string) => entries.push({ level: 'info', meta, msg }),
      warn: (meta: object, msg: string) => entries.push({ level: 'warn', meta, msg }),
    },
  };
}
