import { describe, expect, it } from 'vitest';
import { ErrorCodes, InpageRecError } from '../errors.ts';
import type { FetchLike } from '../fetch-like.ts';
import { isUnparsableLine, looksLikeJsonLines, parseJsonLines } from './jsonl.ts';
import { loadCatalog } from './load.ts';

/** A fake fetch serving one body, recording what it was asked. */
function fakeFetch(body: string, init: ResponseInit = {}) {
  const calls: Array<{ input: string | URL; signal: AbortSignal | undefined }> = [];
  const fetch: FetchLike = async (input, options) => {
    calls.push({ input, signal: options?.signal ?? undefined });
    return new Response(body, init);
  };
  return { fetch, calls };
}

async function failure(promise: Promise<unknown>): Promise<InpageRecError> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InpageRecError);
  return err as InpageRecError;
}

describe('loadCatalog', () => {
  it('returns an array source as is, without fetching', async () => {
    const items = [{ id: 1 }, 'junk'];
    const { fetch, calls } = fakeFetch('[]');
    expect(await loadCatalog(items, { fetch })).toBe(items);
    expect(calls).toHaveLength(0);
  });

  it('fetches a JSON array, passing the signal', async () => {
    const { fetch, calls } = fakeFetch('[{"id":1,"title":"a"},{"id":2}]', { headers: { 'content-type': 'application/json' } });
    const signal = new AbortController().signal;
    expect(await loadCatalog('https://shop.example/catalog.json', { fetch, signal })).toEqual([{ id: 1, title: 'a' }, { id: 2 }]);
    expect(calls).toEqual([{ input: 'https://shop.example/catalog.json', signal }]);
  });

  it('accepts an object with an items array, a URL object and a BOM', async () => {
    const { fetch, calls } = fakeFetch('\ufeff{"version":3,"items":[{"id":"a"}]}');
    const url = new URL('https://shop.example/feed');
    expect(await loadCatalog(url, { fetch })).toEqual([{ id: 'a' }]);
    expect(calls[0]!.input).toBe(url);
  });

  it('hands onBytes the body exactly as fetched (BOM included) and parses it as the text path does', async () => {
    const body = '\ufeff[{"id":1,"title":"caf\u00e9"}]';
    const seen: Uint8Array[] = [];
    const items = await loadCatalog('https://shop.example/c.json', { fetch: fakeFetch(body).fetch, onBytes: (b) => seen.push(b) });
    expect(items).toEqual(await loadCatalog('https://shop.example/c.json', { fetch: fakeFetch(body).fetch }));
    expect(seen).toEqual([new TextEncoder().encode(body)]);
    expect(seen[0]!.slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
    await loadCatalog([{ id: 1 }], { onBytes: (b) => seen.push(b) });
    expect(seen).toHaveLength(1);
  });

  it('reads JSON Lines by extension, keeping good lines around a broken one', async () => {
    const body = '{"id":1,"title":"a"}\r\n{"id":2,"title":\n\n{"id":3,"title":"c"}\n';
    const { fetch } = fakeFetch(body, { headers: { 'content-type': 'text/plain' } });
    const raw = await loadCatalog('/data/catalog.jsonl?v=2', { fetch });
    expect(raw).toHaveLength(3);
    expect(raw[0]).toEqual({ id: 1, title: 'a' });
    expect(isUnparsableLine(raw[1])).toBe(true);
    expect(raw[1]).toMatchObject({ line: 2, reason: expect.stringMatching(/^not valid JSON/) });
    expect(raw[2]).toEqual({ id: 3, title: 'c' });
  });

  it('reads JSON Lines by content-type', async () => {
    const { fetch } = fakeFetch('{"id":1}\n{"id":2}', { headers: { 'content-type': 'application/x-ndjson; charset=utf-8' } });
    expect(await loadCatalog('https://shop.example/export', { fetch })).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('falls back to JSON Lines when JSON parsing fails and lines look like objects', async () => {
    const { fetch } = fakeFetch('{"id":1}\n{"id":2}\nnot json\n{"id":4}');
    const raw = await loadCatalog('https://shop.example/catalog.json', { fetch });
    expect(raw).toHaveLength(4);
    expect(raw[2]).toMatchObject({ $inpageRecUnparsableLine: true, line: 3 });
  });

  it('throws CATALOG_UNREADABLE naming the URL and HTTP status', async () => {
    const { fetch } = fakeFetch('gone', { status: 404, statusText: 'Not Found' });
    const err = await failure(loadCatalog('https://shop.example/missing.json', { fetch }));
    expect(err.code).toBe(ErrorCodes.CATALOG_UNREADABLE);
    expect(err.message).toBe('catalog "https://shop.example/missing.json" is unreadable: the server answered HTTP 404 Not Found');
  });

  it('throws CATALOG_UNREADABLE on network errors, keeping the cause', async () => {
    const cause = new TypeError('Failed to fetch');
    const fetch: FetchLike = async () => {
      throw cause;
    };
    const err = await failure(loadCatalog('https://down.example/c.json', { fetch }));
    expect(err.code).toBe(ErrorCodes.CATALOG_UNREADABLE);
    expect(err.message).toContain('"https://down.example/c.json"');
    expect(err.message).toContain('Failed to fetch');
    expect(err.cause).toBe(cause);
  });

  it('throws CATALOG_UNREADABLE for bodies that are not a catalog', async () => {
    const html = await failure(loadCatalog('/c.json', fakeFetch('<!doctype html><html><body>Login</body></html>')));
    expect(html.code).toBe(ErrorCodes.CATALOG_UNREADABLE);
    expect(html.message).toMatch(/^catalog "\/c.json" is unreadable: it is neither JSON nor JSON Lines/);
    const wrapped = await failure(loadCatalog('/c.json', fakeFetch('{"products":[]}')));
    expect(wrapped.message).toContain(
      'must be a JSON array of items or an object with an "items" array, got an object with keys "products"',
    );
    const scalar = await failure(loadCatalog('/c.json', fakeFetch('42')));
    expect(scalar.message).toContain('got number 42');
  });

  it('throws ABORTED when the signal fires', async () => {
    const controller = new AbortController();
    controller.abort();
    const { fetch, calls } = fakeFetch('[]');
    expect((await failure(loadCatalog('/c.json', { fetch, signal: controller.signal }))).code).toBe(ErrorCodes.ABORTED);
    expect(calls).toHaveLength(0);

    const late = new AbortController();
    const abortingFetch: FetchLike = async () => {
      late.abort();
      throw new DOMException('The operation was aborted.', 'AbortError');
    };
    expect((await failure(loadCatalog('/c.json', { fetch: abortingFetch, signal: late.signal }))).code).toBe(ErrorCodes.ABORTED);
  });

  it('rejects other source types with INVALID_OPTION', async () => {
    const err = await failure(loadCatalog(42 as unknown as string));
    expect(err.code).toBe(ErrorCodes.INVALID_OPTION);
  });
});

describe('JSON Lines helpers', () => {
  it('turns non-object lines into markers and skips blank lines', () => {
    const raw = parseJsonLines('{"id":1}\n  \n"text"\nnull\n{"id":2}');
    expect(raw).toEqual([
      { id: 1 },
      { $inpageRecUnparsableLine: true, line: 3, reason: 'not a JSON object, got a string' },
      { $inpageRecUnparsableLine: true, line: 4, reason: 'not a JSON object, got null' },
      { id: 2 },
    ]);
    expect(isUnparsableLine({ id: 1 })).toBe(false);
    expect(isUnparsableLine(JSON.parse(JSON.stringify(raw[1])))).toBe(true);
  });

  it('only sniffs bodies that are mostly object lines', () => {
    expect(looksLikeJsonLines('{"id":1}\n{"id":2}')).toBe(true);
    expect(looksLikeJsonLines('{"id":1}\nbroken')).toBe(true);
    expect(looksLikeJsonLines('{"id":1}')).toBe(false);
    expect(looksLikeJsonLines('<html>\n<body>\n{"id":1}\n</html>')).toBe(false);
  });
});
