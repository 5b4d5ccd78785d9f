/**
 * The server's search on PGlite: BM25 over the word tables with English stems, common words that
 * never make a hit alone, the page's fusion (a hit holding every strong word keeps keyword order
 * against a nearer vector) and its cap of two items of one product line ahead of the rest.
 */
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogItem, Filter } from '../types/index.ts';
import { forgetLabelSpellings } from './label-spellings.ts';
import { type LoadInput, loadDatabase } from './load.ts';
import { searchRows } from './search.ts';
import { forgetBlend } from './similar-blend.ts';
import { SEARCH_SETTINGS } from './sql-client.ts';

/** Items lie on axes 0-3; axis 4 is far from every one. */
const DIMS = 5;
const axis = (d: number) => Array.from({ length: DIMS }, (_, i) => (i === d ? 1 : 0));

/** Four named items, a product line of three and a go-kart, then 60 "game" items: "game" is in over 20% of the catalog, a common word. */
const ITEMS: { item: CatalogItem; axis: number }[] = [
  { item: { id: 'red-racer', title: 'Red racing game', category: 'racing' }, axis: 0 },
  { item: { id: 'classic-racer', title: 'Racing game classic', category: 'racing' }, axis: 0 },
  { item: { id: 'apple', title: 'Red apple', category: 'fruit' }, axis: 1 },
  { item: { id: 'desk-lamps', title: 'Lamps for the desk', category: 'lamp' }, axis: 2 },
  ...['One', 'Two', 'Three'].map((n) => ({ item: { id: `kart-${n}`, title: `Kart Mania - Kart Pack ${n}`, category: 'kart' }, axis: 2 })),
  { item: { id: 'go-kart', title: 'Go kart simulator', category: 'kart' }, axis: 2 },
  ...Array.from({ length: 60 }, (_, i) => ({ item: { id: `g${i}`, title: `game number ${i}`, category: 'puzzle' }, axis: 3 })),
];

function build(): LoadInput {
  const vectors = new Float32Array(ITEMS.length * DIMS);
  for (const [i, x] of ITEMS.entries()) vectors.set(axis(x.axis), i * DIMS);
  return {
    model: { key: 'fake:5:q8', dims: DIMS },
    textRule: '0'.repeat(64),
    items: ITEMS.map(({ item }) => ({ key: String(item.id), hash: String(item.id), item, text: String(item.title) })),
    vectors,
  };
}

let db: PGlite;
beforeAll(async () => {
  db = await PGlite.create({ extensions: { vector } });
  await loadDatabase(db, build());
  await db.query(SEARCH_SETTINGS);
});
afterAll(() => db.close());

const search = async (query: string, options: { vector?: number[]; exclude?: string[]; k?: number; filter?: Filter } = {}) =>
  (await searchRows(db, { query, k: options.k ?? 5, exclude: options.exclude ?? [], ...options })).map((r) => r.key);

describe('search on the server', () => {
  it('matches words by their English stem, never by stopwords', async () => {
    expect(await search('lamp')).toEqual(['desk-lamps']);
    expect(await search('desk lamps')).toEqual(['desk-lamps']);
    expect(await search('for the')).toEqual([]);
  });

  it('a common word adds to a hit but never makes one alone', async () => {
    expect(await search('game')).toEqual([]);
    // "racing" makes the hits; "game" is held by both racers, so the order is BM25's on "racing".
    expect((await search('racing game')).slice(0, 2).sort()).toEqual(['classic-racer', 'red-racer']);
  });

  it('a hit holding every strong word keeps keyword order against a nearer vector', async () => {
    // The query vector points at the apple; "red racing" is held whole only by the red racer.
    const fused = await search('red racing', { vector: axis(1) });
    expect(fused[0]).toBe('red-racer');
    expect(fused).toContain('apple');
    // A real-looking word the catalog lacks ("clamp": 4 of its 5 letter triples are in "classic"
    // and "lamps"): vectors alone, above the stricter floor. A keyboard mash: nothing at all.
    expect(await search('clamp', { vector: axis(1), k: 1 })).toEqual(['apple']);
    expect(await search('clamp', { vector: axis(4) })).toEqual([]);
    expect(await search('qwxz', { vector: axis(1) })).toEqual([]);
  });

  it('excluded and filtered items are never keyword hits', async () => {
    expect(await search('racing', { exclude: ['red-racer'] })).toEqual(['classic-racer']);
    expect(await search('red', { filter: { category: 'fruit' } })).toEqual(['apple']);
  });

  it('one product line fills at most two places ahead of the rest, unless the query names it', async () => {
    // Each pack says "kart" twice, the go-kart once: by BM25 alone the three packs would lead.
    const kart = await search('kart');
    expect(kart).toHaveLength(4);
    expect(kart[2]).toBe('go-kart');
    expect(kart[3]).toMatch(/^kart-/);
    expect((await search('kart mania')).slice(0, 3).sort()).toEqual(['kart-One', 'kart-Three', 'kart-Two']);
  });

  it('a database of schema version 2 gets its stems on the next load', async () => {
    const old = await PGlite.create({ extensions: { vector } });
    try {
      await loadDatabase(old, build());
      await old.exec(
        'ALTER TABLE inpage_rec_words DROP COLUMN stem; DROP TABLE inpage_rec_letter_triples; ALTER TABLE inpage_rec_terms DROP COLUMN in_name; ALTER TABLE inpage_rec_word_norms DROP COLUMN full_norm; DROP TABLE inpage_rec_facets, inpage_rec_facet_df; UPDATE inpage_rec_schema SET version = 2',
      );
      forgetBlend(old);
      // Until then, words match as they are: "lamps" is not "lamp", "desk" still is.
      expect((await searchRows(old, { query: 'lamp', k: 3, exclude: [] })).map((r) => r.key)).toEqual([]);
      expect((await searchRows(old, { query: 'desk', k: 3, exclude: [] })).map((r) => r.key)).toEqual(['desk-lamps']);
      expect(await loadDatabase(old, build())).toMatchObject({ unchanged: ITEMS.length });
      expect((await searchRows(old, { query: 'lamps', k: 3, exclude: [] })).map((r) => r.key)).toEqual(['desk-lamps']);
    } finally {
      await old.close();
    }
  });
});

describe('server search: a label typed as one word', () => {
  it('"permadeath" finds the items tagged Perma Death, as the page reads it; before the labels existed it found nothing', async () => {
    const tagged = Array.from({ length: 6 }, (_, i) => ({ id: `rogue-${i}`, title: `Dungeon ${i}`, tags: ['Perma Death', 'Pixel'] }));
    const others = Array.from({ length: 6 }, (_, i) => ({ id: `calm-${i}`, title: `Garden ${i}`, tags: ['Relaxing'] }));
    const items: CatalogItem[] = [...tagged, ...others];
    const vectors = new Float32Array(items.length * DIMS);
    items.forEach((_, i) => {
      vectors.set(axis(i % 4), i * DIMS);
    });
    const input: LoadInput = {
      model: { key: 'fake:5:q8', dims: DIMS },
      textRule: '0'.repeat(64),
      // The text as the page's text rule writes it: the tags are words of the text too.
      items: items.map((item) => ({
        key: String(item.id),
        hash: String(item.id),
        item,
        text: `${item.title}. tags: ${(item.tags as string[]).join(', ')}`,
      })),
      vectors,
    };
    const labelled = await PGlite.create({ extensions: { vector } });
    try {
      await loadDatabase(labelled, input);
      const found = (await searchRows(labelled, { query: 'permadeath', k: 8, exclude: [] })).map((r) => r.key);
      expect(found.sort()).toEqual(tagged.map((t) => t.id).sort());
      // Typed as two words it matched before, and still does, the same items.
      expect((await searchRows(labelled, { query: 'perma death', k: 8, exclude: [] })).map((r) => r.key).sort()).toEqual(found);
      // Without the labels' table (a database of schema version 4, until its next load): as typed, no word the catalog holds.
      await labelled.exec('DROP TABLE inpage_rec_facets, inpage_rec_facet_df; UPDATE inpage_rec_schema SET version = 4');
      forgetBlend(labelled);
      forgetLabelSpellings(labelled);
      expect(await searchRows(labelled, { query: 'permadeath', k: 8, exclude: [] })).toEqual([]);
    } finally {
      await labelled.close();
    }
  });
});
