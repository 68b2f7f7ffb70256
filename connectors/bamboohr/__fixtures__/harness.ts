// msw in front of a simulated BambooHR account: every request goes to the simulator's `handle`;
// a request to anything else fails the test.
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { BambooSimulator } from '../../../src/simulator/bamboohr/index.ts';
import type { Connector, PullOptions, PullOutcome, SourcePage } from '../../types.ts';

export function mountSimulator(): { use(simulator: BambooSimulator): void } {
  let current: BambooSimulator | null = null;
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
    use(simulator) {
      current = simulator;
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
