/**
 * One entry point to build any index by name, so configuration (or a worker message) can choose
 * the speed/memory trade-off without importing each class, and `autoIndexKind` to choose by
 * catalog size from measurements.
 */
import { createError, ErrorCodes } from '../errors.ts';
import { INDEX_KINDS } from '../types/index.ts';
import { checkKnownOptions } from './args.ts';
import { BinaryIndex } from './binary.ts';
import { type CodedIndexOptions, OPTION_NAMES } from './coded-options.ts';
import { FlatIndex } from './flat.ts';
import { IvfIndex } from './ivf.ts';
import { QuantizedFlatIndex } from './quantized-flat.ts';
import type { VectorIndex, VectorIndexKind } from './types.ts';

/** Options accepted by `createIndex`; each kind reads the ones that apply to it. */
export type CreateIndexOptions = CodedIndexOptions;

/** Every kind `createIndex` knows. */
export { INDEX_KINDS };

/**
 * Builds an empty index of `kind` for `dims`-dimensional vectors:
 * - 'flat': exact float32 scan;
 * - 'int8': int8 scan + exact float32 re-rank (`refine: 'none'` drops the floats);
 * - 'binary': Hamming scan + int8 and residual-bit re-rank (`refine: 'int8'` without the bits,
 *   `'float32'` exact, `'int16'` from 16-bit rows, `'none'` bits only);
 * - 'ivf' / 'ivf-int8' / 'ivf-binary': inverted lists over those codes.
 * Options a kind has no use for are ignored (one config can serve several kinds); option names
 * no kind knows are rejected with INVALID_OPTION, as are bad values and unknown kinds.
 */
export function createIndex(kind: 'flat', dims: number, opts?: CreateIndexOptions): FlatIndex;
export function createIndex(kind: 'int8', dims: number, opts?: CreateIndexOptions): QuantizedFlatIndex;
export function createIndex(kind: 'binary', dims: number, opts?: CreateIndexOptions): BinaryIndex;
export function createIndex(kind: 'ivf' | 'ivf-int8' | 'ivf-binary', dims: number, opts?: CreateIndexOptions): IvfIndex;
export function createIndex(kind: VectorIndexKind, dims: number, opts?: CreateIndexOptions): VectorIndex;
export function createIndex(kind: VectorIndexKind, dims: number, opts: CreateIndexOptions = {}): VectorIndex {
  checkKnownOptions(opts, OPTION_NAMES, 'index');
  const { kernels, minTrainSize, seed } = opts;
  const common = { ...(kernels ? { kernels } : {}), ...(minTrainSize ? { minTrainSize } : {}), ...(seed !== undefined ? { seed } : {}) };
  switch (kind) {
    case 'flat':
      return new FlatIndex(dims, kernels ? { kernels } : {});
    case 'int8':
      return new QuantizedFlatIndex(dims, { ...common, ...pick(opts, ['rerank', 'refine']) });
    case 'binary':
      return new BinaryIndex(dims, { ...common, ...pick(opts, ['rerank', 'refine', 'candidates']) });
    case 'ivf':
    case 'ivf-int8':
    case 'ivf-binary':
      return new IvfIndex(dims, { ...opts, quantizer: kind === 'ivf' ? 'none' : kind === 'ivf-int8' ? 'int8' : 'binary' });
    default:
      throw createError(ErrorCodes.INVALID_OPTION, `unknown index kind ${JSON.stringify(kind)} (known: ${INDEX_KINDS.join(', ')})`);
  }
}

/** What `index: 'auto'` builds: a kind and its options, for `createIndex(kind, dims, options)`. */
export interface AutoIndex {
  kind: VectorIndexKind;
  options: CreateIndexOptions;
}

/**
 * The index `index: 'auto'` builds for a catalog of `n` items, chosen from bench/index-kernels
 * (real 512-d Steam vectors + perturbed copies, headless Chromium, WASM SIMD, k = 10; a loaded
 * 2-core machine, so absolute times are pessimistic; see bench/index-kernels/README.md):
 * - up to 5,000: 'flat', exact, no training step (scan ~0.4 ms at 5k);
 * - up to 32,000: 'binary' re-ranked from full rows: recall@10 .996 at 10k in 0.21 ms against
 *   flat's 0.86 ms, and 2.1 KB per row keeps it under 70 MiB. The rows are held at 16 bits
 *   (refine 'int16', int16-store.ts): half of float32's bytes (100k items at 128 dimensions:
 *   52.7 -> 26 MB), recall@10 of the 32k Steam vectors at 128 dimensions .9932 against .9933
 *   re-ranked from float32 (bench/artifact-size.ts, 1,000 queries);
 * - above: 'binary' re-ranked from int8 codes and then their residual bits: 0.64 KB per row
 *   (63 MiB at 100k, where float32 rows alone are 195 MiB), recall@10 .990 in 0.78 ms at 100k
 *   (int8 alone: .980 in 0.76 ms; its rounding, ~2e-4 of a cosine, is larger than the gap between
 *   the 10th and 11th neighbours of 10% of queries), .991 in 8.2 ms and 630 MiB at 1M.
 */
export function autoIndex(n: number, dims = AUTO_DIMS): AutoIndex {
  if (n <= AUTO_FLAT_MAX) return { kind: 'flat', options: {} };
  // Fewer dimensions (prebuilt vectors built with --dims): float32 rows cost less, so they re-rank
  // bigger catalogs within the same memory, and fewer sign bits need more binary candidates.
  const fewer = dims < AUTO_DIMS ? { candidates: binaryCandidates(dims) } : {};
  if (n * dims <= AUTO_FLOAT_RERANK_MAX * AUTO_DIMS) return { kind: 'binary', options: { refine: 'int16', ...fewer } };
  return { kind: 'binary', options: { ...fewer } };
}

/** The dimensions the auto thresholds were measured at (the encoder's own 512). */
const AUTO_DIMS = 512;

/**
 * Binary candidates for `dims` sign bits: 384 x (512 / dims)^1.5. Measured on the 32k Steam
 * vectors projected to 128 dimensions and coded as the build codes them (10 bits; 1,000 item
 * queries, recall@10 against exact float32 of the projected space, re-ranked from float32 rows,
 * p50 in Node): 2,048 candidates .9905 in 0.45 ms, 3,072 .9934 in 0.55 ms, 4,096 .9944 in 0.71 ms
 * (the 512-d default: .979 in 0.57 ms). With int8 codes 2,048 gave .978 and 4,096 .981: the codes,
 * not the candidates, held recall back there.
 */
function binaryCandidates(dims: number): number {
  return Math.round(384 * (AUTO_DIMS / dims) ** 1.5);
}

/** The kind of `autoIndex(n)`. */
export function autoIndexKind(n: number): VectorIndexKind {
  return autoIndex(n).kind;
}

/** Up to this many items 'auto' is exact; see autoIndex. */
export const AUTO_FLAT_MAX = 5_000;
/** Up to this many items 'auto' re-ranks from float32 rows; see autoIndex. */
export const AUTO_FLOAT_RERANK_MAX = 32_000;

/** The subset of `opts` named in `names` that is set. */
function pick<T extends object, K extends keyof T>(opts: T, names: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const name of names) if (opts[name] !== undefined) out[name] = opts[name];
  return out;
}
