/**
 * Training samples chosen by a hash of each row's KEY, not by row position: the same catalog
 * gives the same sample (so the same quantizer ranges, centroids and results) whatever order its
 * items were added in, and a small change to the catalog changes the sample only a little.
 */
import type { KeyedRows } from './rows.ts';

/** FNV-1a over the UTF-16 code units of `key`, mixed with `seed`. */
export function keyHash(key: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  // Final avalanche (murmur3 fmix32) so nearby keys spread over the whole range.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * About `m` row ids (all rows when size <= m) whose key hashes are smallest, ordered by hash
 * (ties by key), so both membership and order are independent of insertion order.
 */
export function sampleRows(keyed: KeyedRows, m: number, seed: number): Int32Array {
  const n = keyed.size;
  const hashes = new Uint32Array(n);
  for (let r = 0; r < n; r++) hashes[r] = keyHash(keyed.keyAt(r), seed);
  let rows: number[];
  if (n <= m) {
    rows = Array.from({ length: n }, (_, r) => r);
  } else {
    // Keep rows under a hash cut that admits ~m rows, then trim to exactly m after sorting.
    const cut = (m / n) * 2 ** 32 * 1.1;
    rows = [];
    for (let r = 0; r < n; r++) if (hashes[r]! < cut) rows.push(r);
  }
  rows.sort((a, b) => hashes[a]! - hashes[b]! || keyed.compareRows(a, b));
  return Int32Array.from(rows.slice(0, m));
}
