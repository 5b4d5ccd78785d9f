/**
 * One entry point to build any index by name, so configuration (or a worker message) can choose
 * the speed/memory trade-off without importing each class.
 */
import { createError, ErrorCodes } from '../errors.ts';
import type { IndexKind } from '../types.ts';
import { checkKnownOptions } from './args.ts';
import { FlatIndex } from './flat.ts';
import { IvfIndex, type IvfOptions } from './ivf.ts';
import { QuantizedFlatIndex, type QuantizedFlatOptions } from './quantized-flat.ts';
import type { VectorIndex } from './types.ts';

/** Options accepted by `createIndex`; each kind reads the ones that apply to it. */
export type CreateIndexOptions = QuantizedFlatOptions & Omit<IvfOptions, 'quantizer'>;

const KNOWN = ['rerank', 'nlist', 'nprobe', 'minTrainSize', 'seed', 'iterations'] as const;

/**
 * Builds an empty index of `kind` for `dims`-dimensional vectors:
 * - 'flat': exact float32 scan;
 * - 'int8': int8 scan + exact re-rank (4x less memory traffic, near-exact);
 * - 'ivf' / 'ivf-int8': inverted lists over float32 / int8, for large catalogs.
 * Options a kind has no use for are ignored (one config can serve several kinds); option names
 * no kind knows are rejected with INVALID_OPTION, as are bad values and unknown kinds.
 */
export function createIndex(kind: 'flat', dims: number, opts?: CreateIndexOptions): FlatIndex;
export function createIndex(kind: 'int8', dims: number, opts?: CreateIndexOptions): QuantizedFlatIndex;
export function createIndex(kind: 'ivf' | 'ivf-int8', dims: number, opts?: CreateIndexOptions): IvfIndex;
export function createIndex(kind: IndexKind, dims: number, opts?: CreateIndexOptions): VectorIndex;
export function createIndex(kind: IndexKind, dims: number, opts: CreateIndexOptions = {}): VectorIndex {
  checkKnownOptions(opts, KNOWN, 'index');
  switch (kind) {
    case 'flat':
      return new FlatIndex(dims);
    case 'int8':
      return new QuantizedFlatIndex(dims, pick(opts, ['rerank']));
    case 'ivf':
    case 'ivf-int8':
      return new IvfIndex(dims, { ...opts, quantizer: kind === 'ivf' ? 'none' : 'int8' });
    default:
      throw createError(ErrorCodes.INVALID_OPTION, `unknown index kind ${JSON.stringify(kind)} (known: flat, int8, ivf, ivf-int8)`);
  }
}

/** The subset of `opts` named in `names` that is set. */
function pick<T extends object, K extends keyof T>(opts: T, names: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const name of names) if (opts[name] !== undefined) out[name] = opts[name];
  return out;
}
