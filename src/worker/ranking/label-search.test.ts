import { describe, expect, it } from 'vitest';
import { resolveTextRule } from '../../catalog/index.ts';
import { DEFAULT_MODEL, type Encoder } from '../../encoder/index.ts';
import { expandWithLabels, KeywordIndex } from '../../recommend/index.ts';
import { CatalogKeywords } from '../catalog/catalog-keywords.ts';
import { LabelSearch } from './label-search.ts';

/** A fake encoder of model `id`: each text's vector is a one-hot of its first letter, and it counts what it embeds. */
function fakeEncoder(id = DEFAULT_MODEL): Encoder & { texts: string[] } {
  const texts: string[] = [];
  return {
    texts,
    spec: { id },
    dims: 26,
    embed: async (batch: readonly string[]) => {
      texts.push(...batch);
      const out = new Float32Array(batch.length * 26);
      batch.forEach((t, i) => {
        out[i * 26 + (t.toLowerCase().charCodeAt(0) - 97)] = 1;
      });
      return out;
    },
  } as unknown as Encoder & { texts: string[] };
}

async function indexWithLabels(): Promise<KeywordIndex> {
  const entries = new Map(
    Array.from(
      { length: 6 },
      (_, i) => [`k${i}`, { key: `k${i}`, item: { id: `k${i}`, title: `Film ${i}`, genres: ['Children'] }, text: '', hash: '' }] as const,
    ),
  );
  return new CatalogKeywords(resolveTextRule()).build(entries, () => true);
}

describe('LabelSearch', () => {
  it("embeds an index's labels once, in the background, and reads query words against them", async () => {
    const encoder = fakeEncoder();
    const search = new LabelSearch(async () => encoder);
    const index = await indexWithLabels();
    // Not embedded yet: the labels as spelled at once (no word is looked up), and the work starts.
    const early = search.labelWordsNow(index);
    expect({ labels: early?.labels, lookUp: early?.wordsToLookUp('cubs and dogs') }).toEqual({ labels: ['Children'], lookUp: [] });
    const [a, b] = await Promise.all([search.prepare(index), search.prepare(index)]);
    expect(a).toBe(b);
    expect(search.labelWordsNow(index)).toBe(a);
    expect(a?.labels).toEqual(['Children']);
    expect(encoder.texts).toEqual(['Children']);
    // "cubs" starts with c: the fake encoder puts it on Children's axis; "dogs" on another.
    expect(await expandWithLabels(a!, 'cubs and dogs', (ws) => search.embedWords(ws))).toBe('Children cubs and dogs');
    expect(encoder.texts).toEqual(['Children', 'cubs', 'dogs']);
  });

  it('embeds each query word once while it is recent', async () => {
    const encoder = fakeEncoder();
    const search = new LabelSearch(async () => encoder);
    await search.embedWords(['kids', 'movie']);
    await search.embedWords(['movie', 'kids', 'animated']);
    expect(encoder.texts).toEqual(['kids', 'movie', 'animated']);
  });

  it('embeds nothing with another model than the default (the threshold is on its scale): labels typed as one word still read', async () => {
    const encoder = fakeEncoder('some-other-model');
    const search = new LabelSearch(async () => encoder);
    const entries = new Map(
      Array.from(
        { length: 6 },
        (_, i) =>
          [`k${i}`, { key: `k${i}`, item: { id: `k${i}`, title: `Game ${i}`, tags: ['Perma Death'] }, text: '', hash: '' }] as const,
      ),
    );
    const index = await new CatalogKeywords(resolveTextRule()).build(entries, () => true);
    expect(await search.prepare(index)).toBeUndefined();
    const words = search.labelWordsNow(index)!;
    expect(await expandWithLabels(words, 'permadeath game', (ws) => search.embedWords(ws))).toBe('Perma Death game');
    expect(encoder.texts).toEqual([]);
  });

  it('has no label words for an index without labels, and none when the model fails to load', async () => {
    const failing = new LabelSearch(async () => {
      throw new Error('no model');
    });
    const index = await indexWithLabels();
    expect(await failing.prepare(index)).toBeUndefined();
    expect(failing.labelWordsNow(index)?.wordsToLookUp('cubs')).toEqual([]); // spelled only
    const encoder = fakeEncoder();
    const bare = new LabelSearch(async () => encoder);
    expect(await bare.prepare(new KeywordIndex([]))).toBeUndefined();
    expect(bare.labelWordsNow(new KeywordIndex([]))).toBeUndefined();
    expect(encoder.texts).toEqual([]);
  });
});
