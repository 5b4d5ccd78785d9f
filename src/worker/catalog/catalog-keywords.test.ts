import { describe, expect, it } from 'vitest';
import { type CatalogEntry, resolveTextRule } from '../../catalog/index.ts';
import { CatalogKeywords, keywordLabels } from './catalog-keywords.ts';

const none = new Set<string>();
/** Every entry holds its word: count it as a word that may decide a match (query-words.ts), as this file tests the builds. */
const ANY_SHARE = 1;

/** `n` entries whose titles say `word` (enough for a build of several slices). */
function entries(word: string, n: number): Map<string, CatalogEntry> {
  return new Map(
    Array.from({ length: n }, (_, i) => {
      const key = `${word}${i}`;
      return [key, { key, item: { id: key, title: `${word} item ${i}` }, text: '', hash: '' }] as const;
    }),
  );
}

describe('CatalogKeywords', () => {
  it('builds the index in slices once, and keeps it', async () => {
    const keywords = new CatalogKeywords();
    const a = entries('alpha', 1000);
    const [first, second] = await Promise.all([keywords.build(a, () => true), keywords.build(a, () => true)]);
    expect(first).toBe(second);
    expect(keywords.built).toBe(first);
    expect(first.search('alpha', 3, undefined, none, ANY_SHARE)).toHaveLength(3);
  });

  it('entries replaced during a build: the next build is of the new entries, and the old one is not kept', async () => {
    const keywords = new CatalogKeywords();
    let current = 'a';
    const old = keywords.build(entries('alpha', 1000), () => current === 'a');
    current = 'b';
    keywords.reset();
    const fresh = keywords.build(entries('beta', 1000), () => current === 'b');
    expect(fresh).not.toBe(old);
    const [oldIndex, freshIndex] = await Promise.all([old, fresh]);
    // The old build still answers the calls that asked for it, from the old entries.
    expect(oldIndex.search('alpha', 3, undefined, none, ANY_SHARE)).toHaveLength(3);
    expect(freshIndex.search('beta', 3, undefined, none, ANY_SHARE)).toHaveLength(3);
    expect(freshIndex.search('alpha', 3, undefined, none, ANY_SHARE)).toHaveLength(0);
    expect(keywords.built).toBe(freshIndex);
  });

  it("counts the catalog's labels while it indexes, by either build, under the page's text rule", async () => {
    const items = new Map<string, CatalogEntry>();
    for (let i = 0; i < 12; i++) {
      const genres = i < 6 ? ['Children', 'Comedy'] : i < 11 ? ['Comedy'] : ['Rare'];
      const key = `m${i}`;
      items.set(key, { key, item: { id: key, title: `Film ${i}`, genres }, text: '', hash: '' });
    }
    const sliced = await new CatalogKeywords(resolveTextRule()).build(items, () => true);
    expect(keywordLabels(sliced)).toEqual(['Comedy', 'Children']);
    expect(keywordLabels(new CatalogKeywords(resolveTextRule()).get(items))).toEqual(['Comedy', 'Children']);
    // Without a rule no labels are read.
    expect(keywordLabels(new CatalogKeywords().get(items))).toEqual([]);
  });
});
