/**
 * "For you" for a visitor the page knows nothing about yet (no history): what to show instead of
 * the catalog file's first items. With the site's signals, the most popular items of the site's own
 * logs. Without them, a spread over the catalog: the item nearest each region of its vectors
 * (k-means over a sample), largest region first, then each region's second item, and so on, so
 * the first cards show one item of each kind of thing the shop sells. Before vectors exist, a
 * spread over the catalog's category field (or, without one, evenly over the catalog).
 */
import type { SignalLookup } from '../signals/index.ts';
import type { CatalogItem } from '../types/index.ts';
import type { VectorIndex } from '../vector-index/index.ts';
import { kmeansSteps, runToEnd } from '../vector-index/kmeans.ts';
import type { RankedItem } from './types.ts';

/** Regions of the catalog spread (the first cards come one per region). */
export const SPREAD_REGIONS = 16;
/** Items sampled for the regions (k-means cost is linear in it: ~20-60 ms at 512 dims). */
export const SPREAD_SAMPLE = 2048;

/** The `k` most popular items of the site's logs that `keep` accepts. */
export function popularStart(signals: SignalLookup, k: number, keep: (key: string) => boolean): RankedItem[] {
  const out: RankedItem[] = [];
  for (const key of signals.popular(Math.max(4 * k, 200))) {
    if (!keep(key)) continue;
    out.push({ key, score: signals.popularity(key) });
    if (out.length === k) break;
  }
  return out;
}

/**
 * Interleaves lists: the first of each, then the second of each... (lists in the order given;
 * within one such round by `rank`, lowest first, when given).
 */
function roundRobin(lists: readonly (readonly string[])[], rank?: (key: string) => number): string[] {
  const out: string[] = [];
  const total = lists.reduce((n, l) => n + l.length, 0);
  for (let i = 0; out.length < total; i++) {
    const round = lists.filter((l) => i < l.length).map((l) => l[i]!);
    // A stable sort: lists of one rank keep their order.
    if (rank) round.sort((a, b) => rank(a) - rank(b));
    out.push(...round);
  }
  return out;
}

/**
 * The catalog spread by vectors: up to `SPREAD_SAMPLE` of `keys` (evenly spaced, so the same keys
 * give the same spread), grouped into `SPREAD_REGIONS` regions by spherical k-means (seeded), each
 * region's items nearest its centre first, the regions interleaved farthest-first.
 *
 * `lineOf` (an item's product line, product-line.ts): within each round (one item per region),
 * titles that name no line come first, then those of a line no other sampled item has, then the
 * members of lines. A new visitor is shown what a shop sells before its add-ons and variants, and
 * still one item of each kind: Steam's first 8 held 5 add-ons (two Rocksmith song packs among them),
 * where a region of hundreds of song packs had one as its most typical item. Not the order within
 * a region: a shop whose titles read "Brand - Product" keeps each region's most typical item.
 */
export function vectorSpread(index: VectorIndex, keys: readonly string[], lineOf?: (key: string) => string | undefined): string[] {
  const withVectors = keys.filter((key) => index.has(key));
  const size = Math.min(SPREAD_SAMPLE, withVectors.length);
  const sample = Array.from({ length: size }, (_, i) => withVectors[Math.floor((i * withVectors.length) / size)]!);
  if (sample.length === 0) return [];
  const dims = index.dims;
  const data = new Float32Array(sample.length * dims);
  for (const [r, key] of sample.entries()) data.set(index.vector(key)!, r * dims);
  const regions = Math.min(SPREAD_REGIONS, sample.length);
  const centroids = runToEnd(kmeansSteps(data, sample.length, dims, regions, { seed: 7 }));
  const members: { key: string; score: number }[][] = Array.from({ length: regions }, () => []);
  sample.forEach((key, r) => {
    let best = 0;
    let bestScore = -Infinity;
    for (let c = 0; c < regions; c++) {
      let s = 0;
      for (let d = 0; d < dims; d++) s += data[r * dims + d]! * centroids[c * dims + d]!;
      if (s > bestScore) [best, bestScore] = [c, s];
    }
    members[best]!.push({ key, score: bestScore });
  });
  const order = farthestFirst(
    centroids,
    dims,
    members.map((m) => m.length),
  );
  const lists = order.map((c) => members[c]!.sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : 1)).map((x) => x.key));
  if (!lineOf) return roundRobin(lists);
  const tier = lineTiers(sample, lineOf);
  return roundRobin(lists, (key) => tier.get(key) ?? 0);
}

/**
 * How much each of `keys` looks like a product of its own: 0 for a title naming no product line
 * ("Risk of Rain"), 1 for a line no other of `keys` has ("Strike Suit Zero - Raptor DLC" alone in
 * the sample), 2 for a line two or more share ("Rocksmith 2014 - The Who - ...").
 */
function lineTiers(keys: readonly string[], lineOf: (key: string) => string | undefined): Map<string, number> {
  const lines = keys.map(lineOf);
  const count = new Map<string, number>();
  for (const line of lines) if (line !== undefined) count.set(line, (count.get(line) ?? 0) + 1);
  return new Map(keys.map((key, i) => [key, lines[i] === undefined ? 0 : count.get(lines[i]!)! >= 2 ? 2 : 1]));
}

/**
 * The regions in the order the spread visits them: the largest first, then each time the one least
 * like those already taken (its centre's best cosine with theirs is lowest; the larger on ties), so
 * neighbouring regions of one big kind come after every other kind had its turn. Empty regions last.
 */
function farthestFirst(centroids: Float32Array, dims: number, sizes: readonly number[]): number[] {
  const n = sizes.length;
  const closest = new Float64Array(n).fill(-Infinity);
  const taken = new Set<number>();
  const order: number[] = [];
  let next = sizes.indexOf(Math.max(...sizes));
  while (order.length < n && sizes[next]! > 0) {
    order.push(next);
    taken.add(next);
    for (let c = 0; c < n; c++) {
      let s = 0;
      for (let d = 0; d < dims; d++) s += centroids[next * dims + d]! * centroids[c * dims + d]!;
      closest[c] = Math.max(closest[c]!, s);
    }
    next = -1;
    for (let c = 0; c < n; c++) {
      if (taken.has(c) || sizes[c] === 0) continue;
      if (next < 0 || closest[c]! < closest[next]! || (closest[c] === closest[next] && sizes[c]! > sizes[next]!)) next = c;
    }
    if (next < 0) break;
  }
  return order;
}

/** The category of an item for the spread before vectors: `category`, else the first of `categories` or `genres`. */
function categoryOf(item: CatalogItem): string | undefined {
  for (const field of ['category', 'categories', 'genres']) {
    const v = item[field];
    if (typeof v === 'string' && v) return v;
    if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  }
  return undefined;
}

/**
 * The spread before vectors: the catalog's categories interleaved, the largest first; without a
 * category field, items evenly spaced over the catalog.
 */
export function fieldSpread(items: ReadonlyMap<string, { item: CatalogItem }>): string[] {
  const groups = new Map<string, string[]>();
  for (const [key, e] of items) {
    const c = categoryOf(e.item) ?? '';
    const group = groups.get(c) ?? [];
    if (group.length === 0) groups.set(c, group);
    group.push(key);
  }
  if (groups.size > 1) return roundRobin([...groups.values()].sort((a, b) => b.length - a.length));
  const keys = [...items.keys()];
  const strides = Math.min(SPREAD_REGIONS, keys.length);
  return roundRobin(Array.from({ length: strides }, (_, s) => keys.filter((_k, i) => i % strides === s)));
}
