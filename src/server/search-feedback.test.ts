/**
 * The server's re-ranking of a broad search by its first results: the page's re-ranker over the
 * database's described view, so it orders a list as the page's word-overlap index would, and on the
 * handler's path a game-making tool that shares a broad query's words with the games falls behind
 * the games that resemble the first results.
 */
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUnitVectors } from '../../test/helpers/vectors.ts';
import { itemFacets, itemName, resolveTextRule, textWithRule } from '../catalog/index.ts';
import { DESCRIBED_VIEW, rerankByFeedback, WordOverlapIndexBuilder } from '../recommend/index.ts';
import type { CatalogItem } from '../types/index.ts';
import { type LoadInput, loadDatabase } from './load.ts';
import { searchRows } from './search.ts';
import { feedbackOrder } from './search-feedback.ts';
import { forgetBlend } from './similar-blend.ts';
import { SEARCH_SETTINGS } from './sql-client.ts';

const DIMS = 8;
const SURVIVAL = ['Survival', 'Open World', 'Crafting'];

/**
 * Eight items hold both words of "survival game": by keyword score a survival game first (each word
 * in its title, tags or description), a tool for making games second ("game" in its tags too), then
 * five survival games and a racing game. Then 40 items without either word.
 */
const ITEMS: CatalogItem[] = [
  { id: 's0', title: 'Frost survival game', tags: SURVIVAL, description: 'A survival game about gathering wood for a shelter' },
  {
    id: 'tool',
    title: 'Survival game maker',
    tags: ['Utilities', 'Game Development'],
    description: 'Make your own survival game: scripts, sprites',
  },
  { id: 's1', title: 'Island survival game', tags: SURVIVAL, description: 'Stranded, build a raft and a shelter' },
  { id: 's2', title: 'Desert survival game', tags: [...SURVIVAL, 'Sandbox'], description: 'Find water and build a shelter' },
  { id: 's3', title: 'Forest survival game', tags: SURVIVAL, description: 'Hunt, gather wood and craft' },
  { id: 's4', title: 'Arctic survival game', tags: ['Survival', 'Crafting'], description: 'Build a shelter before the storm' },
  { id: 's5', title: 'Jungle survival game', tags: SURVIVAL, description: 'Craft tools and gather food' },
  { id: 'race', title: 'Rally survival game', tags: ['Racing', 'Arcade'], description: 'Last car on the track wins' },
  ...Array.from({ length: 40 }, (_, i) => ({ id: `f${i}`, title: `Filler ${i}`, tags: ['Casual'], description: `plain item number ${i}` })),
];

const rule = resolveTextRule();
const texts = ITEMS.map((item) => textWithRule(item, rule));
const build: LoadInput = {
  model: { key: 'fake:8:q8', dims: DIMS },
  textRule: 'f'.repeat(64),
  items: ITEMS.map((item, i) => ({ key: String(item.id), hash: `h-${texts[i]}`, item, text: texts[i]! })),
  vectors: randomUnitVectors(ITEMS.length, DIMS, 11),
};

/** The page's described view of the same catalog (the index the page's search feedback reads). */
const page = WordOverlapIndexBuilder.build(
  build.items.map((x) => [x.key, x.text, itemName(x.item), itemFacets(x.item, rule)] as const),
).view(DESCRIBED_VIEW);

let db: PGlite;
beforeAll(async () => {
  db = await PGlite.create({ extensions: { vector } });
  await loadDatabase(db, build);
  await db.query(SEARCH_SETTINGS);
});
afterAll(() => db.close());

const keyed = (keys: readonly string[]) => keys.map((key, i) => ({ key, score: 1 - i / 100 }));

describe('server search: a broad query re-ranked by its first results', () => {
  it("orders a list as the page's re-ranker does over the page's described view", async () => {
    const list = ['s0', 'tool', 's1', 'race', 's2', 's3', 's4', 's5', 'f0', 'f1'];
    const server = (await feedbackOrder(db, ITEMS.length, keyed(list), new Set(list))).map((r) => r.key);
    const expected = rerankByFeedback(keyed(list), (a, b) => page.similarity(a, b)).map((r) => r.key);
    expect(server).toEqual(expected);
    // It moved something: the tool and the racing game, which resemble the first hits least, fell back.
    expect(server).not.toEqual(list);
    expect(server[0]).toBe('s0');
    expect(server.indexOf('tool')).toBeGreaterThan(1);
    expect(server.indexOf('race')).toBeGreaterThan(3);
  });

  it('keeps the order when fewer than 3 results hold every word typed', async () => {
    const list = ['s0', 'tool', 's1', 'race', 's2'];
    const order = await feedbackOrder(db, ITEMS.length, keyed(list), new Set(['s0', 'tool']));
    expect(order.map((r) => r.key)).toEqual(list);
  });

  it('moves the game-making tool behind the survival games on the search path', async () => {
    const keys = (await searchRows(db, { query: 'survival game', k: 8, exclude: [] })).map((r) => r.key);
    // Without feedback the fused order is s0, tool, s1, s2, s3, s4, s5, race (keyword scores).
    expect(keys).toHaveLength(8);
    expect(keys[0]).toBe('s0');
    expect(keys.indexOf('tool')).toBeGreaterThanOrEqual(3);
    expect(keys.slice(1, 3).every((k) => /^s\d$/.test(k))).toBe(true);
    expect(keys.at(-1)).toBe('race');
  });

  it('keeps the fused order, and answers, on a database loaded before the labels (schema version 4)', async () => {
    const old = await PGlite.create({ extensions: { vector } });
    try {
      await loadDatabase(old, build);
      await old.exec(`${SEARCH_SETTINGS}; DROP TABLE inpage_rec_facets, inpage_rec_facet_df; UPDATE inpage_rec_schema SET version = 4`);
      forgetBlend(old);
      const keys = (await searchRows(old, { query: 'survival game', k: 8, exclude: [] })).map((r) => r.key);
      expect(keys.slice(0, 3)).toEqual(['s0', 'tool', 's1']);
    } finally {
      await old.close();
    }
  });
});
