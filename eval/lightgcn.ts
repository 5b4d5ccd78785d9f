/**
 * LightGCN (He et al., 2020) on item ids: the anchor baseline of issue 28, trained in the eval's
 * harness on the split's logs (user -> item graph of each user's history), no text. Embeddings of
 * users and items, propagated `layers` times over the symmetric-normalised bipartite graph and
 * averaged over the layers; a user's score for an item is the dot product. BPR loss with one
 * uniform negative per positive, L2 on the layer-0 embeddings, Adam, full-batch epochs (the
 * propagation is linear, so the gradient flows back through the same normalised graph).
 * Deterministic for a seed. Eval only: it needs the visitor's id in the graph, which a page
 * never has; it is here to say what an id model reaches on the same logs.
 */
import { Adam } from '../src/learn/adam.ts';
import { Prng } from '../src/vector-index/prng.ts';

/** Training options (LightGCN's paper defaults where they apply: d 64, 3 layers, lr .001, L2 1e-4). */
export interface LightGcnOptions {
  dims: number;
  layers: number;
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
}

export const DEFAULT_LIGHTGCN: Readonly<LightGcnOptions> = Object.freeze({
  dims: 64,
  layers: 3,
  epochs: 300,
  learningRate: 0.01,
  l2: 1e-4,
  seed: 1,
});

/** The bipartite graph as CSR over users then items (node u < users is a user, users + i item i). */
interface Graph {
  nodes: number;
  start: Int32Array;
  to: Int32Array;
  weight: Float32Array;
}

function bipartite(histories: readonly (readonly number[])[], items: number): Graph {
  const users = histories.length;
  const nodes = users + items;
  const edges: [number, number][] = [];
  histories.forEach((h, u) => {
    for (const i of new Set(h)) edges.push([u, users + i], [users + i, u]);
  });
  const degree = new Int32Array(nodes);
  for (const [a] of edges) degree[a]!++;
  const start = new Int32Array(nodes + 1);
  for (let v = 0; v < nodes; v++) start[v + 1] = start[v]! + degree[v]!;
  const fill = start.slice(0, nodes);
  const to = new Int32Array(edges.length);
  const weight = new Float32Array(edges.length);
  for (const [a, b] of edges) {
    const at = fill[a]!++;
    to[at] = b;
    weight[at] = 1 / Math.sqrt(degree[a]! * degree[b]!);
  }
  return { nodes, start, to, weight };
}

/** out = A x for the graph's normalised adjacency A (x, out: nodes x d). */
function propagate(g: Graph, x: Float32Array, out: Float32Array, d: number): void {
  out.fill(0);
  for (let v = 0; v < g.nodes; v++) {
    for (let e = g.start[v]!; e < g.start[v + 1]!; e++) {
      const w = g.weight[e]!;
      const src = g.to[e]! * d;
      for (let k = 0; k < d; k++) out[v * d + k]! += w * x[src + k]!;
    }
  }
}

/** The layer average (1/(L+1)) sum_l A^l x: the final embeddings, and their gradient's way back (A is symmetric). */
function layerMean(g: Graph, x: Float32Array, d: number, layers: number): Float32Array {
  const sum = Float32Array.from(x);
  let cur = x;
  for (let l = 0; l < layers; l++) {
    const next = new Float32Array(x.length);
    propagate(g, cur, next, d);
    for (let i = 0; i < sum.length; i++) sum[i]! += next[i]!;
    cur = next;
  }
  for (let i = 0; i < sum.length; i++) sum[i]! /= layers + 1;
  return sum;
}

/** Trains on `histories` (item rows per user) over `items` items; returns the final user and item embeddings. */
export function trainLightGcn(
  histories: readonly (readonly number[])[],
  items: number,
  options: Partial<LightGcnOptions> = {},
): { users: Float32Array; items: Float32Array; dims: number } {
  const o = { ...DEFAULT_LIGHTGCN, ...options };
  const d = o.dims;
  const g = bipartite(histories, items);
  const rng = new Prng(o.seed);
  const e0 = new Float32Array(g.nodes * d);
  for (let i = 0; i < e0.length; i++) e0[i] = rng.gaussian() * 0.1;
  const adam = new Adam(e0.length, o.learningRate);
  const users = histories.length;
  const positives: [number, number][] = [];
  histories.forEach((h, u) => {
    for (const i of new Set(h)) positives.push([u, i]);
  });
  const seen = histories.map((h) => new Set(h));
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    const final = layerMean(g, e0, d, o.layers);
    const grad = new Float32Array(final.length);
    for (const [u, i] of positives) {
      let j = rng.int(items);
      while (seen[u]!.has(j)) j = rng.int(items);
      const eu = u * d;
      const ei = (users + i) * d;
      const ej = (users + j) * d;
      let x = 0;
      for (let k = 0; k < d; k++) x += final[eu + k]! * (final[ei + k]! - final[ej + k]!);
      // d/dx of -log sigmoid(x), averaged over the positives.
      const s = -1 / (1 + Math.exp(x)) / positives.length;
      for (let k = 0; k < d; k++) {
        grad[eu + k]! += s * (final[ei + k]! - final[ej + k]!);
        grad[ei + k]! += s * final[eu + k]!;
        grad[ej + k]! -= s * final[eu + k]!;
      }
    }
    const back = layerMean(g, grad, d, o.layers);
    for (let i = 0; i < back.length; i++) back[i]! += (o.l2 * e0[i]!) / users;
    adam.step(e0, back);
  }
  const final = layerMean(g, e0, d, o.layers);
  return { users: final.slice(0, users * d), items: final.slice(users * d), dims: d };
}
