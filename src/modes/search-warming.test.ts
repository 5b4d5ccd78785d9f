/**
 * Search before the vectors can rank (the catalog still embedding, or the encoder loading): the
 * keyword path alone answers, with the same gate as the hybrid path.
 */
import { describe, expect, it } from 'vitest';
import type { CatalogEntry } from '../catalog/index.ts';
import { KeywordIndex, keywordDoc } from '../recommend/index.ts';
import type { CatalogItem } from '../types/index.ts';
import type { RankContext, ResolvedOptions } from './ranker.ts';
import { rankSearch, SEARCH_POLICY } from './search.ts';

/** The part of a `RankContext` the keyword path reads (a fake: the real one is the worker's). */
function keywordOnly(index: KeywordIndex, items: readonly CatalogItem[] = []): RankContext {
  const entries = new Map(items.map((item) => [String(item.id), { key: String(item.id), item, text: '', hash: '' } as CatalogEntry]));
  const ctx = {
    catalog: { index: undefined, entries, keywordAsync: async () => index },
    vectorsUsable: () => false,
    profile: { dismissed: new Set<string>() },
  };
  return ctx as unknown as RankContext;
}

describe('search by keywords alone', () => {
  const docs = [...['tent model 1', 'lamp model 2', 'icicle lamp'].entries()].map(([i, title]) => keywordDoc({ id: `p${i}`, title }));
  const o: ResolvedOptions = { k: 4, filter: undefined, diversity: undefined, minScore: 0 };
  const rank = rankSearch(SEARCH_POLICY);
  it('answers a recognised query, marked warming', async () => {
    const got = await rank(keywordOnly(new KeywordIndex(docs)), 'lamp', o);
    expect(got.items.map((r) => r.key).sort()).toEqual(['p1', 'p2']);
    expect(got.warming).toBe(true);
  });
  it('shows one product line at most twice ahead of the rest, as the hybrid list does', async () => {
    const items = [
      ...['One', 'Two', 'Three'].map((n) => ({ id: `kart-${n}`, title: `Kart Mania - Kart Pack ${n}` })),
      { id: 'go-kart', title: 'Go kart simulator' },
    ];
    const index = new KeywordIndex(items.map((item) => keywordDoc(item)));
    // Each pack says "kart" twice: by keywords alone the three packs lead.
    expect(index.search('kart', 4, undefined, new Set()).map((h) => h.key)[3]).toBe('go-kart');
    const got = (await rank(keywordOnly(index, items), 'kart', o)).items.map((r) => r.key);
    expect(got[2]).toBe('go-kart');
    expect(got[3]).toMatch(/^kart-/);
  });
  it('answers an unrecognised query with nothing, not loose typo matches ("bicycle" is two edits from "icicle")', async () => {
    const index = new KeywordIndex(docs);
    expect(index.search('bicycle', 4, undefined, new Set()).map((h) => h.key)).toEqual(['p2']); // what it answered before
    expect(await rank(keywordOnly(index), 'bicycle', o)).toEqual({ items: [], warming: true });
  });
});
