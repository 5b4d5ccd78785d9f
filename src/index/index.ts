/**
 * Public API of the vector index module: one `VectorIndex` contract, flat / int8 / IVF behind
 * it, `createIndex` to pick one by name, and `compileFilter` for metadata filters.
 */
export type { Hit, RowFilter, SearchOptions, VectorIndex } from './types.ts';
export { createIndex, type CreateIndexOptions, type IndexKind } from './factory.ts';
export { FlatIndex } from './flat.ts';
export { QuantizedFlatIndex, DEFAULT_RERANK, type QuantizedFlatOptions } from './quantized-flat.ts';
export { IvfIndex, DEFAULT_NPROBE, DEFAULT_MIN_TRAIN_SIZE, type IvfOptions } from './ivf.ts';
export { Int8Quantizer, type QueryCode } from './quantizer.ts';
export {
  compileFilter,
  type AttributeLookup,
  type Filter,
  type FilterCondition,
  type FilterValue,
  type RangeCondition,
} from './filter.ts';
export { TopK, type TieBreak } from './heap.ts';
