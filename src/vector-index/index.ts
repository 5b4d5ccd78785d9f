/**
 * Public API of the vector index module: one `VectorIndex` contract, flat / int8 / IVF behind
 * it, `createIndex` to pick one by name, and `compileFilter` for metadata filters.
 */

export { type CreateIndexOptions, createIndex } from './factory.ts';
export { type AttributeLookup, compileFilter } from './filter.ts';
export { FlatIndex } from './flat.ts';
export { type TieBreak, TopK } from './heap.ts';
export { DEFAULT_MIN_TRAIN_SIZE, DEFAULT_NPROBE, IvfIndex, type IvfOptions } from './ivf.ts';
export { DEFAULT_RERANK, QuantizedFlatIndex, type QuantizedFlatOptions } from './quantized-flat.ts';
export { Int8Quantizer, type QueryCode } from './quantizer.ts';
export type { Hit, RowFilter, SearchOptions, VectorIndex } from './types.ts';
