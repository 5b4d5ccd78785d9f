/**
 * Scanners score stored rows against one query and feed a TopK. They are the composable part of
 * the indexes (FAISS's "distance computer"): flat and IVF decide WHICH rows to visit, a scanner
 * decides HOW a row is scored, exactly from floats or approximately from int8 codes.
 */
import type { Int8Codes } from './codes.ts';
import { dotF32, dotI8x4 } from './dot.ts';
import type { TopK } from './heap.ts';
import type { VectorRows } from './rows.ts';

/** Row predicate applied during the scan (filter and exclude), after the cheap score test. */
export type RowAccept = (row: number) => boolean;

/** Scores rows for one query at a time: `prepare(query)`, then any number of `scan` calls. */
export interface RowScanner {
  /** True when scores are exact, so the candidates need no re-ranking. */
  readonly exact: boolean;
  /** Sets the query for the following scans (and does any per-query encoding). */
  prepare(query: Float32Array): void;
  /**
   * Offers rows to `heap`: rows `rows[0..count)` or, when `rows` is null, rows `0..count)`.
   * Rows failing `accept` never enter the heap, so `heap.size` is min(matches seen, capacity);
   * IVF relies on that to widen its probe. While the heap is filling, every row would enter, so
   * `accept` runs first and rejected rows cost no dot product (a rare filter stays cheap); once
   * full, the score runs first and `accept` only for rows that beat the threshold.
   */
  scan(rows: Int32Array | null, count: number, heap: TopK, accept: RowAccept | null): void;
}

/** Exact scoring from the float32 rows. */
export class FloatScanner implements RowScanner {
  readonly exact = true;
  private query: Float32Array = new Float32Array(0);

  constructor(private readonly vectors: VectorRows) {}

  /** @inheritdoc */
  prepare(query: Float32Array): void {
    this.query = query;
  }

  /** @inheritdoc */
  scan(rows: Int32Array | null, count: number, heap: TopK, accept: RowAccept | null): void {
    const { query } = this;
    const data = this.vectors.data;
    const dims = this.vectors.dims;
    for (let i = 0; i < count; i++) {
      const row = rows === null ? i : rows[i]!;
      if (accept !== null && heap.size < heap.capacity) {
        if (accept(row)) heap.push(dotF32(query, 0, data, row * dims, dims), row);
        continue;
      }
      const score = dotF32(query, 0, data, row * dims, dims);
      if (score < heap.threshold || (accept !== null && !accept(row))) continue;
      heap.push(score, row);
    }
  }
}

/** Approximate scoring from int8 codes; candidates must be re-ranked with exact scores. */
export class Int8Scanner implements RowScanner {
  readonly exact = false;
  private readonly query: Int32Array;

  constructor(private readonly codes: Int8Codes) {
    this.query = new Int32Array(codes.words * 4);
  }

  /** @inheritdoc */
  prepare(query: Float32Array): void {
    // offset and scale are the same for every row, so the integer dot alone ranks the rows;
    // the heap holds raw integer scores and the re-rank replaces them with exact floats.
    this.codes.encodeQuery(query, this.query);
  }

  /** @inheritdoc */
  scan(rows: Int32Array | null, count: number, heap: TopK, accept: RowAccept | null): void {
    const q = this.query;
    const data = this.codes.data;
    const words = this.codes.words;
    for (let i = 0; i < count; i++) {
      const row = rows === null ? i : rows[i]!;
      if (accept !== null && heap.size < heap.capacity) {
        if (accept(row)) heap.push(dotI8x4(q, data, row * words, words), row);
        continue;
      }
      const score = dotI8x4(q, data, row * words, words);
      if (score < heap.threshold || (accept !== null && !accept(row))) continue;
      heap.push(score, row);
    }
  }
}
