/**
 * Exact search (FAISS `IndexFlatIP`): every query scans every float32 row. The reference the
 * approximate indexes are measured against, and the fastest choice for small catalogs.
 */
import { CodedIndex } from './coded-index.ts';
import type { CodedIndexOptions } from './coded-options.ts';

/** Brute-force inner-product index over float32 vectors. */
export class FlatIndex extends CodedIndex {
  constructor(dims: number, opts: Pick<CodedIndexOptions, 'kernels'> = {}) {
    super(dims, { kind: 'flat', codes: 'float32', ivf: false, refine: 'none', minTrainSize: 1 }, opts);
  }
}
