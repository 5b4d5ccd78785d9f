/**
 * A held-out slice of the site's own sessions, so the build can make a choice on its logs the way
 * the eval makes one on validation: the last items of sessions are left out of a space's training,
 * and the space is scored on predicting them (next item, HR@10). Propagation (propagate.ts) is
 * chosen this way (choose-propagation.ts): it lifts dense logs and costs sparse ones.
 */

import { LEARNED_BLEND } from '../recommend/blend.ts';
import { MAX_ANCHORS } from '../recommend/history.ts';
import type { FlatSessions } from '../signals/build.ts';
import { Prng } from '../vector-index/prng.ts';
import { eachSession } from './pairs.ts';
import { spaceCalibration } from './space-calibration.ts';
import { BLOCK, instantiate } from './workspace.ts';

/** A held-out item: the session's rows before it, and the item. */
export interface HeldOutQuery {
  history: Int32Array;
  target: number;
}

/** The sessions a choice's space trains on, and the items held out of them. */
export interface HeldOutSplit {
  train: number[][];
  queries: HeldOutQuery[];
}

/** How much to hold out. */
export interface HeldOutOptions {
  /** Hold out more last items per session (up to `maxPerSession`) until this many queries. */
  minQueries: number;
  maxPerSession: number;
  /**
   * At most this many queries: the held-out sessions are a seeded sample when more qualify, so big
   * logs lose a tiny share of their rows and the scoring time stays bounded.
   */
  maxQueries: number;
  seed: number;
}

/**
 * 2,000 queries make one standard error of a hit rate near .1 about .007, under the gaps the eval
 * saw between propagation's settings (MovieLens +.023, Office -.010 on validation). MovieLens's
 * 610 long sessions give 2,440 with 4 items each; Office's 4,905 short ones 3,000 of one each.
 */
export const HELD_OUT: Readonly<HeldOutOptions> = Object.freeze({ minQueries: 2000, maxPerSession: 4, maxQueries: 3000, seed: 7 });

/**
 * Holds out the last `h` items of sessions that keep at least 2 items before them, with the
 * smallest `h` (1 to `maxPerSession`) that gives `minQueries` queries, else the `h` that gives the
 * most; a seeded sample of those sessions when they would give over `maxQueries`. Deterministic.
 */
export function holdOutLast(sessions: readonly (readonly number[])[] | FlatSessions, o: Readonly<HeldOutOptions> = HELD_OUT): HeldOutSplit {
  const all = [...eachSession(sessions)].map((s) => Int32Array.from(s));
  const count = (k: number) => all.reduce((c, s) => c + (s.length >= k + 2 ? k : 0), 0);
  // The smallest h with enough queries; if none has, the one with the most (short sessions).
  let h = 1;
  for (let k = 1; k <= o.maxPerSession; k++) {
    if (count(k) > count(h)) h = k;
    if (count(k) >= o.minQueries) {
      h = k;
      break;
    }
  }
  const long = all.flatMap((s, i) => (s.length >= h + 2 ? [i] : []));
  const take = Math.min(long.length, Math.floor(o.maxQueries / h));
  const rng = new Prng(o.seed);
  for (let i = 0; i < take; i++) {
    const j = i + rng.int(long.length - i);
    [long[i], long[j]] = [long[j]!, long[i]!];
  }
  const held = new Set(long.slice(0, take));
  const train: number[][] = [];
  const queries: HeldOutQuery[] = [];
  all.forEach((s, k) => {
    if (!held.has(k)) {
      train.push([...s]);
      return;
    }
    const keep = s.length - h;
    train.push([...s.subarray(0, keep)]);
    for (let i = keep; i < s.length; i++) queries.push({ history: s.subarray(0, i), target: s[i]! });
  });
  return { train, queries };
}

/**
 * The page's "for you" content term in a learned space (recommend/blend.ts `LEARNED_BLEND`): a
 * candidate scores `1 - contentMean` times its best anchor (the maximum over the visitor's recent
 * items of `contentDecay ** age` times the z-scored query . target score) plus `contentMean` times
 * the anchors' weighted mean z-score, over up to `MAX_ANCHORS` recent items. The mean is exact here:
 * it is the z-score of the anchors' weighted SUM of query sides, one row per query. The best anchor
 * is taken over the last `BEST_ANCHORS`: at decay 0.7 no older anchor changed a held-out hit on the
 * validation logs (MovieLens, Office: the same rates with 3 and 10). So a query costs 4 rows, one
 * kernel pass, not 10. (A weighted sum of 3 anchors alone, the first witness, saw +5.7% from
 * propagation on MovieLens's validation logs where the page gained +20%; docs/notes/learned-space.md.)
 */
const DECAY = LEARNED_BLEND.contentDecay;
const MEAN = LEARNED_BLEND.contentMean ?? 0;
const BEST_ANCHORS = 3;
/** Rows per query: its best-anchor candidates, then (when the mean counts) its weighted sum. */
const ROWS = MEAN > 0 ? BEST_ANCHORS + 1 : BEST_ANCHORS;

/**
 * HR@`k` of the held-out items in a space: each query ranks the catalog as the page's content term
 * does (see above), without the items already in its history. `query` and `target` hold `d` floats
 * per item (`d` a multiple of 4). The rows of four queries at a time go through the trainer's SIMD
 * dot products (kernels.wat), four rows per pass over the catalog: a build scores up to 3,000
 * queries against every item once per propagation setting.
 */
export function heldOutHitRate(query: Float32Array, target: Float32Array, d: number, queries: readonly HeldOutQuery[], k = 10): number {
  if (d % 4 !== 0) throw new RangeError(`held-out scoring needs dimensions in fours (the kernels' lanes), got ${d}`);
  if (queries.length === 0) return 0;
  const n = target.length / d;
  const { mean, std } = spaceCalibration(query, target, d, n);
  const rows = BLOCK * ROWS;
  // One memory: the target rows, the rows of BLOCK queries, each item's row offset, their scores.
  const regions = [n * d, rows * d, n, rows * n];
  const at: number[] = [];
  let end = 16;
  for (const floats of regions) {
    at.push(end);
    end += Math.ceil(floats / 4) * 16;
  }
  const memory = new WebAssembly.Memory({ initial: Math.ceil(end / 65536) });
  const kernels = instantiate(memory);
  new Float32Array(memory.buffer, at[0]!, n * d).set(target);
  const anchors = new Float32Array(memory.buffer, at[1]!, rows * d);
  const offsets = new Int32Array(memory.buffer, at[2]!, n);
  for (let i = 0; i < n; i++) offsets[i] = i * d * 4;
  const scores = new Float32Array(memory.buffer, at[3]!, rows * n);
  const anchor = (r: number) => at[1]! + r * d * 4;
  const best = new Float32Array(n);
  let hits = 0;
  for (let start = 0; start < queries.length; start += BLOCK) {
    const block = queries.slice(start, start + BLOCK);
    const weights = fillRows(anchors, block, query, d);
    for (let r = 0; r < block.length * ROWS; r += 4) {
      kernels.logits4(at[0]!, anchor(r), anchor(r + 1), anchor(r + 2), anchor(r + 3), at[2]!, n, d, 1, at[3]! + r * n * 4);
    }
    block.forEach((q, b) => {
      const row = (r: number) => scores.subarray((b * ROWS + r) * n, (b * ROWS + r + 1) * n);
      best.fill(Number.NEGATIVE_INFINITY);
      for (let a = 0; a < BEST_ANCHORS && a < q.history.length; a++) {
        // decay ** a * (score - mean) / std, as one multiply and add per item.
        const scale = DECAY ** a / std;
        const shift = -mean * scale;
        const s = row(a);
        for (let i = 0; i < n; i++) {
          const z = s[i]! * scale + shift;
          if (z > best[i]!) best[i] = z;
        }
      }
      if (MEAN > 0) {
        // The weighted mean z-score: (sum . target - mean * weights) / (std * weights).
        const w = weights[b]!;
        const s = row(BEST_ANCHORS);
        for (let i = 0; i < n; i++) best[i] = (1 - MEAN) * best[i]! + (MEAN * (s[i]! - mean * w)) / (std * w);
      }
      for (const h of q.history) best[h] = Number.NEGATIVE_INFINITY;
      const t = best[q.target]!;
      if (t === Number.NEGATIVE_INFINITY) return; // a target already in the history is never shown
      let above = 0;
      for (let i = 0; i < n && above < k; i++) if (best[i]! > t) above++;
      if (above < k) hits++;
    });
  }
  return hits / queries.length;
}

/**
 * Writes the rows of `block`'s queries into `rows`: row b * ROWS + a holds query b's anchor of age
 * a (zero when its history is shorter); row b * ROWS + BEST_ANCHORS the weighted sum of its last
 * MAX_ANCHORS anchors' query sides. Returns each query's sum of anchor weights.
 */
function fillRows(rows: Float32Array, block: readonly HeldOutQuery[], query: Float32Array, d: number): number[] {
  rows.fill(0);
  return block.map((q, b) => {
    let w = 0;
    for (let a = 0; a < Math.min(q.history.length, MEAN > 0 ? MAX_ANCHORS : BEST_ANCHORS); a++) {
      const item = q.history[q.history.length - 1 - a]!;
      const side = query.subarray(item * d, (item + 1) * d);
      if (a < BEST_ANCHORS) rows.set(side, (b * ROWS + a) * d);
      if (MEAN > 0) {
        const sumAt = (b * ROWS + BEST_ANCHORS) * d;
        for (let j = 0; j < d; j++) rows[sumAt + j]! += DECAY ** a * side[j]!;
      }
      w += DECAY ** a;
    }
    return w;
  });
}
