/**
 * The one contract every vector index implements (flat, int8, binary, IVF over any of them),
 * modelled on FAISS's `Index`: callers pick an implementation by speed/memory trade-off and never
 * branch on which one they got.
 */
import type { IndexKind } from '../types/index.ts';

/**
 * Index kinds `createIndex` builds: the code a scan reads, optionally behind IVF lists.
 * - 'flat': float32 rows, exact;
 * - 'int8': int8 codes, re-ranked exactly from float32 rows (or `refine: 'none'`: int8 alone);
 * - 'binary': sign bits, re-ranked from int8 codes + residual bits (default; or 'int8', 'float32', 'none');
 * - 'ivf' / 'ivf-int8' / 'ivf-binary': the same codes, scanning only the nearest lists.
 */
export type VectorIndexKind = IndexKind;

/**
 * The learnt state of an index (quantizer ranges, binary centring, IVF centroids), as plain
 * typed arrays: structured-cloneable (IndexedDB, postMessage) and serialisable to bytes
 * (`encodeTrainingState`). Produced by `exportTraining` after `train`, consumed by
 * `importTraining` so a warm start or a prebuilt artifact never trains again.
 */
export interface TrainingState {
  /** Format version (1). */
  version: 1;
  /** The kind of index it was trained for; importing into another kind is refused. */
  kind: string;
  /**
   * The recipe of the index it was trained for (recipe.ts); importing into an index of another
   * recipe is refused. States saved before recipes existed have none: read it with
   * `trainingRecipe`, which derives it where that is unambiguous.
   */
  recipe?: string;
  dims: number;
  /** Rows the index held when trained (drives the "grown enough to retrain" rules). */
  trainedSize: number;
  /** Int8 ranges: code c of dimension d stands for lo[d] + step[d] * (c + 128). */
  int8?: { lo: Float32Array; step: Float32Array };
  /** Binary centring: bit d is x[d] > mean[d]; spread[d] is the mean |x[d] - mean[d]|. */
  binary?: { mean: Float32Array; spread: Float32Array };
  /** IVF centroids, `nlist * dims` unit vectors, row-major. */
  ivf?: { nlist: number; centroids: Float32Array };
}

/**
 * An index's rows as the codes it holds, with the training state they were encoded under
 * (`exportCodes` / `importCodes`, row-codes.ts): what a returning visit loads instead of float32
 * vectors. Plain typed arrays, so IndexedDB stores it as is.
 */
export interface IndexCodes {
  /** Format version (1). */
  version: 1;
  state: TrainingState;
  /** The key of each row, in row order. */
  keys: string[];
  /** Each code matrix the index holds: `keys.length` rows of its stride (a multiple of 16) bytes. */
  codes: { binary?: Uint8Array; int8?: Uint8Array; residual?: Uint8Array };
  /**
   * IVF kinds: each list's rows in the list's own order (lists[0]'s rows, then lists[1]'s, ...),
   * and how many each list has. The order is kept because a scan visits rows in it, and binary
   * candidates tied at the cut are kept in scan order: a copy answers exactly like its source.
   */
  lists?: { lengths: Int32Array; rows: Int32Array };
}

/** Options of `trainAsync`. */
export interface TrainAsyncOptions {
  /** Longest stretch of work between yields to the event loop, in ms. Default 10. */
  sliceMs?: number;
  /** Stops the training (the promise rejects with InpageRecError ABORTED); the index keeps its previous state. */
  signal?: AbortSignal;
}

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
 * Training and persistence, as the worker engine should drive them:
 * 1. Warm start: `importTraining(stateFromIndexedDB)` BEFORE `add(...)`, so rows are encoded on
 *    add and no float32 copy is ever held (100k x 512: ~60 MiB instead of ~200 MiB transient).
 *    A prebuilt artifact's state (`decodeTrainingState(bytes)`) is imported the same way.
 * 2. Cold start: `add` batches as they are embedded; rows stay float32 (searches exact) until
 *    the first training. Whenever `needsTraining` is true (check after each add batch and after
 *    `ready`), `await trainAsync()` (yields every ~10 ms so searches keep being answered), then
 *    persist `exportTraining()` (plain typed arrays: IndexedDB stores it as is).
 * 3. Catalog updates: add/remove as usual (rows are encoded and filed with the trained state);
 *    `needsTraining` turns true when a refit is due (see there); repeat step 2's train + persist.
 *
 * Results are sorted by score descending, ties by key ascending (UTF-16 code-unit order), so the
 * same data and query always give the same list whatever the insertion order.
 */
export interface VectorIndex {
  /** Length of every vector. */
  readonly dims: number;
  /** Number of stored keys. */
  readonly size: number;
  /** Which implementation this is (a VectorIndexKind). */
  readonly kind: string;
  /**
   * What the index is composed of, e.g. "binary,int8,residual1" (grammar in recipe.ts): its
   * identity for a learnt state, which imports only into an index of the same recipe.
   */
  readonly recipe: string;
  /** Which scoring kernels this index runs on: 'wasm-simd' or 'js' (same results either way). */
  readonly kernels: 'wasm-simd' | 'js';
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
  /**
   * The vector of `key` (a copy), or undefined. Exact for kinds that keep float32 rows ('flat',
   * 'int8', 'ivf', 'ivf-int8', any `refine: 'float32'`) and for other kinds before their first
   * training; within 1/65,534 of each row's largest value with `refine: 'int16'`, trained or
   * not. Otherwise a reconstruction from the codes: from int8 codes (+ residual bits)
   * within half (a quarter of) a quantization step per dimension (cosine with the original > 0.9999 on 512-d text embeddings),
   * from binary codes alone only a coarse direction. Good enough as the query of "similar items".
   */
  vector(key: string): Float32Array | undefined;
  /** The best `k` items for `query` (at most `k`; fewer only when fewer items qualify). */
  search(query: Float32Array, k: number, opts?: SearchOptions): Hit[];
  /** Approximate bytes held by the index (typed arrays and WASM memories exactly, keys estimated). */
  memoryBytes(): number;
  /**
   * True when the index has a training step (quantizer ranges, binary centring, IVF centroids)
   * that has not run on the current data, or the data changed enough since that it should run
   * again. Searches keep answering meanwhile: exactly (from float32 rows kept until the first
   * training) before the first training, from the previous training after.
   *
   * Rules: untrained with >= minTrainSize rows; int8 values clamped on more than 0.1% of values
   * written since training; binary centring after more than 2x trainedSize writes; IVF lists
   * after growing past 4x trainedSize.
   */
  readonly needsTraining: boolean;
  /**
   * Fits the learnt parts of the index to the current vectors (FAISS `Index::train`) on a sample
   * (chosen by key hash: independent of insertion order) and re-encodes the rows. A search never
   * trains (it would make one visitor's query wait): the caller runs this off the query path,
   * e.g. the worker engine after `ready`. A no-op for kinds without a training step; throws
   * INVALID_OPTION for an empty IVF index or while a `trainAsync` runs.
   */
  train(): void;
  /**
   * `train` in slices of at most `sliceMs`, yielding to the event loop between them so a worker
   * keeps answering searches (from the previous state) and accepting edits while it trains.
   * Concurrent calls share one run.
   */
  trainAsync(opts?: TrainAsyncOptions): Promise<void>;
  /** The learnt state after training, or undefined for an untrained index or a kind without one. */
  exportTraining(): TrainingState | undefined;
  /**
   * Installs a learnt state (from `exportTraining`, IndexedDB or a prebuilt artifact) instead of
   * training: rows already held are encoded with it at once, rows added later on `add`. Throws
   * INVALID_OPTION, changing nothing, when the state is for another kind, recipe or dims, or
   * malformed. Callers compare `trainingRecipe(state)` with `recipe` first to skip another's state.
   */
  importTraining(state: TrainingState): void;
  /**
   * The rows as codes plus the state they were encoded under (a copy), for a returning visit to
   * load with `importCodes`; undefined while the index holds float32 rows (kinds that keep them,
   * and every kind before its first training).
   */
  exportCodes(): IndexCodes | undefined;
  /**
   * Loads `exportCodes()` output into this EMPTY index of the same kind and dims: no vector is
   * decoded or encoded, so 100k rows load in milliseconds. Throws INVALID_OPTION, changing
   * nothing, when the index is not empty or the codes do not fit it.
   */
  importCodes(codes: IndexCodes): void;
}
