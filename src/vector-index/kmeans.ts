/**
 * Spherical k-means for IVF coarse quantization: k-means++ seeding from a seeded PRNG, then a few
 * Lloyd iterations on a sample. Assignment is by largest inner product and centroids are
 * re-normalised, because the index ranks by inner product on unit vectors: the centroid a vector
 * is filed under is then the one a query probes first.
 *
 * Written as a generator that yields after every slice of work, so `trainAsync` can answer
 * queries between slices; `train` simply runs it to the end. Every inner product goes through
 * the scoring kernels (WASM SIMD when available), with identical results on both paths.
 */
import { checkInt } from './args.ts';
import { CHUNK } from './code-matrix.ts';
import { FloatStore } from './float-store.ts';
import type { KernelChoice } from './kernels/types.ts';
import { Prng } from './prng.ts';

/** Tuning of `kmeansSteps`. */
export interface KMeansOptions {
  /** PRNG seed; same seed and data give the same centroids. Default 1. */
  seed?: number;
  /** Lloyd iterations after seeding (stops early once no point moves). Default 8. */
  iterations?: number;
  /** Which kernels score (results are identical either way). Default 'auto'. */
  kernels?: KernelChoice;
}

/** A float32 matrix scored through the kernels, outside any index (centroids, k-means samples). */
export class FloatTable {
  readonly store: FloatStore;
  private readonly scores = new Float64Array(CHUNK);

  constructor(
    data: Float32Array,
    readonly rows: number,
    readonly dims: number,
    kernels: KernelChoice,
  ) {
    this.store = new FloatStore(dims, kernels);
    this.store.reserve(rows);
    for (let r = 0; r < rows; r++) this.store.rowWritten(r, false, data, r * dims);
  }

  /** Scores every row against `src[off .. off + dims)` into `out` (length >= rows). */
  scoreAll(src: Float32Array, off: number, out: Float64Array): void {
    this.store.prepare(off === 0 && src.length === this.dims ? src : src.subarray(off, off + this.dims));
    for (let from = 0; from < this.rows; from += CHUNK) {
      const n = Math.min(CHUNK, this.rows - from);
      this.store.score(null, from, n, this.scores);
      out.set(this.scores.subarray(0, n), from);
    }
  }

  /** The row with the largest inner product with `src[off ..]` (lowest index on ties). */
  nearest(src: Float32Array, off: number, scratch: Float64Array): number {
    this.scoreAll(src, off, scratch);
    let best = 0;
    for (let c = 1; c < this.rows; c++) if (scratch[c]! > scratch[best]!) best = c;
    return best;
  }
}

/** Lloyd work per yield: about this many multiply-adds (~5 ms with SIMD, ~30 ms in JS). */
const WORK_PER_SLICE = 20_000_000;

/**
 * Learns `nlist` unit-norm centroids (row-major, `nlist * dims`) from the `m` rows of `sample`;
 * the generator's return value. Yields between slices of work.
 */
export function* kmeansSteps(
  sample: Float32Array,
  m: number,
  dims: number,
  nlist: number,
  opts: KMeansOptions = {},
): Generator<void, Float32Array> {
  checkInt('nlist', nlist, 1, m);
  const rng = new Prng(opts.seed ?? 1);
  const kernels = opts.kernels ?? 'auto';
  const points = new FloatTable(sample, m, dims, kernels);
  const norms = new Float64Array(m);
  for (let i = 0; i < m; i++) for (let d = 0; d < dims; d++) norms[i]! += sample[i * dims + d]! ** 2;
  const row = new Float64Array(Math.max(m, nlist));
  const centroids = new Float32Array(nlist * dims);
  yield* seedPlusPlus(points, sample, norms, centroids, nlist, rng, row);
  normalizeRows(centroids, nlist, dims);
  const assign = new Int32Array(m).fill(-1);
  const best = new Float64Array(m);
  const rowsPerSlice = Math.max(1, Math.floor(WORK_PER_SLICE / (nlist * dims)));
  for (let it = 0; it < (opts.iterations ?? 8); it++) {
    const table = new FloatTable(centroids, nlist, dims, kernels);
    let moved = 0;
    for (let i = 0; i < m; i++) {
      const c = table.nearest(sample, i * dims, row);
      if (c !== assign[i]) moved++;
      assign[i] = c;
      best[i] = row[c]!;
      if (i % rowsPerSlice === rowsPerSlice - 1) yield;
    }
    updateCentroids(sample, m, dims, centroids, nlist, assign, best);
    yield;
    if (moved === 0) break;
  }
  return centroids;
}

/**
 * k-means++: each next seed is drawn with probability proportional to its squared distance to the
 * nearest seed so far, which spreads seeds over the clusters and avoids most bad local optima.
 */
function* seedPlusPlus(
  points: FloatTable,
  sample: Float32Array,
  norms: Float64Array,
  centroids: Float32Array,
  nlist: number,
  rng: Prng,
  scores: Float64Array,
): Generator<void> {
  const { rows: m, dims } = points;
  const dist = new Float64Array(m).fill(Infinity);
  let pick = rng.int(m);
  for (let c = 0; c < nlist; c++) {
    centroids.set(sample.subarray(pick * dims, (pick + 1) * dims), c * dims);
    const cNorm = norms[pick]!;
    points.scoreAll(centroids, c * dims, scores);
    let total = 0;
    for (let i = 0; i < m; i++) {
      const d = Math.max(0, norms[i]! + cNorm - 2 * scores[i]!);
      if (d < dist[i]!) dist[i] = d;
      total += dist[i]!;
    }
    // Duplicate points can leave nothing to draw from; any row will do then.
    let target = rng.next() * total;
    pick = total > 0 ? -1 : rng.int(m);
    for (let i = 0; i < m && pick < 0; i++) {
      target -= dist[i]!;
      if (target < 0) pick = i;
    }
    if (pick < 0) pick = m - 1;
    if (c % 16 === 15) yield;
  }
}

/** Sets each centroid to the normalised mean of its rows; an empty one takes the worst-served row. */
function updateCentroids(
  sample: Float32Array,
  m: number,
  dims: number,
  centroids: Float32Array,
  nlist: number,
  assign: Int32Array,
  best: Float64Array,
): void {
  const sums = new Float64Array(nlist * dims);
  const counts = new Int32Array(nlist);
  for (let i = 0; i < m; i++) {
    const c = assign[i]!;
    counts[c]!++;
    for (let d = 0; d < dims; d++) sums[c * dims + d]! += sample[i * dims + d]!;
  }
  for (let c = 0; c < nlist; c++) {
    if (counts[c] === 0) {
      // An empty list wastes a probe; re-seed it at the row its centroid fits worst.
      let worst = 0;
      for (let i = 1; i < m; i++) if (best[i]! < best[worst]!) worst = i;
      best[worst] = Infinity;
      for (let d = 0; d < dims; d++) centroids[c * dims + d] = sample[worst * dims + d]!;
    } else {
      for (let d = 0; d < dims; d++) centroids[c * dims + d] = sums[c * dims + d]!;
    }
  }
  normalizeRows(centroids, nlist, dims);
}

/** Scales each row to unit length (zero rows are left as they are). */
function normalizeRows(data: Float32Array, rows: number, dims: number): void {
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let d = 0; d < dims; d++) s += data[r * dims + d]! ** 2;
    const norm = Math.sqrt(s);
    if (norm > 0) for (let d = 0; d < dims; d++) data[r * dims + d]! /= norm;
  }
}

/** Runs a generator to its end and returns its value (the synchronous `train`). */
export function runToEnd<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
