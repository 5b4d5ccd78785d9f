/**
 * Session pairs (pairs.ts) grouped by their first item, the form the trainer's loss reads: per
 * anchor, each positive once with how often it was seen.
 */
import type { Prng } from '../vector-index/prng.ts';
import type { Pairs } from './pairs.ts';

/** The pairs grouped by anchor: for each anchor row, its positives and how often each was seen. */
export interface Neighbourhoods {
  anchors: Int32Array;
  /** Offsets into `items`/`counts` per anchor (length anchors + 1). */
  start: Int32Array;
  items: Int32Array;
  counts: Float32Array;
  totalPairs: number;
}

/** Groups `pairs` by anchor (rows sorted, so the grouping is deterministic); names a pair outside the `n` items. */
export function groupPairs(pairs: Pairs, n: number): Neighbourhoods {
  const byAnchor = new Map<number, Map<number, number>>();
  for (let p = 0; p < pairs.from.length; p++) {
    const a = pairs.from[p]!;
    const b = pairs.to[p]!;
    if (a < 0 || a >= n || b < 0 || b >= n) throw new RangeError(`pair ${p} names row ${a < 0 || a >= n ? a : b}, outside the ${n} items`);
    const m = byAnchor.get(a) ?? new Map<number, number>();
    byAnchor.set(a, m);
    m.set(b, (m.get(b) ?? 0) + 1);
  }
  const anchors = Int32Array.from([...byAnchor.keys()].sort((x, y) => x - y));
  const start = new Int32Array(anchors.length + 1);
  const items: number[] = [];
  const counts: number[] = [];
  anchors.forEach((a, i) => {
    const m = byAnchor.get(a)!;
    for (const b of [...m.keys()].sort((x, y) => x - y)) {
      items.push(b);
      counts.push(m.get(b)!);
    }
    start[i + 1] = items.length;
  });
  return { anchors, start, items: Int32Array.from(items), counts: Float32Array.from(counts), totalPairs: pairs.from.length };
}

/** The rows the softmax of one step runs over: every item, or a sample plus the batch's positives. */
export function candidateRows(h: Neighbourhoods, batch: Int32Array, n: number, max: number, rng: Prng): Int32Array {
  if (n <= max) return Int32Array.from({ length: n }, (_, i) => i);
  const picked = new Set<number>();
  for (const i of batch) for (let j = h.start[i]!; j < h.start[i + 1]!; j++) picked.add(h.items[j]!);
  while (picked.size < max) picked.add(rng.int(n));
  return Int32Array.from([...picked].sort((x, y) => x - y));
}

/** Candidates and the batch's anchors: the rows projected (and back-propagated) this step. */
export function touchedRows(h: Neighbourhoods, batch: Int32Array, candidates: Int32Array, n: number): Int32Array {
  if (candidates.length === n) return candidates;
  const rows = new Set(candidates);
  for (const i of batch) rows.add(h.anchors[i]!);
  return Int32Array.from([...rows].sort((x, y) => x - y));
}
