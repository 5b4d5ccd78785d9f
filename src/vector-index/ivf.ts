/**
 * Inverted-file index (FAISS `IndexIVFFlat` / `IndexIVFScalarQuantizer` / IVF over binary codes):
 * vectors are filed under their nearest k-means centroid and a query scans only the `nprobe`
 * lists whose centroids score highest, with any scan code and re-rank (see coded-index.ts).
 */
import { createError, ErrorCodes } from '../errors.ts';
import { checkInt, checkKnownOptions } from './args.ts';
import { CodedIndex } from './coded-index.ts';
import { type CodedIndexOptions, OPTION_NAMES } from './coded-options.ts';

/** Options of IvfIndex. */
export interface IvfOptions extends CodedIndexOptions {
  /** How list entries are scored: 'none' = float32, 'int8' = int8 codes, 'binary' = sign bits. Default 'none'. */
  quantizer?: 'none' | 'int8' | 'binary';
}

/** Default lists probed per query. */
export const DEFAULT_NPROBE = 8;
/** Default size below which IVF does not ask for training and searches exhaustively. */
export const DEFAULT_MIN_TRAIN_SIZE = 1000;

const KINDS = { none: 'ivf', int8: 'ivf-int8', binary: 'ivf-binary' } as const;

/** IVF index over float32, int8 or binary codes; searches exactly until `train()` has run. */
export class IvfIndex extends CodedIndex {
  constructor(dims: number, opts: IvfOptions = {}) {
    checkKnownOptions(opts, [...OPTION_NAMES, 'quantizer'], 'IVF index');
    const { quantizer = 'none', ...rest } = opts;
    if (!(quantizer in KINDS))
      throw createError(ErrorCodes.INVALID_OPTION, `quantizer must be 'none', 'int8' or 'binary', got ${JSON.stringify(quantizer)}`);
    const codes = quantizer === 'none' ? 'float32' : quantizer;
    const refine = quantizer === 'binary' ? 'residual' : quantizer === 'int8' ? 'float32' : 'none';
    super(dims, { kind: KINDS[quantizer], codes, ivf: true, refine, minTrainSize: DEFAULT_MIN_TRAIN_SIZE }, rest);
  }

  /** Lists scanned per query. */
  get nprobe(): number {
    return this.probes;
  }

  /** Changes the lists scanned per query (takes effect at the next search). */
  set nprobe(value: number) {
    this.probes = checkInt('nprobe', value, 1);
  }

  /** Number of lists, 0 while untrained. */
  get nlist(): number {
    return this.parts.lists?.count ?? 0;
  }
}
