/**
 * Search reads a query word as the catalog's label it means (recommend/label-words.ts): "kids" finds
 * the films whose genre is Children, not the film titled "Kids". The keyword and vector indexes are
 * real; the encoder is a fake that places words and labels on axes.
 */
import { describe, expect, it } from 'vitest';
import type { CatalogEntry } from '../catalog/index.ts';
import { KeywordIndex, keywordDoc, LabelWords } from '../recommend/index.ts';
import type { CatalogItem } from '../types/index.ts';
import { FlatIndex } from '../vector-index/index.ts';
import type { RankContext, ResolvedOptions } from './ranker.ts';
import { rankSearch, SEARCH_POLICY } from './search.ts';

const D = 4;
const unit = (...v: number[]) => {
  const n = Math.hypot(...v);
  return Float32Array.from(v, (x) => x / n);
};
/** Axis 0: children's films; axis 1: crime; axis 2: the word "kids" in a title. */
const ITEMS: { item: CatalogItem; vector: Float32Array }[] = [
  { item: { id: 'kids-1995', title: 'Kids', genres: ['Drama'] }, vector: unit(0, 0.6, 0.8, 0) },
  { item: { id: 'kids-crime', title: 'Kids Return', genres: ['Crime'] }, vector: unit(0, 0.9, 0.4, 0) },
  { item: { id: 'kidnapped', title: 'Kidnapped', genres: ['Crime'] }, vector: unit(0, 0.8, 0, 0.6) },
  ...Array.from({ length: 4 }, (_, i) => ({
    item: { id: `family-${i}`, title: `Family Film ${i}`, genres: ['Children'] },
    vector: unit(0.9, 0, 0.1 * i, 0.2),
  })),
  ...Array.from({ length: 20 }, (_, i) => ({
    item: { id: `other-${i}`, title: `Crime Story ${i}`, genres: i < 5 ? ['Crime', 'Film Noir'] : ['Crime'] },
    vector: unit(0, 1, 0, 0.1 * i),
  })),
];

function context(labels: LabelWords | undefined): RankContext {
  const entries = new Map(ITEMS.map(({ item }) => [String(item.id), { key: String(item.id), item, text: '', hash: '' } as CatalogEntry]));
  const keyword = new KeywordIndex(ITEMS.map(({ item }) => keywordDoc(item)));
  const index = new FlatIndex(D);
  for (const { item, vector } of ITEMS) index.add([String(item.id)], vector);
  // "kidn": a half-typed word the fake encoder also places near Children.
  const words = new Map([
    ['kids', unit(0.8, 0, 0.6, 0)],
    ['kidn', unit(0.8, 0, 0.6, 0)],
    ['kidren', unit(0.8, 0, 0, 0.6)],
  ]);
  const ctx = {
    catalog: { index, entries, builtKeyword: keyword, keywordAsync: async () => keyword },
    vectorsUsable: () => true,
    partial: () => false,
    profile: { dismissed: new Set<string>() },
    // No word overlap: no feedback re-ranking (search-feedback.ts has its own tests).
    wordOverlapFor: () => undefined,
    query: {
      encoderLoaded: () => true,
      loadEncoder: () => {},
      keywordWithin: async () => keyword,
      // The query "kids": between children's films and titles with "kids".
      embed: async () => unit(0.5, 0, 0.5, 0),
      labelWords: () => labels,
      embedWords: async (ws: readonly string[]) => {
        const out = new Float32Array(ws.length * D);
        ws.forEach((w, i) => {
          out.set(words.get(w) ?? new Float32Array(D), i * D);
        });
        return out;
      },
    },
  };
  return ctx as unknown as RankContext;
}

const o: ResolvedOptions = { k: 4, filter: undefined, diversity: undefined, minScore: 0 };
/** The catalog's labels on their own axes: Children with "kids" at cosine .8. */
const LABELS = new LabelWords(
  ['Children', 'Crime', 'Drama', 'Film Noir'],
  Float32Array.from([...unit(1, 0, 0, 0), ...unit(0, 1, 0, 0), ...unit(0, 0, 0, 1), ...unit(0, 1, 0, 1)]),
  D,
);

describe('search with label words', () => {
  it('"kids" finds more Children films, where the words alone lead with the titles that say "kids"', async () => {
    const rank = rankSearch(SEARCH_POLICY);
    const plain = (await rank(context(undefined), 'kids', o)).items.map((r) => r.key);
    expect(plain.slice(0, 2).sort()).toEqual(['kids-1995', 'kids-crime']);
    const read = (await rank(context(LABELS), 'kids', o)).items.map((r) => r.key);
    // Three of the four Children films now, and the crime film that only says "kids" is out.
    expect(read.filter((k) => k.startsWith('family-'))).toHaveLength(3);
    expect(read).not.toContain('kids-crime');
    expect(plain.filter((k) => k.startsWith('family-'))).toHaveLength(2);
  });

  it('the policy can turn it off, and a failing encoder leaves the query as typed', async () => {
    const off = (await rankSearch({ ...SEARCH_POLICY, labelWords: false })(context(LABELS), 'kids', o)).items.map((r) => r.key);
    expect(off.slice(0, 2).sort()).toEqual(['kids-1995', 'kids-crime']);
    const ctx = context(LABELS);
    ctx.query.embedWords = async () => {
      throw new Error('model failed');
    };
    const failed = (await rankSearch(SEARCH_POLICY)(ctx, 'kids', o)).items.map((r) => r.key);
    expect(failed).toEqual(off);
  });

  it('a half-typed last word keeps its prefix match when a label is searched with it', async () => {
    const rank = rankSearch(SEARCH_POLICY);
    expect((await rank(context(undefined), 'kidn', o)).items.map((r) => r.key)).toContain('kidnapped');
    // Its cosine with the query is 0, under the vector floor: only the keyword half's prefix finds it.
    const read = (await rank(context(LABELS), 'kidn', { ...o, k: 10 })).items.map((r) => r.key);
    expect(read).toContain('kidnapped');
    expect(read.some((k) => k.startsWith('family-'))).toBe(true);
  });

  it('a label typed as one word makes a query the catalog recognises: "filmnoir" alone finds Film Noir', async () => {
    const rank = rankSearch(SEARCH_POLICY);
    // As typed no catalog word, and the query's vector is far from these films: nothing.
    expect((await rank(context(undefined), 'filmnoir', o)).items).toEqual([]);
    const read = (await rank(context(LABELS), 'filmnoir', o)).items.map((r) => r.key);
    // The five Film Noir films lead (other-0 to other-4), though this fake encoder puts every query
    // near the Children films ("Family Film": the word "film").
    expect(read.every((k) => /^other-[0-4]$/.test(k))).toBe(true);
    // The same with the labels as spelled only (before they are embedded), and when embedding fails.
    expect((await rank(context(LabelWords.spelled(LABELS.labels)), 'filmnoir', o)).items.map((r) => r.key)).toEqual(read);
    const ctx = context(LABELS);
    ctx.query.embedWords = async () => {
      throw new Error('model failed');
    };
    expect((await rank(ctx, 'filmnoir kids', o)).items.map((r) => r.key).filter((k) => k.startsWith('other-')).length).toBeGreaterThan(0);
  });

  it('a query of words the catalog does not use is recognised through a label they mean ("kidren": Children)', async () => {
    const rank = rankSearch(SEARCH_POLICY);
    // A word-shaped word no item holds (as "tots" or "toddlers" would be), which the fake encoder
    // places near Children. As typed: no catalog word, so the vectors alone above the higher floor.
    // The query's own vector lies away from the Children films (on the crime films' axis).
    const away = (labels: LabelWords | undefined) => {
      const ctx = context(labels);
      ctx.query.embed = async () => unit(0, 0.5, 0, 1);
      return ctx;
    };
    const plain = (await rank(away(undefined), 'kidren', o)).items.map((r) => r.key);
    const read = (await rank(away(LABELS), 'kidren', o)).items.map((r) => r.key);
    expect(plain.filter((k) => k.startsWith('family-'))).toEqual([]);
    expect(read.filter((k) => k.startsWith('family-')).length).toBeGreaterThanOrEqual(3);
  });
});
