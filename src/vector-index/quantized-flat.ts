/**
 * Flat search over int8 codes (FAISS `IndexScalarQuantizer`, + `IndexRefine` by default): the
 * scan reads a quarter of the bytes of a float scan, keeps `k * rerank` candidates, and the
 * float32 rows re-score those, so the returned scores are exact and the ranking nearly so.
 * With `refine: 'none'` the float rows are dropped after training and scores come from the codes.
 */
import { CodedIndex } from './coded-index.ts';
import type { CodedIndexOptions } from './coded-options.ts';

/** Options of QuantizedFlatIndex. */
export type QuantizedFlatOptions = Pick<CodedIndexOptions, 'rerank' | 'refine' | 'minTrainSize' | 'seed' | 'kernels'>;

/** The default candidate multiplier for int8 scans. */
export const DEFAULT_RERANK = 4;

/** Int8 scalar-quantized flat index, re-ranked exactly from float32 rows unless told otherwise. */
export class QuantizedFlatIndex extends CodedIndex {
  constructor(dims: number, opts: QuantizedFlatOptions = {}) {
    // Float-backed by default, so training is cheap to redo and may run on the first rows.
    const minTrainSize = opts.refine === 'none' ? 1000 : 1;
    super(dims, { kind: 'int8', codes: 'int8', ivf: false, refine: 'float32', minTrainSize }, opts);
  }
}
