// Page draining, written once: read a page, hand it on, follow its cursor until there is none.
// Only one page is held at a time; the caller decides what a cursor is (a next link, a page
// token) and how a page is read.
import { UpstreamError } from './errors.ts';

export interface ReadPage<Page> {
  page: Page;
  /** Where the next page is (a link, a page token); null or undefined when this was the last. */
  next: string | null | undefined;
}

/**
 * Pages from `first` until a page names no next cursor. A server that hands back a cursor it has
 * already given would page forever: that fails with code `paging_loop` instead. (The cursors
 * seen are kept as strings: a few bytes a page, not the page.)
 */
export async function* drainPages<Page>(
  first: string,
  read: (cursor: string) => Promise<ReadPage<Page>>,
  vendor: string,
): AsyncGenerator<Page, void, void> {
  const seen = new Set<string>();
  let cursor: string | null | undefined = first;
  while (cursor !== null && cursor !== undefined) {
    if (seen.has(cursor)) {
      throw new UpstreamError(`${vendor} handed back a page cursor it had already given; paging stopped`, {
        code: 'paging_loop',
        status: null,
      });
    }
    seen.add(cursor);
    const { page, next } = await read(cursor);
    yield page;
    cursor = next;
  }
}
