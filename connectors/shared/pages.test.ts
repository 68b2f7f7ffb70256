import { describe, expect, it } from 'vitest';
import { linkOnOrigin, nextLinkOf } from './links.ts';
import { drainPages } from './pages.ts';

describe('drainPages', () => {
  it('yields each page in order until a page names no next cursor', async () => {
    const book: Record<string, { page: number[]; next: string | null }> = {
      a: { page: [1, 2], next: 'b' },
      b: { page: [3], next: 'c' },
      c: { page: [], next: null },
    };
    const pages: number[][] = [];
    for await (const page of drainPages('a', async (cursor) => book[cursor]!, 'Test')) pages.push(page);
    expect(pages).toEqual([[1, 2], [3], []]);
  });

  it('stops with paging_loop when a cursor comes back', async () => {
    const pages = drainPages(
      'a',
      async (cursor) => ({ page: cursor, next: cursor === 'a' ? 'b' : 'a' }),
      'Okta',
    );
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const page of pages) seen.push(page);
      })(),
    ).rejects.toMatchObject({ code: 'paging_loop' });
    expect(seen).toEqual(['a', 'b']);
  });
});

describe('links', () => {
  const names = { vendor: 'Okta', what: 'next link', key: 'org_url' };

  it('keeps a link on the configured origin, resolving a relative one', () => {
    expect(linkOnOrigin('https://acme.okta.com/api/v1/users?after=x', 'https://acme.okta.com', names)).toBe(
      'https://acme.okta.com/api/v1/users?after=x',
    );
    expect(linkOnOrigin('/api/v1/users?after=y', 'https://acme.okta.com/', names)).toBe(
      'https://acme.okta.com/api/v1/users?after=y',
    );
  });

  it('refuses another host, another scheme or another port with foreign_link', () => {
    for (const link of [
      'https://evil.example/api/v1/users',
      'http://acme.okta.com/api/v1/users',
      'https://acme.okta.com:8443/api/v1/users',
    ]) {
      expect(() => linkOnOrigin(link, 'https://acme.okta.com', names)).toThrow(
        expect.objectContaining({ code: 'foreign_link' }),
      );
    }
  });

  it('finds rel="next" in a Link header with self and next, in either order', () => {
    const self = '<https://acme.okta.com/api/v1/users?limit=200>; rel="self"';
    const next = '<https://acme.okta.com/api/v1/users?after=00u1&limit=200>; rel="next"';
    expect(nextLinkOf(`${self}, ${next}`)).toBe('https://acme.okta.com/api/v1/users?after=00u1&limit=200');
    expect(nextLinkOf(`${next}, ${self}`)).toBe('https://acme.okta.com/api/v1/users?after=00u1&limit=200');
    expect(nextLinkOf(self)).toBeNull();
    expect(nextLinkOf(null)).toBeNull();
    expect(nextLinkOf('<https://x.example/?a=1>; rel=next')).toBe('https://x.example/?a=1');
  });
});
