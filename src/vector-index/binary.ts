/**
 * Flat search over binary codes (sign bits of the centred vectors) with a re-rank, by default
 * from int8 codes and then their residual bits: the default index for large catalogs. The
 * Hamming scan reads 64 bytes per 512-d row (1/32 of float32), the int8 re-rank 512 bytes for a
 * few hundred candidates, and the residual bits 64 bytes for the last k x rerank.
 */
import { CodedIndex } from './coded-index.ts';
import type { CodedIndexOptions } from './coded-options.ts';

/** Options of BinaryIndex. */
export type BinaryIndexOptions = Pick<CodedIndexOptions, 'refine' | 'candidates' | 'rerank' | 'minTrainSize' | 'seed' | 'kernels'>;

/**
 * Rows needed before the first training: 1000 rows estimate each dimension's mean and range well
 * (the sample's quantile error is ~1/sqrt(1000) = 3%); until then searches are exact.
 */
export const BINARY_MIN_TRAIN_SIZE = 1000;

/** Binary-code flat index with an int8 + residual (default), int8, float32 or no re-rank. */
export class BinaryIndex extends CodedIndex {
  constructor(dims: number, opts: BinaryIndexOptions = {}) {
    super(dims, { kind: 'binary', codes: 'binary', ivf: false, refine: 'residual', minTrainSize: BINARY_MIN_TRAIN_SIZE }, opts);
  }
}
