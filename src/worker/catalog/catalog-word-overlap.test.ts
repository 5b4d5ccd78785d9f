/**
 * CatalogWordOverlap in one worker: built at once for a small catalog, in the background for a big
 * one, stopped when its entries are replaced. Storage across workers: catalog-word-overlap-storage.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { countedEntries } from '../../../test/helpers/counted-entries.ts';
import { type CatalogEntry, resolveTextRule } from '../../catalog/index.ts';
import { CatalogWordOverlap, SYNC_WORD_OVERLAP, wordsFromCheck } from './catalog-word-overlap.ts';

function entries(n: number, text = (i: number) => `item ${i} series${i % 7}`): Map<string, CatalogEntry> {
  return new Map(
    Array.from({ length: n }, (_, i) => {
      const key = `k${i}`;
      return [key, { key, item: { id: key }, text: text(i), hash: `h${i}` }] as const;
    }),
  );
}

describe('CatalogWordOverlap', () => {
  it('builds a small catalog at once, and once (no "built" signal: its first answer already has it)', () => {
    let built = 0;
    const terms = new CatalogWordOverlap(() => built++);
    const small = entries(100);
    const index = terms.get(small);
    expect(index?.size).toBe(100);
    expect(terms.get(small)).toBe(index);
    expect(index!.similarity('k1', 'k8')).toBeGreaterThan(0); // both "series1"
    expect(built).toBe(0);
  });

  it('builds a big catalog in the background: undefined until done, then the index, signalled once when it lands', async () => {
    const signalled: (number | undefined)[] = [];
    const terms = new CatalogWordOverlap(() => signalled.push(terms.get(big)?.size));
    const big = entries(SYNC_WORD_OVERLAP + 1);
    expect(terms.get(big)).toBeUndefined();
    expect(signalled).toEqual([]);
    const built = await terms.whenBuilt(big);
    expect(built?.size).toBe(SYNC_WORD_OVERLAP + 1);
    expect(terms.get(big)).toBe(built);
    // Signalled once, after the index is in place (a refetch in the signal sees it).
    expect(signalled).toEqual([SYNC_WORD_OVERLAP + 1]);
    await terms.whenBuilt(big);
    expect(signalled).toHaveLength(1);
  });

  it('yields to other work while building a big catalog', async () => {
    const terms = new CatalogWordOverlap();
    const big = entries(4 * SYNC_WORD_OVERLAP, (i) => `${'word '.repeat(40)}item${i}`);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const done = terms.whenBuilt(big);
    expect(terms.whenBuilt(big)).toBe(done); // one build, however often asked
    await done;
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
  });

  it('stops the build of entries replaced meanwhile and builds the new ones (signalled for those only)', async () => {
    let built = 0;
    const terms = new CatalogWordOverlap(() => built++);
    const first = entries(SYNC_WORD_OVERLAP + 1);
    const building = terms.whenBuilt(first);
    const second = entries(SYNC_WORD_OVERLAP + 2);
    const next = terms.whenBuilt(second);
    expect(await building).toBeUndefined(); // stopped at its next slice
    expect((await next)?.size).toBe(SYNC_WORD_OVERLAP + 2);
    expect(terms.get(second)?.size).toBe(SYNC_WORD_OVERLAP + 2);
    expect(built).toBe(1);
  });

  it('keeps a small catalog built at once when a replaced big build would have finished later', async () => {
    const terms = new CatalogWordOverlap();
    const big = entries(SYNC_WORD_OVERLAP + 1);
    const building = terms.whenBuilt(big);
    const small = entries(10);
    const index = terms.get(small);
    expect(await building).toBeUndefined();
    expect(terms.get(small)).toBe(index); // not rebuilt: the big build did not overwrite it
  });

  it('a failing text read gives no index (content alone), never an error, and is not retried', async () => {
    const failing = (n: number) => {
      const map = entries(n);
      const broken = map.get('k3')!;
      let reads = 0;
      map.set('k3', {
        ...broken,
        get text(): string {
          reads++;
          throw new Error('storage failed');
        },
      });
      return { map, reads: () => reads };
    };
    let built = 0;
    const terms = new CatalogWordOverlap(() => built++);
    const small = failing(10);
    expect(terms.get(small.map)).toBeUndefined();
    expect(terms.get(small.map)).toBeUndefined();
    expect(small.reads()).toBe(1);

    const big = failing(SYNC_WORD_OVERLAP + 1);
    expect(terms.get(big.map)).toBeUndefined();
    expect(await terms.whenBuilt(big.map)).toBeUndefined();
    expect(terms.get(big.map)).toBeUndefined();
    expect(big.reads()).toBe(1);
    expect(built).toBe(0); // nothing new to show: no refetch
  });
});

describe("CatalogWordOverlap with the trust check's index", () => {
  const counted = (n: number, hash?: (i: number) => string) => countedEntries(n, hash ? { hash } : {});

  it('takes the index the check builds from its texts, and reads no text itself', async () => {
    const { map, reads } = counted(SYNC_WORD_OVERLAP + 1);
    const check = wordsFromCheck(resolveTextRule());
    const terms = new CatalogWordOverlap();
    terms.restore(map, check.index);
    const landed = terms.whenBuilt(map);
    for (const [key, e] of map) check.builder.add(key, `item ${e.key.slice(1)} series${Number(e.key.slice(1)) % 7}`);
    const index = check.builder.finish();
    const before = reads();
    check.give({ entries: map, index });
    expect(await landed).toBe(index);
    expect(reads()).toBe(before);
    expect(terms.status?.from).toBe('built');
  });

  it('builds itself when the check fails, or built its index for other texts', async () => {
    for (const given of ['failed', 'other hashes'] as const) {
      const { map, reads } = counted(SYNC_WORD_OVERLAP + 1);
      const check = wordsFromCheck(resolveTextRule());
      const terms = new CatalogWordOverlap();
      terms.restore(map, check.index);
      const landed = terms.whenBuilt(map);
      check.give(
        given === 'failed' ? undefined : { entries: counted(SYNC_WORD_OVERLAP + 1, (i) => `x${i}`).map, index: check.builder.finish() },
      );
      const index = await landed;
      expect(index?.size, given).toBe(SYNC_WORD_OVERLAP + 1);
      expect(reads(), given).toBe(SYNC_WORD_OVERLAP + 1);
    }
  });
});
