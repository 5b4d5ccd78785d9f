/**
 * Query expansion by pseudo-relevance feedback (Rocchio): an anchor's vector plus a weighted mean
 * of its nearest content neighbours' vectors (and, with site signals, of its "together"
 * neighbours' vectors), normalised. The expanded query leans toward what the anchor's
 * neighbourhood shares, so a candidate close to the neighbourhood ranks above one close to the
 * anchor alone by accident. An idea tried for issue 13 on the validation split (eval/ideas.ts), fed
 * to the library's own candidate code through `CandidateSources.anchorQuery`; it did not win there,
 * so the library does not ship it.
 */
import type { SignalLookup } from '../src/signals/index.ts';
import type { VectorIndex } from '../src/vector-index/index.ts';

/** How an anchor's query is expanded. `weight` 0 or `neighbours` 0 (and `signalWeight` 0): no expansion. */
export interface Expansion {
  /** Content neighbours whose mean is added. */
  neighbours: number;
  /** Weight of the content neighbours' mean (the anchor's own vector weighs 1). */
  weight: number;
  /** Weight of the mean of the anchor's strongest "together" neighbours (only with signals; default 0). */
  signalWeight?: number;
}

/** No expansion: the anchor's own vector. */
export const NO_EXPANSION: Readonly<Expansion> = Object.freeze({ neighbours: 0, weight: 0, signalWeight: 0 });

/** True when `e` changes nothing. */
export function isIdentity(e: Readonly<Expansion> | undefined): boolean {
  return !e || ((e.neighbours <= 0 || e.weight === 0) && !e.signalWeight);
}

/**
 * The expanded query of `key`: its vector plus `weight` x the mean of its `neighbours` nearest
 * items (never itself; no filter: the neighbourhood describes the item, not the page) plus
 * `signalWeight` x the mean of its first `neighbours` "together" neighbours that have a vector,
 * L2-normalised. Undefined when `key` has no vector; its own vector when nothing is added.
 */
export function expandedQuery(
  index: VectorIndex,
  key: string,
  expansion: Readonly<Expansion> | undefined,
  signals?: SignalLookup,
): Float32Array | undefined {
  const own = index.vector(key);
  if (!own || !expansion || isIdentity(expansion)) return own;
  const q = Float32Array.from(own);
  const addMean = (vectors: Float32Array[], weight: number) => {
    if (!vectors.length || weight === 0) return;
    const w = weight / vectors.length;
    for (const v of vectors) for (let d = 0; d < q.length; d++) q[d]! += w * v[d]!;
  };
  if (expansion.neighbours > 0 && expansion.weight !== 0) {
    const hits = index.search(own, expansion.neighbours, { exclude: new Set([key]) });
    addMean(vectorsOf(index, hits), expansion.weight);
  }
  if (signals && expansion.signalWeight) {
    const together = signals.together(key).filter((n) => n.key !== key && index.has(n.key));
    addMean(vectorsOf(index, together.slice(0, Math.max(1, expansion.neighbours))), expansion.signalWeight);
  }
  let norm = 0;
  for (let d = 0; d < q.length; d++) norm += q[d]! * q[d]!;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let d = 0; d < q.length; d++) q[d]! /= norm;
  return q;
}

function vectorsOf(index: VectorIndex, items: readonly { key: string }[]): Float32Array[] {
  const out: Float32Array[] = [];
  for (const { key } of items) {
    const v = index.vector(key);
    if (v) out.push(v);
  }
  return out;
}
