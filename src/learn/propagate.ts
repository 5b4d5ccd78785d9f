/**
 * Graph propagation of a trained space (AlphaRec's and LightGCN's step, after training rather than
 * inside it): each item's vector is mixed with the mean of its neighbours' over the training pairs,
 * a few hops averaged, so items the logs put together move together. Only items the space learned
 * a place for (`eligible`: seen in enough sessions) move, and only pairs between two such items
 * count, so no item's place comes from one shopper's visits (recipe.ts `offsetSupport`).
 *
 * On validation it lifts MovieLens's next item by a fifth and lowers Office's by 6%
 * (docs/notes/learned-space.md), so the build chooses it per site (choose-propagation.ts).
 */
import type { Pairs } from './pairs.ts';

/** How far vectors move: `layers` hops averaged, `alpha` of them mixed into each vector. */
export interface PropagateOptions {
  layers: number;
  alpha: number;
}

/** The pairs that may move vectors (both items eligible, not a repeat), and each item's degree over them. */
export interface PropagationGraph {
  from: Int32Array;
  to: Int32Array;
  degree: Float64Array;
}

/**
 * The graph of `pairs` (read undirected) among the `eligible` rows of `n` (1 = may move, and may
 * move others): built once, then `propagateOver` it for each setting tried.
 */
export function propagationGraph(pairs: Pairs, eligible: ArrayLike<number>, n: number): PropagationGraph {
  const degree = new Float64Array(n);
  let m = 0;
  for (let p = 0; p < pairs.from.length; p++) {
    const a = pairs.from[p]!;
    const b = pairs.to[p]!;
    if (a !== b && eligible[a] && eligible[b]) m++;
  }
  const from = new Int32Array(m);
  const to = new Int32Array(m);
  m = 0;
  for (let p = 0; p < pairs.from.length; p++) {
    const a = pairs.from[p]!;
    const b = pairs.to[p]!;
    if (a === b || !eligible[a] || !eligible[b]) continue;
    from[m] = a;
    to[m++] = b;
    degree[a]!++;
    degree[b]!++;
  }
  return { from, to, degree };
}

/**
 * `vectors` (n rows of `dims`) propagated over `pairs` (read undirected) among the `eligible` rows
 * (1 = may move, and may move others). Each moved vector keeps its length. Deterministic.
 */
export function propagate(
  vectors: Float32Array,
  dims: number,
  pairs: Pairs,
  eligible: ArrayLike<number>,
  o: PropagateOptions,
): Float32Array {
  return propagateOver(propagationGraph(pairs, eligible, vectors.length / dims), vectors, dims, o);
}

/** `vectors` propagated over `graph` (see `propagate`). */
export function propagateOver(graph: PropagationGraph, vectors: Float32Array, dims: number, o: PropagateOptions): Float32Array {
  const n = vectors.length / dims;
  const { from, to, degree } = graph;
  const hops = new Float64Array(n * dims);
  let layer = vectors;
  for (let k = 0; k < o.layers; k++) {
    const next = new Float32Array(n * dims);
    for (let p = 0; p < from.length; p++) {
      const a = from[p]!;
      const b = to[p]!;
      // The mean of the neighbours (row-normalised), so a hop's vector is the size of the items'.
      for (let j = 0; j < dims; j++) {
        next[a * dims + j]! += layer[b * dims + j]! / degree[a]!;
        next[b * dims + j]! += layer[a * dims + j]! / degree[b]!;
      }
    }
    for (let i = 0; i < n * dims; i++) hops[i]! += next[i]! / o.layers;
    layer = next;
  }
  const out = Float32Array.from(vectors);
  for (let i = 0; i < n; i++) {
    if (degree[i] === 0) continue;
    let before = 0;
    let after = 0;
    for (let j = 0; j < dims; j++) {
      const v = (1 - o.alpha) * vectors[i * dims + j]! + o.alpha * hops[i * dims + j]!;
      out[i * dims + j] = v;
      before += vectors[i * dims + j]! ** 2;
      after += v * v;
    }
    const scale = after > 0 ? Math.sqrt(before / after) : 1;
    for (let j = 0; j < dims; j++) out[i * dims + j]! *= scale;
  }
  return out;
}
