/**
 * The site signals as a differentially private release: what the build publishes from a shop's
 * logs. The logs are other shoppers' histories, so a reader of the artifact must not learn whether
 * any one session (order, visit) was in them, let alone its other items.
 *
 * The mechanism, each step a standard one:
 * 1. Contribution bounding: a session counts with at most `maxItemsPerSession` (M) of its items, a
 *    contiguous run at a random offset. So one session adds 1 to at most M popularity counts, to at
 *    most `pairsPerSession(M, window)` pair counts and to at most M - 1 transition counts.
 * 2. Every count of the three histograms gets discrete Laplace noise scaled to that bound and to
 *    its share of epsilon (`PRIVACY_SHARES`): epsilon-DP each, epsilon in all (basic composition).
 * 3. The pair and transition histograms are over the catalog's every pair: the catalog is public,
 *    so no key set leaks from the logs (pure epsilon-DP, delta = 0). A cell is published when its
 *    noisy count reaches a threshold; the zero cells that pass by noise alone are drawn exactly
 *    (geometric skips over the cell space), so publishing only the cells above the threshold is
 *    the same as noising them all and dropping the rest (post-processing).
 * 4. Weights (cosine, P(next)) and popularity bytes are computed from the noisy counts only.
 *
 * Each build is one release: a session that is in the logs of k builds has spent k x epsilon.
 */
import type { FlatSessions } from './build.ts';
import { discreteLaplace, geometric, type Random, skip, tailAtLeast } from './noise.ts';
import { type Occurrences, occurrencesOf, visitNeighbours } from './occurrences.ts';
import { quantizePopularity } from './quantize.ts';

/** How the release spends epsilon; see `PRIVACY_SHARES` and docs/privacy.md. */
export interface PrivacyOptions {
  /** Epsilon per session for the whole release (default `DEFAULT_EPSILON`). */
  epsilon?: number;
  /** Items of a session that count, a contiguous run (default `DEFAULT_MAX_ITEMS`). */
  maxItemsPerSession?: number;
  /** A pair, transition or popularity is published only from this noisy count up (default `DEFAULT_MIN_COUNT`). */
  minCount?: number;
  /** Uniform draws in (0, 1); default the OS's cryptographic generator. Seeded draws are for tests only. */
  random?: Random;
  /** Shares of epsilon for popularity, together and next (default `PRIVACY_SHARES`; the eval varies them). */
  shares?: Readonly<PrivacyShares>;
}

/** Shares of epsilon per histogram; they sum to 1. */
export interface PrivacyShares {
  popularity: number;
  together: number;
  next: number;
}

/** What the release spent and published, for the build's report. */
export interface PrivacyReport {
  epsilon: number;
  maxItemsPerSession: number;
  /** Sessions longer than `maxItemsPerSession` (only a run of them counted). */
  sessionsTrimmed: number;
  /** Noisy-count thresholds actually used (each >= minCount; see `thresholdFor`). */
  thresholds: { together: number; next: number; popularity: number };
  /** Expected pairs + transitions drawn above their threshold although no session holds them (noise alone). */
  expectedNoiseCells: number;
  /**
   * How far a cell's noisy count may exceed either item's noisy popularity and still be plausible:
   * two standard deviations of the two noises' difference (see release.ts).
   */
  slack: number;
}

/** Noisy counts above the thresholds: cells `a[k]` -> `b[k]` with count `c[k]`. */
export interface NoisyCells {
  a: number[];
  b: number[];
  c: number[];
}

/** The noisy histograms `releaseCounts` returns; signals are computed from these alone. */
export interface NoisyCounts {
  /** Per item: its noisy session count (any integer; may be <= 0). */
  popularity: Float64Array;
  together: NoisyCells;
  next: NoisyCells;
  report: PrivacyReport;
}

/** Default epsilon per session (the bound: <= 1). */
export const DEFAULT_EPSILON = 1;
/**
 * Items counted per session, chosen on the validation split with the shares below
 * (eval/privacy-choice.ts; docs/notes/private-signals.md): at epsilon 1 and the shipped blend,
 * 4 items and a third each gives validation HR@10 .0813 / .0525 (Office / MovieLens; content alone
 * .0822 / .0508), the best geometric mean of the 2 x 2 grid (2 or 4 items; shares 0.2/0.6/0.2 or
 * a third each). Four is also an order's usual size.
 */
export const DEFAULT_MAX_ITEMS = 4;
/**
 * The k of the issue: nothing is published below 5 noisy sessions. On the eval's logs the
 * noise-only bound (`thresholdFor`) is far higher, so 1 and 5 give the same release there; k only
 * binds for small catalogs or a large epsilon.
 */
export const DEFAULT_MIN_COUNT = 5;
/** Shares of epsilon for popularity, together, next (chosen on validation with `DEFAULT_MAX_ITEMS`). */
export const PRIVACY_SHARES: Readonly<PrivacyShares> = Object.freeze({ popularity: 1 / 3, together: 1 / 3, next: 1 / 3 });
/** The thresholds keep pairs and transitions no session holds under this many per item, in expectation. */
export const NOISE_CELLS_PER_ITEM = 0.02;
/**
 * Popular items published by noise alone, in expectation, over the whole catalog. At 0.02 per item
 * the MovieLens release listed 198 popular items, ~195 of them noise, and a new visitor's "for you"
 * (popular first) scored HR@10 .0000 against .0544 for the category spread.
 */
export const NOISE_POPULAR_ITEMS = 1;

/** Unordered pairs a run of `m` items holds at most `window` positions apart. */
export function pairsPerSession(m: number, window: number): number {
  let pairs = 0;
  for (let d = 1; d < m && d <= window; d++) pairs += m - d;
  return pairs;
}

/** The smallest count t >= minCount at which `cells` noise-only cells pass, in expectation, at most `budget` times. */
export function thresholdFor(p: number, cells: number, budget: number, minCount: number): number {
  if (!(p < 1)) return Number.POSITIVE_INFINITY; // no share of epsilon: nothing is released
  let t = Math.max(1, minCount);
  while (cells * tailAtLeast(p, t) > budget) t++;
  return t;
}

/** Each session cut to a run of at most `m` rows at a random offset. */
export function boundSessions(sessions: FlatSessions, m: number, random: Random): { sessions: FlatSessions; trimmed: number } {
  const count = sessions.start.length - 1;
  const start = new Uint32Array(count + 1);
  const rows = new Uint32Array(Math.min(sessions.rows.length, count * m));
  let trimmed = 0;
  for (let s = 0; s < count; s++) {
    const from = sessions.start[s]!;
    const length = sessions.start[s + 1]! - from;
    const keep = Math.min(length, m);
    if (length > m) trimmed++;
    const offset = length > m ? Math.floor(random() * (length - m + 1)) : 0;
    rows.set(sessions.rows.subarray(from + offset, from + offset + keep), start[s]!);
    start[s + 1] = start[s]! + keep;
  }
  return { sessions: { start, rows: rows.subarray(0, start[count]!) }, trimmed };
}

/**
 * The noisy popularity, pair and transition counts of `sessions` over `count` items, pairs at most
 * `window` positions apart. Throws RangeError on a bad option (the callers check them first).
 */
export function releaseCounts(sessions: FlatSessions, count: number, window: number, options: Required<PrivacyOptions>): NoisyCounts {
  const { epsilon, maxItemsPerSession: m, minCount, random, shares } = options;
  if (!(epsilon > 0) || !Number.isInteger(m) || m < 2) throw new RangeError('epsilon > 0 and maxItemsPerSession >= 2');
  const bounded = boundSessions(sessions, m, random);
  const occ = occurrencesOf(bounded.sessions, count);
  const p = {
    popularity: Math.exp(-(epsilon * shares.popularity) / m),
    together: Math.exp(-(epsilon * shares.together) / pairsPerSession(m, window)),
    next: Math.exp(-(epsilon * shares.next) / (m - 1)),
  };
  const cells = { together: (count * (count - 1)) / 2, next: count * (count - 1) };
  const budget = NOISE_CELLS_PER_ITEM * count;
  const thresholds = {
    together: thresholdFor(p.together, cells.together, budget / 2, minCount),
    next: thresholdFor(p.next, cells.next, budget / 2, minCount),
    // A "popular" item is shown to every new visitor: at most one published by noise alone, in expectation.
    popularity: thresholdFor(p.popularity, count, NOISE_POPULAR_ITEMS, minCount),
  };
  // A histogram with no share of epsilon is not released at all (its noise would be infinite).
  const popularity = new Float64Array(count);
  if (shares.popularity > 0) for (let i = 0; i < count; i++) popularity[i] = occ.sessionsOf[i]! + discreteLaplace(p.popularity, random);
  const real = realCells(bounded.sessions, occ, count, window, { p, thresholds }, random);
  const counted = (a: number, b: number, ordered: boolean) => cellOccurs(bounded.sessions, occ, a, b, window, ordered);
  noiseOnlyCells(count, false, p.together, thresholds.together, random, counted, real.together);
  noiseOnlyCells(count, true, p.next, thresholds.next, random, counted, real.next);
  // Standard deviation of a discrete Laplace draw: sqrt(2p) / (1 - p). A pair's count minus an item's count.
  const sd = (q: number) => (q < 1 ? Math.sqrt(2 * q) / (1 - q) : 0);
  const slack = shares.popularity > 0 ? 2 * Math.hypot(sd(p.popularity), sd(Math.max(p.together, p.next))) : Number.POSITIVE_INFINITY;
  const expectedNoiseCells =
    cells.together * tailAtLeast(p.together, thresholds.together) + cells.next * tailAtLeast(p.next, thresholds.next);
  return {
    popularity,
    together: real.together,
    next: real.next,
    report: { epsilon, maxItemsPerSession: m, sessionsTrimmed: bounded.trimmed, thresholds, expectedNoiseCells, slack },
  };
}

/** The cells some session holds, noised, kept from their threshold up. Together pairs as (low row, high row). */
function realCells(
  sessions: FlatSessions,
  occ: Occurrences,
  count: number,
  window: number,
  noise: { p: { together: number; next: number }; thresholds: { together: number; next: number } },
  random: Random,
): { together: NoisyCells; next: NoisyCells } {
  const together: NoisyCells = { a: [], b: [], c: [] };
  const next: NoisyCells = { a: [], b: [], c: [] };
  const pairCount = new Uint32Array(count);
  const stepCount = new Uint32Array(count);
  const touched: number[] = [];
  const stepped: number[] = [];
  let i = 0;
  const visit = (j: number) => {
    if (j < i) return; // each unordered pair once, from its lower row
    if (pairCount[j] === 0) touched.push(j);
    pairCount[j]!++;
  };
  const step = (j: number) => {
    if (stepCount[j] === 0) stepped.push(j);
    stepCount[j]!++;
  };
  const keep = (into: NoisyCells, j: number, c: number, p: number, threshold: number) => {
    if (threshold === Number.POSITIVE_INFINITY) return;
    const noisy = c + discreteLaplace(p, random);
    if (noisy < threshold) return;
    into.a.push(i);
    into.b.push(j);
    into.c.push(noisy);
  };
  for (; i < count; i++) {
    for (let o = occ.start[i]!; o < occ.start[i + 1]!; o++) visitNeighbours(sessions, occ, o, window, visit, step);
    // Ascending j, so the draws (and a seeded test's output) do not depend on visiting order.
    touched.sort((x, y) => x - y);
    stepped.sort((x, y) => x - y);
    for (const j of touched) keep(together, j, pairCount[j]!, noise.p.together, noise.thresholds.together);
    for (const j of stepped) keep(next, j, stepCount[j]!, noise.p.next, noise.thresholds.next);
    for (const j of touched) pairCount[j] = 0;
    for (const j of stepped) stepCount[j] = 0;
    touched.length = 0;
    stepped.length = 0;
  }
  return { together, next };
}

/** Whether some session holds a (within `window`) then b, or a and b either way round when not `ordered`. */
function cellOccurs(sessions: FlatSessions, occ: Occurrences, a: number, b: number, window: number, ordered: boolean): boolean {
  let found = false;
  const visit = (j: number) => {
    if (!ordered && j === b) found = true;
  };
  const step = (j: number) => {
    if (ordered && j === b) found = true;
  };
  for (let o = occ.start[a]!; o < occ.start[a + 1]! && !found; o++) visitNeighbours(sessions, occ, o, window, visit, step);
  return found;
}

/**
 * Adds the cells no session holds whose noise alone reaches `threshold`: each such cell passes
 * with probability q = P(noise >= threshold), independently, so the passing ones are found by
 * geometric skips over the n x n cell grid (cells (a, b) with a < b when not `ordered`, a != b when
 * `ordered`), and each gets threshold + a geometric excess (the noise's tail above the threshold).
 */
function noiseOnlyCells(
  count: number,
  ordered: boolean,
  p: number,
  threshold: number,
  random: Random,
  occurs: (a: number, b: number, ordered: boolean) => boolean,
  into: NoisyCells,
): void {
  const q = tailAtLeast(p, threshold);
  if (!(q > 0) || count < 2) return;
  const grid = count * count;
  for (let cell = skip(q, random); cell < grid; cell += 1 + skip(q, random)) {
    const a = Math.floor(cell / count);
    const b = cell - a * count;
    if (a === b || (!ordered && a > b) || occurs(a, b, ordered)) continue;
    into.a.push(a);
    into.b.push(b);
    into.c.push(threshold + geometric(p, random));
  }
}

/** The popularity bytes of noisy session counts: 0 below `threshold`. */
export function noisyPopularityBytes(popularity: Float64Array, threshold: number): Uint8Array {
  return Uint8Array.from(popularity, (c) => (c >= threshold ? quantizePopularity(c) : 0));
}
