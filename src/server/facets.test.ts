/**
 * Each item's labels (its list fields' strings) in the database, for similar's word overlap: written
 * apart from its words, scored as the page's described view scores them, and migrated into a
 * database of schema version 4.
 */
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { describe, expect, it } from 'vitest';
import { randomUnitVectors } from '../../test/helpers/vectors.ts';
import { WEIGHT_DIGITS } from '../../test/oracles/word-overlap-cosine.ts';
import { itemFacets, itemName, resolveTextRule, textWithRule } from '../catalog/index.ts';
import { SIMILAR_FULL_SHARE, WordOverlapIndexBuilder } from '../recommend/index.ts';
import { facetTerm } from '../recommend/overlap-terms.ts';
import type { CatalogItem } from '../types/index.ts';
import { type LoadInput, loadDatabase } from './load.ts';
import { SCHEMA_VERSION } from './schema.ts';
import { wordNeighbours, wordSimilarities } from './words.ts';

const DIMS = 8;

/** Games with labels: tags, genres (a list the default rule flattens), a repeat and a label with no letter; then 60 without lists. */
const GAMES: CatalogItem[] = [
  { id: 'g0', title: 'Stardew Valley', tags: ['Farming Sim', 'Crafting', 'Pixel Graphics'], description: 'Grow crops, raise animals' },
  { id: 'g1', title: 'Sky Valley', tags: ['Racing', 'Arcade'], description: 'Fly a plane through the valley' },
  { id: 'g2', title: 'Harvest Town', tags: ['Farming Sim', 'Pixel Graphics', 'RPG'], description: 'Build a farm in a quiet town' },
  { id: 'g3', title: 'Portal 2', tags: ['Puzzle', 'First-Person', 'Sci-fi'], description: 'Think with portals' },
  { id: 'g4', title: 'The Talos Principle', genres: ['Puzzle', 'First-Person', 'Philosophical'], description: 'Robots and riddles' },
  { id: 'g5', title: 'Crafting Kingdom', tags: ['Crafting', 'crafting', '!!!', 'Open World'], description: 'Build a kingdom' },
  { id: 'g6', title: 'Rally Kings', tags: ['Racing', 'Sci-fi'], description: 'Cars on dirt tracks' },
  ...Array.from({ length: 60 }, (_, i) => ({ id: `f${i}`, title: `Filler ${i}`, description: `plain item number ${i}` })),
];

/** A build of `items` whose texts are made by the default text rule, as a build makes them. */
function games(items: CatalogItem[] = GAMES): LoadInput {
  const rule = resolveTextRule();
  const texts = items.map((item) => textWithRule(item, rule));
  return {
    model: { key: 'fake:8:q8', dims: DIMS },
    textRule: 'f'.repeat(64),
    items: items.map((item, i) => ({ key: String(item.id), hash: `h-${texts[i]}`, item, text: texts[i]! })),
    vectors: randomUnitVectors(items.length, DIMS, 7),
  };
}

/** The page's word-overlap index of the same build (`facets`: false leaves the labels out). */
function pageIndex(build: LoadInput, facets = true) {
  const rule = resolveTextRule(build.rule);
  return WordOverlapIndexBuilder.build(
    build.items.map((i) => [i.key, i.text, itemName(i.item), facets ? itemFacets(i.item, rule) : undefined] as const),
  ).view(SIMILAR_FULL_SHARE);
}

/** Runs `body` on a fresh in-memory database with pgvector, closed afterwards whatever happens. */
async function withDatabase(body: (db: PGlite) => Promise<void>): Promise<void> {
  const db = await PGlite.create({ extensions: { vector } });
  try {
    await body(db);
  } finally {
    await db.close();
  }
}

describe("each item's labels for similar's word overlap", () => {
  it('are written with the item, apart from its words, and rewritten with it or with another text rule', () =>
    withDatabase(async (local) => {
      const labels = async (key: string) =>
        (await local.query<{ term: string }>('SELECT term FROM inpage_rec_facets WHERE key = $1 ORDER BY term', [key])).rows.map(
          (r) => r.term,
        );
      const sorted = (xs: string[]) => xs.map(facetTerm).sort();
      expect(await loadDatabase(local, games())).toMatchObject({ inserted: GAMES.length });
      // The page's terms: one per label, a repeat once, one with no letter or digit none.
      expect(await labels('g5')).toEqual(sorted(['Crafting', 'Open World']));
      expect(await labels('g4')).toEqual(sorted(['Puzzle', 'First-Person', 'Philosophical']));
      expect(await labels('f0')).toEqual([]);
      const df = await local.query<{ df: number }>('SELECT df FROM inpage_rec_facet_df WHERE term = $1', [facetTerm('Farming Sim')]);
      expect(df.rows).toEqual([{ df: 2 }]);
      // Search's tables hold words only: no label, no letter triple of one.
      const all = (await local.query<{ term: string }>('SELECT DISTINCT term FROM inpage_rec_facets')).rows.map((r) => r.term);
      expect((await local.query('SELECT term FROM inpage_rec_terms WHERE term = ANY($1::text[])', [all])).rows).toEqual([]);
      expect((await local.query('SELECT term FROM inpage_rec_words WHERE term = ANY($1::text[])', [all])).rows).toEqual([]);
      expect((await local.query('SELECT triple FROM inpage_rec_letter_triples WHERE strpos(triple, chr(1)) > 0')).rows).toEqual([]);
      // New tags rewrite the item's labels; a removed item's go.
      const edited = GAMES.filter((g) => g.id !== 'g2').map((g) => (g.id === 'g1' ? { ...g, tags: ['Flight'] } : g));
      await loadDatabase(local, games(edited));
      expect(await labels('g1')).toEqual(sorted(['Flight']));
      expect(await labels('g2')).toEqual([]);
      // Another rule changes the labels of items whose texts (so content hashes) stay as they were.
      const untagged = { ...games(edited), textRule: 'e'.repeat(64), rule: { exclude: ['tags'] } };
      expect(await loadDatabase(local, untagged)).toMatchObject({ unchanged: edited.length });
      expect(await labels('g5')).toEqual([]);
      expect(await labels('g4')).toEqual(sorted(['Puzzle', 'First-Person', 'Philosophical']));
    }));

  it("score pairs and find neighbours as the page's described view does", () =>
    withDatabase(async (local) => {
      const build = games();
      await loadDatabase(local, build);
      const page = pageIndex(build);
      const n = GAMES.length;
      const keys = GAMES.map((g) => String(g.id));
      for (const anchor of ['g0', 'g1', 'g2', 'g3', 'g4', 'g5', 'g6', 'f0']) {
        const server = await wordSimilarities(local, n, anchor, keys);
        for (const other of keys)
          expect(server.get(other) ?? 0, `${anchor} ~ ${other}`).toBeCloseTo(page.similarity(anchor, other), WEIGHT_DIGITS);
        const near = await wordNeighbours(local, n, anchor, 5, [], undefined);
        const expected = page.neighbours(anchor, 5);
        expect(
          near.map((x) => x.key),
          anchor,
        ).toEqual(expected.map((x) => x.key));
        for (const [i, x] of near.entries()) expect(x.score).toBeCloseTo(expected[i]!.score, WEIGHT_DIGITS);
      }
      // The labels count: Stardew Valley and Harvest Town share two ("Farming Sim", "Pixel Graphics")
      // besides those tags' words; Crafting Kingdom's nearest is Stardew Valley by its "Crafting" label.
      const wordsOnly = pageIndex(build, false);
      expect(page.similarity('g0', 'g2')).toBeGreaterThan(wordsOnly.similarity('g0', 'g2') + 0.05);
      expect([page.neighbours('g5', 1)[0]!.key, wordsOnly.neighbours('g5', 1)[0]!.key]).toEqual(['g0', 'g2']);
      // Portal 2 and The Talos Principle share labels from two lists (tags, and genres flattened).
      expect((await wordNeighbours(local, n, 'g3', 1, [], undefined))[0]!.key).toBe('g4');
    }));

  it("a database of schema version 4 (no labels) gets every item's on its next load", () =>
    withDatabase(async (local) => {
      const build = games();
      await loadDatabase(local, build);
      const before = await wordSimilarities(local, GAMES.length, 'g0', ['g2', 'g5']);
      await local.exec('DROP TABLE inpage_rec_facets, inpage_rec_facet_df; UPDATE inpage_rec_schema SET version = 4');
      expect(await loadDatabase(local, build)).toMatchObject({ unchanged: GAMES.length });
      expect((await local.query('SELECT version FROM inpage_rec_schema')).rows).toEqual([{ version: SCHEMA_VERSION }]);
      expect((await local.query<{ n: number }>('SELECT count(DISTINCT key)::int AS n FROM inpage_rec_facets')).rows[0]!.n).toBe(7);
      expect(await wordSimilarities(local, GAMES.length, 'g0', ['g2', 'g5'])).toEqual(before);
    }));
});
