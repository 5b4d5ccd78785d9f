/**
 * The part of a search every index shares: argument checks, turning filter/exclude into a row
 * predicate, collecting candidates from a scanner, re-ranking approximate candidates exactly,
 * and building the sorted hit list.
 */
import { createError, ErrorCodes } from '../errors.ts';
import { checkK, checkQuery } from './args.ts';
import { dotF32 } from './dot.ts';
import { TopK } from './heap.ts';
import type { VectorRows } from './rows.ts';
import type { RowAccept, RowScanner } from './scanner.ts';
import type { Hit, SearchOptions } from './types.ts';

/** One search in progress: call `scan` for the rows to visit, then `finish`. */
export class SearchRun {
  /** Number of hits wanted. */
  readonly k: number;
  /** Candidates so far; capacity k for exact scanners, k * rerank for approximate ones. */
  readonly heap: TopK;
  private readonly accept: RowAccept | null;

  constructor(
    private readonly vectors: VectorRows,
    private readonly scanner: RowScanner,
    private readonly query: Float32Array,
    k: number,
    opts: SearchOptions | undefined,
    rerank: number,
  ) {
    checkQuery(query, vectors.dims);
    this.k = checkK(k);
    const capacity = Math.min(scanner.exact ? this.k : this.k * rerank, vectors.size);
    this.heap = new TopK(capacity, vectors.compareRows);
    this.accept = makeAccept(vectors, opts);
    if (capacity > 0) scanner.prepare(query);
  }

  /** True when the search can return nothing, so callers may skip scanning. */
  get empty(): boolean {
    return this.heap.capacity === 0;
  }

  /** True once at least k rows passing filter/exclude have been collected. */
  get satisfied(): boolean {
    return this.heap.size >= this.k;
  }

  /** Scans rows `rows[0..count)`, or rows `0..count)` when `rows` is null. */
  scan(rows: Int32Array | null, count: number): void {
    this.scanner.scan(rows, count, this.heap, this.accept);
  }

  /** The final hits: exact scores, best first, ties by key. */
  finish(): Hit[] {
    const { vectors, k } = this;
    let best = this.heap;
    if (!this.scanner.exact) {
      // Approximate scores only chose the candidates; rank them by their exact float scores.
      best = new TopK(Math.min(k, this.heap.size), vectors.compareRows);
      const data = vectors.data;
      const dims = vectors.dims;
      for (const row of this.heap.rowsUnsorted()) best.push(dotF32(this.query, 0, data, row * dims, dims), row);
    }
    const { scores, rows } = best.drain();
    const hits: Hit[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) hits[i] = { key: vectors.keyAt(rows[i]!), score: scores[i]! };
    return hits;
  }
}

/** Combines filter and exclude into one row predicate, or null so unfiltered scans skip the call. */
function makeAccept(vectors: VectorRows, opts: SearchOptions | undefined): RowAccept | null {
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
      const key = vectors.keyAt(row);
      return !exclude.has(key) && filter(key);
    };
  if (filter !== undefined) return (row) => filter(vectors.keyAt(row));
  if (hasExclude) return (row) => !exclude.has(vectors.keyAt(row));
  return null;
}
