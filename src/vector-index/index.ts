/**
 * Public API of the vector index module: one `VectorIndex` contract; flat, int8, binary and IVF
 * compositions behind it; `createIndex` to pick one by name and `autoIndexKind` by catalog size;
 * `compileFilter` for metadata filters; the training state's byte format for artifacts.
 */

export { BINARY_MIN_TRAIN_SIZE, BinaryIndex, type BinaryIndexOptions } from './binary.ts';
export { CodedIndex, simdAvailable } from './coded-index.ts';
export type { CodedIndexOptions } from './coded-options.ts';
export {
  AUTO_FLAT_MAX,
  AUTO_FLOAT_RERANK_MAX,
  type AutoIndex,
  autoIndex,
  autoIndexKind,
  type CreateIndexOptions,
  createIndex,
  INDEX_KINDS,
} from './factory.ts';
export { type AttributeLookup, compileFilter } from './filter.ts';
export { FlatIndex } from './flat.ts';
export { type TieBreak, TopK } from './heap.ts';
export { DEFAULT_MIN_TRAIN_SIZE, DEFAULT_NPROBE, IvfIndex, type IvfOptions } from './ivf.ts';
export type { KernelChoice } from './kernels/types.ts';
export { DEFAULT_RERANK, QuantizedFlatIndex, type QuantizedFlatOptions } from './quantized-flat.ts';
export { recipeOf, trainingRecipe } from './recipe.ts';
export { decodeTrainingState, encodeTrainingState } from './training-state.ts';
export type { Hit, IndexCodes, RowFilter, SearchOptions, TrainAsyncOptions, TrainingState, VectorIndex, VectorIndexKind } from './types.ts';
