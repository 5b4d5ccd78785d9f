/**
 * A learnt linear projection to fewer dimensions, in front of an index (FAISS's PCAMatrix inside
 * an IndexPreTransform): the encoder's 512-d vectors onto the `outDims` directions that hold most of
 * a catalog's energy, then a seeded random rotation, then re-normalised.
 *
 * Why (issue 30): a catalog's vectors do not fill 512 dimensions. On the eval's catalogs the top
 * 128 directions hold 97.5-98.5% of the energy, and the shipped rankers score the same on the
 * projected vectors as on the raw ones (docs/notes/phone-first-visit.md). Fewer dimensions are
 * fewer bytes per item in every code the page downloads and holds.
 *
 * Uncentred on purpose: the directions maximise the sum of squared dot products, so projected dot
 * products approximate the raw cosines the blends, cut-offs and calibration were tuned on (a
 * centred PCA re-weighs similarity: on validation it moved substitute P@8 by +10% on MovieLens and
 * -8% on Steam). The rotation spreads the energy evenly over the output dimensions, so one scale
 * per item quantises them all about equally well.
 *
 * Deterministic: the same vectors, dims and seed give the same bytes (float64 sums in a fixed
 * order, a seeded start and rotation).
 */
import { Prng } from './prng.ts';

/** A fitted projection: `basis` row k (of `inDims` floats) gives output component k. */
export interface Projection {
  readonly inDims: number;
  readonly outDims: number;
  readonly basis: Float32Array;
}

/** Options of `fitProjection`. */
export interface FitProjectionOptions {
  /** Seeds the subspace iteration's start and the rotation. Default 1. */
  seed?: number;
  /** Rows read at most (evenly spaced; the fit's cost grows with them). Default 20,000. */
  maxRows?: number;
  /** Subspace iterations. Default 40. */
  iterations?: number;
}

/** Fits a projection of the `dims`-wide rows of `vectors` to `outDims` dimensions (see the file comment). */
export function fitProjection(vectors: Float32Array, dims: number, outDims: number, options: FitProjectionOptions = {}): Projection {
  const rows = vectors.length / dims;
  if (!Number.isInteger(rows) || rows < 1) throw new Error(`fitProjection: ${vectors.length} floats are not rows of ${dims}`);
  if (!Number.isInteger(outDims) || outDims < 1 || outDims > dims)
    throw new Error(`fitProjection: outDims must be 1-${dims}, got ${outDims}`);
  const rng = new Prng(options.seed ?? 1);
  const g = gram(vectors, dims, options.maxRows ?? 20_000);
  const top = topEigenvectors(g, dims, outDims, options.iterations ?? 40, rng);
  const rotation = randomOrthonormal(outDims, outDims, rng);
  const rotated = multiply(top, dims, outDims, rotation, outDims);
  // Row k of the basis is column k of the rotated eigenvectors.
  const basis = new Float32Array(outDims * dims);
  for (let k = 0; k < outDims; k++) for (let j = 0; j < dims; j++) basis[k * dims + j] = rotated[j * outDims + k]!;
  return { inDims: dims, outDims, basis };
}

/**
 * Projects row `row` of `src` into `out` at row `outRow`, re-normalised unless `normalize` is false
 * (a zero vector stays zero).
 */
export function projectRow(p: Projection, src: Float32Array, row: number, out: Float32Array, outRow: number, normalize = true): void {
  const { inDims, outDims, basis } = p;
  const at = row * inDims;
  const to = outRow * outDims;
  let norm = 0;
  for (let k = 0; k < outDims; k++) {
    const b = k * inDims;
    let s = 0;
    for (let j = 0; j < inDims; j++) s += basis[b + j]! * src[at + j]!;
    out[to + k] = s;
    norm += s * s;
  }
  if (!normalize) return;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let k = 0; k < outDims; k++) out[to + k]! *= scale;
}

/** Every row of `vectors` projected (rows of `p.inDims` floats in, of `p.outDims` out); see `projectRow`. */
export function projectRows(p: Projection, vectors: Float32Array, normalize = true): Float32Array {
  const rows = vectors.length / p.inDims;
  const out = new Float32Array(rows * p.outDims);
  for (let r = 0; r < rows; r++) projectRow(p, vectors, r, out, r, normalize);
  return out;
}

/** X^T X over at most `maxRows` evenly spaced rows, as a dense `dims` x `dims` float64 matrix. */
function gram(vectors: Float32Array, dims: number, maxRows: number): Float64Array {
  const rows = vectors.length / dims;
  const take = Math.min(rows, maxRows);
  const g = new Float64Array(dims * dims);
  const x = new Float64Array(dims);
  for (let t = 0; t < take; t++) {
    const r = Math.floor((t * rows) / take);
    for (let j = 0; j < dims; j++) x[j] = vectors[r * dims + j]!;
    for (let i = 0; i < dims; i++) {
      const xi = x[i]!;
      if (xi === 0) continue;
      const row = i * dims;
      for (let j = i; j < dims; j++) g[row + j]! += xi * x[j]!;
    }
  }
  for (let i = 0; i < dims; i++) for (let j = 0; j < i; j++) g[i * dims + j] = g[j * dims + i]!;
  return g;
}

/**
 * The `k` leading eigenvectors of the symmetric `n` x `n` matrix `g`, as the columns of an n x k
 * matrix: subspace iteration on a block of k + 16 columns, then Rayleigh-Ritz inside the block.
 */
function topEigenvectors(g: Float64Array, n: number, k: number, iterations: number, rng: Prng): Float64Array {
  const b = Math.min(n, k + 16);
  let q = randomOrthonormal(n, b, rng);
  for (let it = 0; it < iterations; it++) {
    q = multiply(g, n, n, q, b);
    orthonormalizeColumns(q, n, b);
  }
  // Rayleigh-Ritz: T = Q^T G Q (b x b), its eigenvectors rotate Q onto the Ritz vectors.
  const gq = multiply(g, n, n, q, b);
  const t = new Float64Array(b * b);
  for (let i = 0; i < b; i++)
    for (let j = 0; j < b; j++) {
      let s = 0;
      for (let r = 0; r < n; r++) s += q[r * b + i]! * gq[r * b + j]!;
      t[i * b + j] = s;
    }
  const { vectors: u } = symmetricEigen(t, b);
  // The k leading Ritz vectors: Q times the first k columns of U.
  const uk = new Float64Array(b * k);
  for (let m = 0; m < b; m++) for (let c = 0; c < k; c++) uk[m * k + c] = u[m * b + c]!;
  return multiply(q, n, b, uk, k);
}

/** (rows x inner) times (inner x cols), row-major float64. */
function multiply(a: Float64Array, rows: number, inner: number, b: Float64Array, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++)
    for (let m = 0; m < inner; m++) {
      const aim = a[i * inner + m]!;
      if (aim === 0) continue;
      const bm = m * cols;
      const oi = i * cols;
      for (let j = 0; j < cols; j++) out[oi + j]! += aim * b[bm + j]!;
    }
  return out;
}

/** Modified Gram-Schmidt on the columns of the row-major rows x cols matrix `m`, twice for accuracy. */
export function orthonormalizeColumns(m: Float64Array, rows: number, cols: number): void {
  for (let pass = 0; pass < 2; pass++)
    for (let c = 0; c < cols; c++) {
      for (let p = 0; p < c; p++) {
        let dot = 0;
        for (let r = 0; r < rows; r++) dot += m[r * cols + c]! * m[r * cols + p]!;
        for (let r = 0; r < rows; r++) m[r * cols + c]! -= dot * m[r * cols + p]!;
      }
      let norm = 0;
      for (let r = 0; r < rows; r++) norm += m[r * cols + c]! ** 2;
      const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let r = 0; r < rows; r++) m[r * cols + c]! *= scale;
    }
}

/** A rows x cols matrix with orthonormal columns, from seeded Gaussian draws. */
function randomOrthonormal(rows: number, cols: number, rng: Prng): Float64Array {
  const m = new Float64Array(rows * cols);
  for (let i = 0; i < m.length; i++) m[i] = rng.gaussian();
  orthonormalizeColumns(m, rows, cols);
  return m;
}

/**
 * Eigen-decomposition of the symmetric n x n matrix `a` by cyclic Jacobi rotations (n is small
 * here: the subspace block): eigenvalues descending, eigenvectors as the matching columns.
 */
export function symmetricEigen(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const m = Float64Array.from(a);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p * n + q]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) rotate(m, v, n, p, q);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => m[y * n + y]! - m[x * n + x]! || x - y);
  const values = Float64Array.from(order, (i) => m[i * n + i]!);
  const vectors = new Float64Array(n * n);
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) vectors[r * n + c] = v[r * n + order[c]!]!;
  return { values, vectors };
}

/** One Jacobi rotation zeroing m[p][q], applied to `m` (both sides) and accumulated into `v`. */
function rotate(m: Float64Array, v: Float64Array, n: number, p: number, q: number): void {
  const apq = m[p * n + q]!;
  if (Math.abs(apq) < 1e-300) return;
  const theta = (m[q * n + q]! - m[p * n + p]!) / (2 * apq);
  const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  for (let k = 0; k < n; k++) {
    const mkp = m[k * n + p]!;
    const mkq = m[k * n + q]!;
    m[k * n + p] = c * mkp - s * mkq;
    m[k * n + q] = s * mkp + c * mkq;
  }
  for (let k = 0; k < n; k++) {
    const mpk = m[p * n + k]!;
    const mqk = m[q * n + k]!;
    m[p * n + k] = c * mpk - s * mqk;
    m[q * n + k] = s * mpk + c * mqk;
  }
  for (let k = 0; k < n; k++) {
    const vkp = v[k * n + p]!;
    const vkq = v[k * n + q]!;
    v[k * n + p] = c * vkp - s * vkq;
    v[k * n + q] = s * vkp + c * vkq;
  }
}
