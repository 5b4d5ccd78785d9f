/**
 * Catalog entries whose texts count their reads: a test tells an index read back or handed over
 * (no text read) from one built (every text read).
 */
import type { CatalogEntry } from '../../src/catalog/index.ts';

/** `n` entries `k0..k{n-1}`, hashes from `hash`, texts from `text`, and how many texts were read. */
export function countedEntries(
  n: number,
  { text = (i: number) => `item ${i} series${i % 7}`, hash = (i: number) => `h${i}` } = {},
): { map: Map<string, CatalogEntry>; reads: () => number } {
  let reads = 0;
  const map = new Map<string, CatalogEntry>();
  for (let i = 0; i < n; i++) {
    const key = `k${i}`;
    map.set(key, {
      key,
      item: { id: key },
      hash: hash(i),
      get text() {
        reads++;
        return text(i);
      },
    });
  }
  return { map, reads: () => reads };
}
