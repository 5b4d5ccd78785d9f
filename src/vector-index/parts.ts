/**
 * The parts an index is composed of, shared by its search (coded-index.ts) and its training
 * (training.ts): keys, the code matrices that exist for its kind, and the training bookkeeping.
 */
import type { BinaryStore } from './binary-store.ts';
import type { FloatStore } from './float-store.ts';
import type { Int8Store } from './int8-store.ts';
import type { Int16Store } from './int16-store.ts';
import type { KernelChoice } from './kernels/types.ts';
import type { InvertedLists } from './lists.ts';
import type { ResidualStore } from './residual-store.ts';
import type { KeyedRows } from './rows.ts';

/** Which code a scan reads. */
export type CodeKind = 'float32' | 'int8' | 'binary';
/**
 * Which code re-ranks the scan's candidates: float32 = exact; int16 = 16-bit rows with a scale
 * each, half of float32's bytes (int16-store.ts); residual = int8 codes, then one residual bit per
 * dimension for the last short list (residual-store.ts); int8 = within a quantization step;
 * none = the scan's own scores.
 */
export type RefineKind = 'float32' | 'int16' | 'residual' | 'int8' | 'none';

/** Every RefineKind, for option checks. */
export const REFINE_KINDS: readonly RefineKind[] = ['float32', 'int16', 'residual', 'int8', 'none'];

/** Mutable state of one index. */
export interface IndexParts {
  readonly keyed: KeyedRows;
  readonly dims: number;
  readonly kernels: KernelChoice;
  readonly codes: CodeKind;
  readonly refine: RefineKind;
  readonly ivf: boolean;
  /**
   * The rows at full precision for this index: float32, or 16-bit for refine 'int16'. Permanent
   * when `keepFloats`, else held only until the first training.
   */
  floats: FloatStore | Int16Store | undefined;
  readonly keepFloats: boolean;
  readonly int8: Int8Store | undefined;
  readonly binary: BinaryStore | undefined;
  /** Residual bits over the int8 codes (refine 'residual'). */
  readonly residual: ResidualStore | undefined;
  /** The IVF lists in use (none before the first training). */
  lists: InvertedLists | undefined;
  /** True once every code the search reads is trained and written; before, searches scan `floats` exactly. */
  codesReady: boolean;
  trainedSize: number;
  /** Rows written (added or replaced) since the last training. */
  writesSinceTrain: number;
}

/** Reads the best available version of row `row` into `out` from `outOff`: the full rows (float32 or 16-bit), else int8 (+ residual), else binary. */
export function readRow(parts: IndexParts, row: number, out: Float32Array, outOff = 0): void {
  if (parts.floats) parts.floats.read(row, out, outOff);
  else if (parts.residual && parts.int8?.trainedParams) parts.residual.read(row, out, outOff);
  else if (parts.int8?.trainedParams) parts.int8.read(row, out, outOff);
  else parts.binary!.read(row, out, outOff);
}
