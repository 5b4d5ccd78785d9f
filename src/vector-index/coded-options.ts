/** Options and kind descriptions of the composed index (coded-index.ts). */
import type { KernelChoice } from './kernels/types.ts';
import type { CodeKind, RefineKind } from './parts.ts';

/** Options every kind accepts (each reads the ones that apply to it). */
export interface CodedIndexOptions {
  /**
   * Re-rank code: 'float32' (exact, keeps float rows), 'int16' (rows at 16 bits with a scale each:
   * half the bytes), 'residual' (int8, then one residual bit per dimension), 'int8', or 'none'.
   * Defaults per kind (see createIndex).
   */
  refine?: RefineKind;
  /** int8 scans and residual re-ranks: candidates per wanted hit that the re-rank sees. Default 4. */
  rerank?: number;
  /** binary scans: fewest candidates the re-rank sees (more are taken on large catalogs). Default 256. */
  candidates?: number;
  /** IVF: number of lists; default round(sqrt(size)) at training time. */
  nlist?: number;
  /** IVF: lists scanned per query. Default 8 (float32/int8 lists), 16 (binary lists). */
  nprobe?: number;
  /** Below this many rows the index does not ask for training and searches exactly. */
  minTrainSize?: number;
  /** Sampling and k-means seed. Default 1. */
  seed?: number;
  /** k-means Lloyd iterations. Default 8. */
  iterations?: number;
  /** 'auto' (WASM SIMD when available), 'wasm' or 'js': identical results, different speed. */
  kernels?: KernelChoice;
}

/** The option names `CodedIndexOptions` has, for unknown-name checks. */
export const OPTION_NAMES = ['refine', 'rerank', 'candidates', 'nlist', 'nprobe', 'minTrainSize', 'seed', 'iterations', 'kernels'] as const;

/** Which parts a kind is made of. */
export interface CodedSpec {
  kind: string;
  codes: CodeKind;
  ivf: boolean;
  /** Re-rank when the options do not say. */
  refine: RefineKind;
  /** minTrainSize when the options do not say. */
  minTrainSize: number;
}
