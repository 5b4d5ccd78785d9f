/**
 * Test-only data generators and reference search, shared by the index tests (src/vector-index)
 * and the index benchmark worker. Everything is seeded so failures reproduce exactly. Lives in
 * test/, not src/: it is not part of the library.
 */
import type { Hit } from '../../src/vector-index/index.ts';
import { Prng } from '../../src/vector-index/prng.ts';

/** Keys "k000000", "k000001", ...: fixed width so string order equals numeric order. */
export function makeKeys(n: number, prefix = 'k'): string[] {
  return Array.from({ length: n }, (_, i) => prefix + String(i).padStart(6, '0'));
}

/** Scales each row of `data` to unit length in place and returns it. */
export function normalizeRows(data: Float32Array, dims: number): Float32Array {
  for (let off = 0; off < data.length; off += dims) {
    let s = 0;
    for (let d = 0; d < dims; d++) s += data[off + d]! ** 2;
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let d = 0; d < dims; d++) data[off + d]! *= inv;
  }
  return data;
}

/** `n` random unit vectors, uniformly distributed on the sphere. */
export function randomUnitVectors(n: number, dims: number, seed: number): Float32Array {
  const rng = new Prng(seed);
  const data = new Float32Array(n * dims);
  for (let i = 0; i < data.length; i++) data[i] = rng.gaussian();
  return normalizeRows(data, dims);
}

/**
 * `n` unit vectors around `clusters` random centres, like embeddings of a catalog with topics:
 * each is normalize(centre + noise * g) with |g| ~ 1, so noise = 1 gives cos(point, centre) ~ 0.7.
 * Different seeds with the same `centreSeed` draw new points from the same clusters (queries).
 */
export function clusteredVectors(n: number, dims: number, clusters: number, noise: number, seed: number, centreSeed = 12345): Float32Array {
  const centres = randomUnitVectors(clusters, dims, centreSeed);
  const rng = new Prng(seed);
  const data = new Float32Array(n * dims);
  const sd = noise / Math.sqrt(dims);
  for (let i = 0; i < n; i++) {
    const c = rng.int(clusters);
    for (let d = 0; d < dims; d++) data[i * dims + d] = centres[c * dims + d]! + sd * rng.gaussian();
  }
  return normalizeRows(data, dims);
}

/** Row `i` of a row-major matrix. */
export function row(data: Float32Array, dims: number, i: number): Float32Array {
  return data.subarray(i * dims, (i + 1) * dims);
}

/** Reference top-k: a plain loop and a full sort, the obviously-correct version of search. */
export function bruteForce(
  data: Float32Array,
  keys: readonly string[],
  dims: number,
  query: Float32Array,
  k: number,
  keep: (key: string) => boolean = () => true,
): Hit[] {
  const all: Hit[] = [];
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (!keep(key)) continue;
    let s = 0;
    for (let d = 0; d < dims; d++) s += query[d]! * data[i * dims + d]!;
    all.push({ key, score: s });
  }
  all.sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return all.slice(0, k);
}

/** Fraction of the exact top-k keys that the approximate result also returned. */
export function recall(approx: readonly Hit[], exact: readonly Hit[]): number {
  if (exact.length === 0) return 1;
  const got = new Set(approx.map((h) => h.key));
  return exact.filter((h) => got.has(h.key)).length / exact.length;
}
