/**
 * The part of a search every index shares: argument checks, turning filter/exclude into a row
 * predicate, collecting candidates from a scorer into a TopK, re-ranking candidates with a
 * better scorer, and building the sorted hit list.
 */
import { createError, ErrorCodes } from '../errors.ts';
import { checkK, checkQuery } from './args.ts';
import { CHUNK } from './code-matrix.ts';
import { TopK } from './heap.ts';
import type { KeyedRows } from './rows.ts';
import type { RowAccept, RowScorer } from './scorer.ts';
import type { Hit, SearchOptions } from './types.ts';

/** One search in progress: `collect` and/or `rerank`, then `hits`. */
export class SearchRun {
  /** Number of hits wanted. */
  readonly k: number;
  /** Filter and exclude as one row predicate, or null when there are neither. */
  readonly accept: RowAccept | null;
  private readonly scores = new Float64Array(CHUNK);

  constructor(
    private readonly keyed: KeyedRows,
    readonly query: Float32Array,
    k: number,
    opts: SearchOptions | undefined,
  ) {
    checkQuery(query, keyed.dims);
    this.k = checkK(k);
    this.accept = makeAccept(keyed, opts);
  }

  /** True when the search can return nothing, so callers may skip scanning. */
  get empty(): boolean {
    return this.k === 0 || this.keyed.size === 0;
  }

  /** A heap for `capacity` candidates (capped at the number of rows), ties by key. */
  heap(capacity: number): TopK {
    return new TopK(Math.min(capacity, this.keyed.size), this.keyed.compareRows);
  }

  /**
   * Offers rows rows[0..count) (or 0..count when `rows` is null) to `heap`, scored by `scorer`
   * (already prepared). Rows failing the predicate never enter the heap, so `heap.size` is
   * min(matches seen, capacity); IVF relies on that to widen its probe. While the heap fills,
   * the predicate runs first (a rare filter costs no score); once full, the score runs first and
   * the predicate only for rows that beat the threshold.
   */
  collect(scorer: RowScorer, heap: TopK, rows: Int32Array | null, count: number): void {
    const { accept, scores } = this;
    for (let from = 0; from < count; from += CHUNK) {
      const n = Math.min(CHUNK, count - from);
      scorer.score(rows, from, n, scores);
      for (let i = 0; i < n; i++) {
        const row = rows === null ? from + i : rows[from + i]!;
        const score = scores[i]!;
        if (score < heap.threshold) continue;
        if (accept !== null && !accept(row)) continue;
        heap.push(score, row);
      }
    }
  }

  /** The best `keep` (default k) of `candidates[0..count)` (already filtered) by `scorer` (prepared here). */
  rerank(scorer: RowScorer, candidates: Int32Array, count: number, keep = this.k): TopK {
    const best = this.heap(Math.min(keep, count));
    scorer.prepare(this.query);
    const scores = this.scores;
    for (let from = 0; from < count; from += CHUNK) {
      const n = Math.min(CHUNK, count - from);
      scorer.score(candidates, from, n, scores);
      for (let i = 0; i < n; i++) best.push(scores[i]!, candidates[from + i]!);
    }
    return best;
  }

  /** The final hits from `heap`: best first, ties by key. */
  hits(heap: TopK): Hit[] {
    const { scores, rows } = heap.drain();
    const hits: Hit[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) hits[i] = { key: this.keyed.keyAt(rows[i]!), score: scores[i]! };
    return hits;
  }
}

/** Combines filter and exclude into one row predicate, or null so unfiltered scans skip the call. */
function makeAccept(keyed: KeyedRows, opts: SearchOptions | undefined): RowAccept | null {
  const filter = opts?.filter;
  const exclude = opts?.exclude;
  if (filter !== undefined && typeof filter !== 'function')
    throw createError(ErrorCodes.INVALID_OPTION, 'filter must be a function of the key (see compileFilter)');
  if (exclude !== undefined && typeof (exclude as Partial<ReadonlySet<string>>).has !== 'function') {
    throw createError(ErrorCodes.INVALID_OPTION, 'exclude must be a Set of keys');
  }
  const hasExclude = exclude !== undefined && exclude.size > 0;
  if (filter !== undefined && hasExclude)
    return (row) => {
      const key = keyed.keyAt(row);
      return !exclude.has(key) && filter(key);
    };
  if (filter !== undefined) return (row) => filter(keyed.keyAt(row));
  if (hasExclude) return (row) => !exclude.has(keyed.keyAt(row));
  return null;
}
