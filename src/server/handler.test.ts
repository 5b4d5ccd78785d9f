/**
 * The retrieval endpoint over PGlite with pgvector, in-process: each mode's answers, filters with
 * the page's meaning, and every kind of bad or hostile request refused without touching the data.
 */
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sortKeys } from '../artifact/index.ts';
import { exactSignals, SignalLookup } from '../signals/index.ts';
import type { CatalogItem, Filter } from '../types/index.ts';
import { compileFilter } from '../vector-index/index.ts';
import { Prng } from '../vector-index/prng.ts';
import { createRequestHandler, type RequestHandler } from './handler.ts';
import { loadDatabase } from './load.ts';
import { listen } from './node-server.ts';
import { SEARCH_SETTINGS } from './sql-client.ts';

const DIMS = 8;
const KINDS = ['tent', 'stove', 'lamp', 'kayak'];

/** The one item with no text, so no vector (stored as NULL). */
const BLANK = 'blank';

/** 60 items: a kind each (its vector near the kind's axis), a price, tags; then BLANK. */
const ITEMS: CatalogItem[] = [
  ...Array.from({ length: 60 }, (_, i) => ({
    id: `p${i}`,
    title: `${KINDS[i % 4]} model ${i}`,
    category: KINDS[i % 4],
    price: i,
    tags: i % 3 === 0 ? ['sale', 'new'] : ['new'],
    ...(i % 10 === 0 ? { brand: 'acme' } : {}),
  })),
  { id: BLANK, price: 1000 },
];

function vectors(): Float32Array {
  const rng = new Prng(3);
  const out = new Float32Array(ITEMS.length * DIMS);
  ITEMS.forEach((item, i) => {
    if (item.id === BLANK) return; // all zero: no vector
    for (let d = 0; d < DIMS; d++) out[i * DIMS + d] = (d === i % 4 ? 1 : 0) + 0.2 * rng.gaussian();
  });
  return out;
}

/** Item `key`'s vector as loaded. */
const loaded = (key: string) => {
  const at = ITEMS.findIndex((i) => i.id === key);
  return Array.from(vecs.slice(at * DIMS, (at + 1) * DIMS));
};
/** True when `got` is `want` at halfvec precision (11 significant bits, after the load's 1e-6 rounding). */
const halfClose = (got: readonly number[], want: readonly number[]) =>
  got.length === want.length &&
  got.every((x, d) => typeof x === 'number' && Math.abs(x - want[d]!) <= 1e-3 * Math.max(1, Math.abs(want[d]!)));

let db: PGlite;
let handle: RequestHandler;
const vecs = vectors();
const axis = (kind: number) => Array.from({ length: DIMS }, (_, d) => (d === kind ? 1 : 0));

beforeAll(async () => {
  db = await PGlite.create({ extensions: { vector } });
  const keys = ITEMS.map((i) => String(i.id));
  const sessions = ['p0 p1 p5', 'p0 p1', 'p0 p1 p9', 'p0 p9', 'p8 p4', 'p8 p4'].flatMap((s, n) =>
    s.split(' ').map((item) => ({ session: `s${n}`, item })),
  );
  const signals = new SignalLookup(exactSignals(sessions, sortKeys(keys)).signals, sortKeys(keys));
  await loadDatabase(db, {
    model: { key: 'fake:8:q8', dims: DIMS },
    textRule: '0'.repeat(64),
    items: ITEMS.map((item) => ({ key: String(item.id), hash: String(item.id), item, text: String(item.title ?? '') })),
    vectors: vecs,
    signals,
  });
  await db.query(SEARCH_SETTINGS);
  handle = await createRequestHandler(db, { rate: { perSecond: 1000, burst: 1000 } });
});
afterAll(() => db.close());

async function ask(body: unknown, handler = handle, client?: string) {
  const response = await handler(
    new Request('http://x/', { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) }),
    client,
  );
  return {
    status: response.status,
    body: (await response.json()) as {
      items: { id: string; score: number; item: CatalogItem; basis?: string }[];
      anchor?: { id: string; vector: number[] };
      vectors?: Record<string, number[]>;
      error?: { code: string; message: string };
    },
    headers: response.headers,
  };
}
const ids = (r: Awaited<ReturnType<typeof ask>>) => r.body.items.map((i) => i.id);

describe('the retrieval endpoint', () => {
  it('similar: nearest items by cosine, best first, without the item or the excluded ids', async () => {
    const r = await ask({ mode: 'similar', item: 'p1', k: 10, exclude: ['p5'] });
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(10);
    expect(ids(r)).not.toContain('p1');
    expect(ids(r)).not.toContain('p5');
    expect(r.body.items.every((x) => x.item.category === 'stove')).toBe(true);
    const scores = r.body.items.map((x) => x.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('filters mean what they mean on the page (the same ids as compileFilter, over every item)', async () => {
    const filters: Filter[] = [
      { category: 'lamp' },
      { price: { gte: 10, lt: 20 } },
      { tags: 'sale' },
      { tags: { in: ['sale', 'x'] } },
      { brand: { not: 'acme' } },
      { category: { in: ['tent', 'kayak'] }, price: { gt: 40 } },
      { brand: null },
    ];
    for (const filter of filters) {
      const page = compileFilter(filter, (key) => ITEMS.find((i) => i.id === key));
      // BLANK has no vector: never anyone's neighbour.
      const expected = ITEMS.map((i) => String(i.id)).filter((k) => k !== 'p0' && k !== BLANK && page(k));
      const r = await ask({ mode: 'similar', item: 'p0', k: 100, filter });
      expect(ids(r).sort(), JSON.stringify(filter)).toEqual(expected.sort());
    }
  });

  it('complements: "together" neighbours first, never what similar shows, then content fill-ins', async () => {
    const similar = ids(await ask({ mode: 'similar', item: 'p0', k: 8 }));
    const r = await ask({ mode: 'complements', item: 'p0', k: 6 });
    expect(r.body.items).toHaveLength(6);
    const signals = r.body.items.filter((x) => x.basis === 'signals').map((x) => x.id);
    expect(signals.length).toBeGreaterThan(0);
    expect(signals.every((id) => ['p1', 'p5', 'p9'].includes(id))).toBe(true);
    expect(ids(r).filter((id) => similar.includes(id))).toEqual([]);
    expect(r.body.items.slice(signals.length).every((x) => x.basis === 'content')).toBe(true);
  });

  it('forYou: a profile vector ranks by it; a new visitor gets the popular items first', async () => {
    const r = await ask({ mode: 'forYou', profile: axis(2), k: 5, exclude: ['p2'] });
    expect(r.body.items.every((x) => x.item.category === 'lamp')).toBe(true);
    expect(ids(r)).not.toContain('p2');
    const cold = await ask({ mode: 'forYou', profile: null, k: 3 });
    // p0 is in 4 sessions, p1 in 3, p4, p8 and p9 in 2: never catalog order (p0, p1, p2).
    expect(ids(cold).slice(0, 2)).toEqual(['p0', 'p1']);
    expect(['p4', 'p8', 'p9']).toContain(ids(cold)[2]);
  });

  it('search: words, never stopwords alone; vectors only above the floor when no word matches', async () => {
    const lamps = await ask({ mode: 'search', query: 'lamps', k: 5 });
    expect(lamps.body.items).toHaveLength(5);
    expect(lamps.body.items.every((x) => x.item.category === 'lamp')).toBe(true);
    expect((await ask({ mode: 'search', query: 'a for the', k: 5 })).body.items).toEqual([]);
    // Gibberish whose vector is far from every item: nothing. Near one kind: that kind.
    const far = Array.from({ length: DIMS }, (_, d) => (d === 7 ? 1 : 0));
    expect((await ask({ mode: 'search', query: 'qwxz', vector: far, k: 5 })).body.items).toEqual([]);
    const near = await ask({ mode: 'search', query: 'qwxz', vector: axis(3), k: 3 });
    expect(near.body.items.every((x) => x.item.category === 'kayak')).toBe(true);
  });

  it("similar and complements carry the item's stored vector as anchor; an item with no vector has none", async () => {
    for (const mode of ['similar', 'complements']) {
      const r = await ask({ mode, item: 'p6', k: 3 });
      expect(r.status).toBe(200);
      expect(Object.keys(r.body)).toEqual(['items', 'anchor']);
      expect(r.body.anchor!.id).toBe('p6');
      expect(r.body.anchor!.vector).toHaveLength(DIMS);
      expect(halfClose(r.body.anchor!.vector, loaded('p6')), `${mode}: ${r.body.anchor!.vector}`).toBe(true);
      const blank = await ask({ mode, item: BLANK, k: 3 });
      expect([blank.status, blank.body]).toEqual([200, { items: [] }]);
    }
    // The other modes answer items alone.
    expect(Object.keys((await ask({ mode: 'forYou', profile: axis(1), k: 2 })).body)).toEqual(['items']);
    expect(Object.keys((await ask({ mode: 'search', query: 'lamp', k: 2 })).body)).toEqual(['items']);
  });

  it('vectors: the stored vectors of the ids asked for; unknown ids and items with no vector left out', async () => {
    const r = await ask({ mode: 'vectors', items: ['p3', 'p10', 'p3', 'nope', BLANK] });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['vectors']);
    expect(Object.keys(r.body.vectors!).sort()).toEqual(['p10', 'p3']);
    for (const key of ['p3', 'p10']) expect(halfClose(r.body.vectors![key]!, loaded(key)), key).toBe(true);
    // The same numbers an anchor carries.
    expect(r.body.vectors!.p3).toEqual((await ask({ mode: 'similar', item: 'p3', k: 1 })).body.anchor!.vector);
    expect((await ask({ mode: 'vectors', items: ['nope'] })).body).toEqual({ vectors: {} });
    // 32 ids are fine, 33 are not; only "mode" and "items" are fields of this mode.
    const many = ITEMS.slice(0, 32).map((i) => String(i.id));
    expect(Object.keys((await ask({ mode: 'vectors', items: many })).body.vectors!)).toHaveLength(32);
    const cases: unknown[] = [
      { mode: 'vectors', items: [...many, 'p40'] },
      { mode: 'vectors', items: [] },
      { mode: 'vectors' },
      { mode: 'vectors', items: 'p1' },
      { mode: 'vectors', items: ['p1', ''] },
      { mode: 'vectors', items: ['p1', 'x'.repeat(257)] },
      { mode: 'vectors', items: ['p1', { $ne: 1 }] },
      { mode: 'vectors', items: ['p1'], k: 8 },
      { mode: 'vectors', items: ['p1'], exclude: ['p2'] },
      { mode: 'vectors', items: ['p1'], filter: { category: 'lamp' } },
      { mode: 'vectors', items: ['p1'], item: 'p1' },
    ];
    for (const body of cases) {
      const bad = await ask(body);
      expect([bad.status, bad.body.error?.code], JSON.stringify(body).slice(0, 80)).toEqual([400, 'INVALID_OPTION']);
    }
    // SQL metacharacters and prototype names in ids are data: nothing found, nothing changed.
    const hostile = ["p1'; DROP TABLE inpage_rec_items; --", "' OR '1'='1", 'p1\\', '$1', '__proto__', 'constructor', 'p1%', '%'];
    const h = await ask({ mode: 'vectors', items: [...hostile, 'p2'] });
    expect(h.status).toBe(200);
    expect(Object.keys(h.body.vectors!)).toEqual(['p2']);
    expect((await db.query('SELECT count(*)::int AS n FROM inpage_rec_items')).rows).toEqual([{ n: ITEMS.length }]);
  });

  it('refuses bad and hostile requests with a status and a code, and the data stays', async () => {
    const cases: [unknown, number, string][] = [
      [{ mode: 'similar', item: "p1'; DROP TABLE inpage_rec_items; --" }, 404, 'UNKNOWN_ITEM'],
      [{ mode: 'similar', item: 'p1', k: 100_000 }, 400, 'INVALID_OPTION'],
      [{ mode: 'similar', item: 'p1', k: 0 }, 400, 'INVALID_OPTION'],
      [{ mode: 'drop', item: 'p1' }, 400, 'INVALID_OPTION'],
      [{ mode: 'similar', item: 'p1', sql: 'x' }, 400, 'INVALID_OPTION'],
      [{ mode: 'similar', item: { $ne: 1 } }, 400, 'INVALID_OPTION'],
      [{ mode: 'forYou', profile: [1, 2] }, 400, 'INVALID_OPTION'],
      [{ mode: 'forYou', profile: Array(DIMS).fill('1') }, 400, 'INVALID_OPTION'],
      [{ mode: 'similar', item: 'p1', filter: { category: { between: [1, 2] } } }, 400, 'INVALID_OPTION'],
      [{ mode: 'similar', item: 'p1', filter: { a: { not: { not: { not: { not: { not: 'x' } } } } } } }, 400, 'INVALID_OPTION'],
      [{ mode: 'similar', item: 'p1', exclude: Array(2000).fill('p2') }, 400, 'INVALID_OPTION'],
      ['{"mode": "similar", ', 400, 'INVALID_OPTION'],
      [[1, 2, 3], 400, 'INVALID_OPTION'],
    ];
    for (const [body, status, code] of cases) {
      const r = await ask(body);
      expect([r.status, r.body.error?.code], JSON.stringify(body).slice(0, 80)).toEqual([status, code]);
    }
    // SQL metacharacters as filter fields and values, and in a query, are data.
    const hostile = await ask({ mode: 'similar', item: 'p1', k: 5, filter: { "category') OR 1=1 --": "x' OR '1'='1" } });
    expect([hostile.status, hostile.body.items]).toEqual([200, []]);
    expect((await ask({ mode: 'search', query: "lamp' | !!(); DELETE FROM inpage_rec_items; --", k: 3 })).status).toBe(200);
    expect((await db.query('SELECT count(*)::int AS n FROM inpage_rec_items')).rows).toEqual([{ n: ITEMS.length }]);
  });

  it('limits: GET is 405, an oversized body 413, a client over its rate 429 with Retry-After', async () => {
    expect((await handle(new Request('http://x/'))).status).toBe(405);
    const big = JSON.stringify({ mode: 'search', query: 'x'.repeat(70_000) });
    expect((await ask(big)).status).toBe(413);
    const strict = await createRequestHandler(db, { rate: { perSecond: 1, burst: 2 } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await ask({ mode: 'similar', item: 'p1' }, strict, 'c1')).status);
    expect(statuses).toEqual([200, 200, 429]);
    expect((await ask({ mode: 'similar', item: 'p1' }, strict, 'c2')).status).toBe(200);
    expect((await ask({ mode: 'similar', item: 'p1' }, strict, 'c1')).headers.get('retry-after')).toBe('1');
  });

  it('answers over HTTP on a loopback port, a streamed oversized body cut off at the limit', async () => {
    const server = await listen(handle, { path: '/rec' });
    try {
      const ok = await fetch(server.url, { method: 'POST', body: JSON.stringify({ mode: 'similar', item: 'p3', k: 2 }) });
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as { items: unknown[] }).items).toHaveLength(2);
      const chunks = new ReadableStream({
        start(controller) {
          for (let i = 0; i < 100; i++) controller.enqueue(new Uint8Array(1024).fill(32));
          controller.close();
        },
      });
      const big = await fetch(server.url, { method: 'POST', body: chunks, duplex: 'half' } as RequestInit);
      expect(big.status).toBe(413);
      expect((await fetch(server.url.replace('/rec', '/other'), { method: 'POST', body: '{}' })).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
