/**
 * The one contract every vector index implements (flat, int8, IVF), modelled on FAISS's `Index`:
 * callers pick an implementation by speed/memory trade-off and never branch on which one they got.
 */

/** A predicate over item keys; true keeps the item. Built by `compileFilter` or written by hand. */
export type RowFilter = (key: string) => boolean;

/** One search result. `score` is the dot product (= cosine for L2-normalised vectors). */
export interface Hit {
  key: string;
  score: number;
}

/**
 * Per-search restrictions. Both are applied while scanning, not to the finished top-k, so a
 * search still returns `k` hits whenever at least `k` items pass them.
 */
export interface SearchOptions {
  /** Keep only items whose key passes this predicate. */
  filter?: RowFilter;
  /** Never return these keys (e.g. the item being viewed, items already in the cart). */
  exclude?: ReadonlySet<string>;
}

/**
 * A set of keyed vectors searchable by inner product.
 *
 * Results are sorted by score descending, ties by key ascending (UTF-16 code-unit order), so the
 * same data and query always give the same list whatever the insertion order.
 */
export interface VectorIndex {
  /** Length of every vector. */
  readonly dims: number;
  /** Number of stored keys. */
  readonly size: number;
  /** Which implementation this is: 'flat', 'int8', 'ivf' or 'ivf-int8'. */
  readonly kind: string;
  /**
   * Stores `keys[i]` with row `i` of `vectors` (`keys.length * dims` floats, row-major).
   * An existing key is replaced. Throws INVALID_OPTION, without changing anything, on a
   * length mismatch, a non-string key or a non-finite value.
   */
  add(keys: string[], vectors: Float32Array): void;
  /** Deletes these keys; unknown keys are ignored. */
  remove(keys: string[]): void;
  /** True when `key` is stored. */
  has(key: string): boolean;
  /** A copy of the stored float32 vector of `key`, or undefined. */
  vector(key: string): Float32Array | undefined;
  /** The best `k` items for `query` (at most `k`; fewer only when fewer items qualify). */
  search(query: Float32Array, k: number, opts?: SearchOptions): Hit[];
  /** Approximate heap bytes held by the index (typed arrays exactly, keys estimated). */
  memoryBytes(): number;
  /**
   * True when the index has a training step (quantizer ranges, IVF centroids) that has not run on
   * the current data, or the data changed enough since that it should run again. Searches keep
   * answering meanwhile: exactly before the first training, from the previous training after.
   */
  readonly needsTraining: boolean;
  /**
   * Fits the learnt parts of the index to the current vectors (FAISS `Index::train`). A search
   * never trains (it would make one visitor's query wait seconds): the caller runs this off the
   * query path, e.g. the worker engine after `ready`. A no-op for kinds without a training step.
   */
  train(): void;
}
