/**
 * Scoring rows against one query, the composable part of the indexes (FAISS's "distance
 * computer"): flat and IVF decide WHICH rows to visit, a scorer decides HOW a row is scored,
 * exactly from float32 rows or approximately from int8 codes. Binary codes rank by Hamming
 * distance instead, through a selection of their own (binary-select.ts).
 */

/** Row predicate applied during a scan (filter and exclude). */
export type RowAccept = (row: number) => boolean;

/** Scores rows for one query at a time: `prepare(query)`, then any number of `score` calls. */
export interface RowScorer {
  /** True when scores are exact float32 inner products (so candidates need no re-ranking). */
  readonly exact: boolean;
  /** Sets the query for the following calls (and does any per-query encoding). */
  prepare(query: Float32Array): void;
  /**
   * Writes to out[0..count) the scores of rows rows[from..from+count) or, when `rows` is null,
   * of rows from..from+count. count <= CHUNK (code-matrix.ts).
   */
  score(rows: Int32Array | null, from: number, count: number, out: Float64Array): void;
}
