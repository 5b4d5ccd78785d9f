/**
 * CatalogWordOverlap with storage: a big catalog's built index kept for the next worker, read back
 * instead of rebuilt, replaced or removed when the catalog changes, and never a cause of errors.
 */
import { describe, expect, it } from 'vitest';
import { countedEntries } from '../../../test/helpers/counted-entries.ts';
import { CatalogWordOverlap, type SavedWordOverlap, SYNC_WORD_OVERLAP, type WordOverlapStorage } from './catalog-word-overlap.ts';

/** Storage in memory that structured-clones what it keeps, as IndexedDB does, and counts its calls. */
function memoryStorage(): WordOverlapStorage & { saved: unknown; loads: number; saves: number; removes: number } {
  const m = {
    saved: undefined as unknown,
    loads: 0,
    saves: 0,
    removes: 0,
    async load() {
      m.loads++;
      return structuredClone(m.saved);
    },
    async save(saved: SavedWordOverlap) {
      m.saves++;
      m.saved = structuredClone(saved);
    },
    async remove() {
      m.removes++;
      m.saved = undefined;
    },
  };
  return m;
}

/** Big entries whose texts count their reads (a read back index reads none). */
const counted = (n: number) => countedEntries(n);

/** Storage holding the index of a big catalog, and a new worker's CatalogWordOverlap (counting its signals) over equal entries. */
async function nextWorker() {
  const storage = memoryStorage();
  await new CatalogWordOverlap(() => {}, storage).whenBuilt(counted(SYNC_WORD_OVERLAP + 1).map);
  let signals = 0;
  const terms = new CatalogWordOverlap(() => signals++, storage);
  return { storage, terms, entries: counted(SYNC_WORD_OVERLAP + 1), signalled: () => signals };
}

describe('CatalogWordOverlap with storage', () => {
  it('keeps a built index; the next worker reads it back for the same entries without reading a text', async () => {
    const storage = memoryStorage();
    const first = counted(SYNC_WORD_OVERLAP + 1);
    const built = await new CatalogWordOverlap(() => {}, storage).whenBuilt(first.map);
    await Promise.resolve();
    expect(storage.saves).toBe(1);
    expect((storage.saved as SavedWordOverlap).hashes).toHaveLength(SYNC_WORD_OVERLAP + 1);

    const again = counted(SYNC_WORD_OVERLAP + 1);
    let signalled = 0;
    const next = new CatalogWordOverlap(() => signalled++, storage);
    next.restore(again.map);
    const read = await next.whenBuilt(again.map);
    expect(again.reads()).toBe(0);
    expect(read?.size).toBe(SYNC_WORD_OVERLAP + 1);
    expect(read!.neighbours('k1', 5)).toEqual(built!.neighbours('k1', 5));
    expect(storage.saves).toBe(1); // nothing new to keep
    expect(next.get(again.map)).toBe(read);
    // Asked (whenBuilt) while the read was under way: the page hears it landed.
    expect(signalled).toBe(1);
  });

  it('a read that lands before any ranking asked is used silently', async () => {
    const { terms, entries, signalled } = await nextWorker();
    terms.restore(entries.map);
    await new Promise((ok) => setTimeout(ok, 50)); // get() would ask: wait without it
    expect(terms.get(entries.map)?.size).toBe(SYNC_WORD_OVERLAP + 1);
    expect(signalled()).toBe(0);
    expect(entries.reads()).toBe(0);
  });

  it('restore alone builds nothing when nothing fits; the first ranking that asks builds and keeps it', async () => {
    const storage = memoryStorage();
    const terms = new CatalogWordOverlap(() => {}, storage);
    const entries = counted(SYNC_WORD_OVERLAP + 1);
    terms.restore(entries.map);
    await new Promise((ok) => setTimeout(ok, 50));
    expect(storage.loads).toBe(1);
    expect(entries.reads()).toBe(0);
    expect(terms.get(entries.map)).toBeUndefined(); // asks
    expect((await terms.whenBuilt(entries.map))?.size).toBe(SYNC_WORD_OVERLAP + 1);
    expect(entries.reads()).toBe(SYNC_WORD_OVERLAP + 1);
    await Promise.resolve();
    expect(storage.saves).toBe(1);
  });

  it('an index kept for other entries (one text changed) is built anew and replaces it; another order of the same entries reads it', async () => {
    const storage = memoryStorage();
    await new CatalogWordOverlap(() => {}, storage).whenBuilt(counted(SYNC_WORD_OVERLAP + 1).map);
    const reordered = counted(SYNC_WORD_OVERLAP + 1);
    const reversed = new Map([...reordered.map].reverse());
    expect((await new CatalogWordOverlap(() => {}, storage).whenBuilt(reversed))?.size).toBe(SYNC_WORD_OVERLAP + 1);
    expect(reordered.reads()).toBe(0); // a re-sorted feed is the same index

    const changed = counted(SYNC_WORD_OVERLAP + 1);
    changed.map.set('k5', { key: 'k5', item: { id: 'k5' }, hash: 'h5-new', text: 'a new text' });
    const terms = new CatalogWordOverlap(() => {}, storage);
    expect((await terms.whenBuilt(changed.map))?.size).toBe(SYNC_WORD_OVERLAP + 1);
    expect(changed.reads()).toBe(SYNC_WORD_OVERLAP); // built anew: every text but the replaced entry's plain one
    await Promise.resolve();
    expect(storage.saves).toBe(2);
    expect((storage.saved as SavedWordOverlap).hashes).toContain('h5-new');
  });

  it('a ranking that asks while the read is under way gets the read index and one signal, never a build', async () => {
    const { storage, terms, entries, signalled } = await nextWorker();
    terms.restore(entries.map);
    expect(terms.get(entries.map)).toBeUndefined(); // asks before the read lands
    const index = await terms.whenBuilt(entries.map);
    expect(index?.size).toBe(SYNC_WORD_OVERLAP + 1);
    expect(entries.reads()).toBe(0);
    expect(signalled()).toBe(1);
    expect(storage.saves).toBe(1);
  });

  it('entries replaced by others stop a build under way: no signal, nothing saved, nothing kept', async () => {
    const storage = memoryStorage();
    let signalled = 0;
    const terms = new CatalogWordOverlap(() => signalled++, storage);
    const entries = counted(4 * SYNC_WORD_OVERLAP);
    const done = terms.whenBuilt(entries.map);
    const others = counted(10);
    terms.replace(others.map);
    expect(await done).toBeUndefined();
    await new Promise((ok) => setTimeout(ok, 20));
    expect(signalled).toBe(0);
    expect(storage.saves).toBe(0);
    expect(entries.reads()).toBeLessThan(4 * SYNC_WORD_OVERLAP);
  });

  it('equal entries in a new map (the fetched catalog after the stored one) keep the index, built or under way', async () => {
    const terms = new CatalogWordOverlap();
    const first = counted(SYNC_WORD_OVERLAP + 1);
    const building = terms.whenBuilt(first.map);
    const equal = new Map([...first.map].reverse());
    terms.replace(equal);
    const index = await building;
    expect(index?.size).toBe(SYNC_WORD_OVERLAP + 1);
    expect(terms.get(equal)).toBe(index);
    expect(first.reads()).toBe(SYNC_WORD_OVERLAP + 1); // one build, carried over
    const again = new Map(equal);
    terms.replace(again);
    expect(terms.get(again)).toBe(index);
    // One text changed: dropped.
    const changed = new Map(again);
    changed.set('k0', { ...first.map.get('k0')!, hash: 'other' });
    terms.replace(changed);
    expect(terms.get(changed)).toBeUndefined();
  });

  it('a catalog that shrinks to a small one removes the stored index of the big one, once per worker', async () => {
    const storage = memoryStorage();
    await new CatalogWordOverlap(() => {}, storage).whenBuilt(counted(SYNC_WORD_OVERLAP + 1).map);
    expect(storage.saved).toBeDefined();
    const before = storage.loads; // the first worker looked for a stored index before building
    const terms = new CatalogWordOverlap(() => {}, storage);
    const small = counted(SYNC_WORD_OVERLAP);
    terms.replace(small.map);
    terms.replace(counted(SYNC_WORD_OVERLAP - 1).map);
    await new Promise((ok) => setTimeout(ok, 0));
    expect(storage).toMatchObject({ saved: undefined, loads: before + 1, removes: 1 });
    // The next worker of the small catalog reads a missing key and writes nothing.
    new CatalogWordOverlap(() => {}, storage).replace(small.map);
    await new Promise((ok) => setTimeout(ok, 0));
    expect(storage).toMatchObject({ loads: before + 2, removes: 1, saves: 1 });
    // A big catalog's replace reads nothing ahead (restore does, when rankings weigh words).
    new CatalogWordOverlap(() => {}, storage).replace(counted(SYNC_WORD_OVERLAP + 1).map);
    await new Promise((ok) => setTimeout(ok, 0));
    expect(storage.loads).toBe(before + 2);
  });

  it('a small catalog is never stored, however it is asked for', async () => {
    const storage = memoryStorage();
    const terms = new CatalogWordOverlap(() => {}, storage);
    const small = counted(SYNC_WORD_OVERLAP);
    terms.restore(small.map);
    expect((await terms.whenBuilt(small.map))?.size).toBe(SYNC_WORD_OVERLAP);
    await Promise.resolve();
    expect(storage.loads + storage.saves).toBe(0);
  });

  it('failing storage or damaged data costs a build, never an error', async () => {
    const entries = counted(SYNC_WORD_OVERLAP + 1);
    const failing: WordOverlapStorage = {
      load: () => Promise.reject(new Error('storage failed')),
      save: () => Promise.reject(new Error('quota')),
      remove: () => Promise.reject(new Error('storage failed')),
    };
    new CatalogWordOverlap(() => {}, failing).replace(counted(3).map);
    expect((await new CatalogWordOverlap(() => {}, failing).whenBuilt(entries.map))?.size).toBe(SYNC_WORD_OVERLAP + 1);

    const damaged = memoryStorage();
    await new CatalogWordOverlap(() => {}, damaged).whenBuilt(counted(SYNC_WORD_OVERLAP + 1).map);
    (damaged.saved as SavedWordOverlap).arrays.postItem[0] = 10 ** 9;
    const again = counted(SYNC_WORD_OVERLAP + 1);
    expect((await new CatalogWordOverlap(() => {}, damaged).whenBuilt(again.map))?.size).toBe(SYNC_WORD_OVERLAP + 1);
    expect(again.reads()).toBe(SYNC_WORD_OVERLAP + 1);
  });
});
