/**
 * A per-catalog scale for similarity scores. A raw cosine means little across catalogs and models
 * (use-lite puts random Office product pairs near .3 and MovieLens titles near .4), so scores are
 * compared with the cosines of RANDOM item pairs of the same catalog, sampled once (in the spirit
 * of calibrating cosine similarity per corpus, as the Cosine Adapter paper does):
 *
 * - `z(score)`: standard deviations above a random pair; the blend's content term uses it, so its
 *   weights transfer between catalogs;
 * - `percentile(score)`: the share of random pairs scoring lower, in [0, 1]; `minScore` is on this
 *   scale (0.999: closer than 99.9% of random pairs). Beyond the sampled maximum it continues with
 *   the normal tail of the fitted mean and deviation, so it keeps ordering the nearest neighbours.
 */
import { dotF32 } from '../vector-index/dot.ts';
import type { VectorIndex } from '../vector-index/index.ts';
import { Prng } from '../vector-index/prng.ts';

/** Pairs sampled by default: ~1 ms of dot products for 512-d vectors, +-0.002 on the mean. */
export const DEFAULT_CALIBRATION_PAIRS = 4096;

/** The fixed seed of every calibration sample, so a catalog always gets the same scale. */
export const CALIBRATION_SEED = 0x5eed;

/** The random-pair score distribution of one catalog. */
export class ScoreCalibration {
  /** Sampled random-pair scores, ascending. */
  readonly sample: Float64Array;
  readonly mean: number;
  readonly std: number;

  constructor(scores: ArrayLike<number>) {
    if (scores.length < 2) throw new Error('a score calibration needs at least 2 sampled pairs');
    this.sample = Float64Array.from(scores).sort();
    let sum = 0;
    for (const s of this.sample) sum += s;
    this.mean = sum / this.sample.length;
    let sq = 0;
    for (const s of this.sample) sq += (s - this.mean) ** 2;
    // A degenerate catalog (two items, or every text the same) has no spread of random pairs: a
    // z-score would then blow tiny differences up to millions and swamp every other blend term, so
    // below 1e-3 the scale falls back to 1 (raw cosine differences).
    const std = Math.sqrt(sq / (this.sample.length - 1));
    this.std = std >= 1e-3 ? std : 1;
  }

  /**
   * Samples `pairs` random distinct pairs of rows of `vectors` (row-major, `dims` wide,
   * L2-normalised) with a fixed seed, so the same catalog always gets the same scale.
   */
  static fromVectors(vectors: Float32Array, dims: number, pairs = DEFAULT_CALIBRATION_PAIRS, seed = CALIBRATION_SEED): ScoreCalibration {
    const n = Math.floor(vectors.length / dims);
    return ScoreCalibration.orFlat(randomPairScores(n, pairs, seed, (a, b) => dotF32(vectors, a * dims, vectors, b * dims, dims)));
  }

  /** Like `fromVectors`, reading the sampled rows from an index by key (what the worker holds). */
  static fromIndex(
    index: VectorIndex,
    keys: readonly string[],
    pairs = DEFAULT_CALIBRATION_PAIRS,
    seed = CALIBRATION_SEED,
  ): ScoreCalibration {
    const scores = randomPairScores(keys.length, pairs, seed, (a, b) => {
      const va = index.vector(keys[a]!);
      const vb = index.vector(keys[b]!);
      return va && vb ? dotF32(va, 0, vb, 0, va.length) : undefined;
    });
    return ScoreCalibration.orFlat(scores);
  }

  /** A calibration of `scores`, or a flat one (every score 0) when fewer than 2 were sampled. */
  static orFlat(scores: ArrayLike<number>): ScoreCalibration {
    return new ScoreCalibration(scores.length >= 2 ? scores : [0, 0]);
  }

  /**
   * The scale of one search query: its cosines with `samples` random items of `keys` (fixed seed).
   * A short query scores far lower against items than items do against each other (an exact
   * title match sits near the 70th percentile of random item PAIRS), so search's `minScore`
   * judges a result against the same query's cosines with the catalog instead.
   */
  static fromQuery(
    index: VectorIndex,
    keys: readonly string[],
    query: Float32Array,
    samples = 2048,
    seed = CALIBRATION_SEED,
  ): ScoreCalibration {
    const scores: number[] = [];
    const rng = new Prng(seed);
    const draws = Math.min(samples, keys.length);
    for (let p = 0; p < draws; p++) {
      // Every key once when the catalog is small; random keys (with repeats) otherwise.
      const v = index.vector(keys[keys.length <= samples ? p : rng.int(keys.length)]!);
      if (v) scores.push(dotF32(query, 0, v, 0, v.length));
    }
    return new ScoreCalibration(scores.length >= 2 ? scores : [0, 0]);
  }

  /** Deviations above the random-pair mean. */
  z(score: number): number {
    return (score - this.mean) / this.std;
  }

  /** Share of random pairs scoring below `score`, in [0, 1]; strictly increasing above the sample's maximum. */
  percentile(score: number): number {
    const s = this.sample;
    const n = s.length;
    const max = s[n - 1]!;
    if (score > max) {
      // Normal tail, scaled to meet the empirical CDF (n - 0.5) / n at the sample's maximum.
      const atMax = upperTail(this.z(max));
      const tail = atMax > 0 ? (upperTail(this.z(score)) / atMax) * (0.5 / n) : 0;
      return 1 - tail;
    }
    // Count below, ties counted half: binary search for the first >= and first >.
    let lo = lowerBound(s, score);
    const hi = lowerBound(s, score, true);
    lo += (hi - lo) / 2;
    return lo / n;
  }
}

/** First index with s[i] >= x (or > x when `strict`). */
function lowerBound(s: Float64Array, x: number, strict = false): number {
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (strict ? s[mid]! <= x : s[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** P(Z > z) for a standard normal (Abramowitz-Stegun 7.1.26 erfc, |error| < 1.5e-7 relative to 1). */
function upperTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erfc = poly * Math.exp(-x * x);
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/**
 * Keeps the items whose calibrated similarity (`calibration.percentile`) is at least `minScore`,
 * in order. `similarity` gives an item's raw cosine: the score itself for `similarItems` and
 * `searchItems` results (the default); for blended lists, the item's cosine with the query item.
 * `minScore` 0 keeps everything; see docs/quality.md for what each level keeps and cuts.
 */
export function applyMinScore<T extends { score: number }>(
  items: readonly T[],
  minScore: number,
  calibration: ScoreCalibration,
  similarity: (item: T) => number = (item) => item.score,
): T[] {
  if (!(minScore >= 0 && minScore <= 1)) throw new RangeError(`minScore must be in [0, 1], got ${minScore}`);
  if (minScore === 0) return [...items];
  return items.filter((item) => calibration.percentile(similarity(item)) >= minScore);
}

/**
 * The scores of `pairs` random distinct pairs of rows `0..n-1`, drawn with a fixed seed: the one
 * sampling the page and the server share, so the same vectors always give the same scale. `score`
 * returns undefined to skip a pair (a row without a vector); fewer than 2 rows give no scores.
 */
export function randomPairScores(n: number, pairs: number, seed: number, score: (a: number, b: number) => number | undefined): number[] {
  if (n < 2) return [];
  const rng = new Prng(seed);
  const scores: number[] = [];
  for (let p = 0; p < pairs; p++) {
    const a = rng.int(n);
    let b = rng.int(n - 1);
    if (b >= a) b++;
    const s = score(a, b);
    if (s !== undefined) scores.push(s);
  }
  return scores;
}
