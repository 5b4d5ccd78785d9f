/**
 * The storage shared by every per-row code (float32 rows, int8 codes, binary codes): one
 * fixed-size code per row in a KernelMemory, kept row-aligned with a KeyedRows as a RowMirror,
 * and scratch space after the codes for one search's query and outputs.
 *
 *   [0, 64)                          reserved (0 means "no row list" to the kernels)
 *   [64, 64 + capacity * stride)     codes, row r at 64 + r * stride
 *   [64 + capacity * stride, ...)    scratch, valid until the next reserve (i.e. the next add)
 */
import { KernelMemory } from './kernels/memory.ts';
import type { KernelChoice } from './kernels/types.ts';
import type { RowMirror } from './rows.ts';

/** Byte offset of row 0's code. */
export const CODE_BASE = 64;

/** Rows scored per kernel call: outputs stay in L1/L2 and a chunk of work is ~0.1 ms. */
export const CHUNK = 4096;

/** Fixed-size per-row codes in one linear memory. */
export abstract class CodeMatrix implements RowMirror {
  /** The memory holding the codes, with its kernels. */
  readonly mem: KernelMemory;
  private capacity = 0;

  constructor(
    /** Bytes per row, a multiple of 16 (v128 loads). */
    readonly stride: number,
    kernels: KernelChoice,
  ) {
    this.mem = new KernelMemory(kernels);
  }

  /** Byte offset where scratch starts. */
  get scratchBase(): number {
    return CODE_BASE + this.capacity * this.stride;
  }

  /** Makes `bytes` of scratch available after the codes and returns its offset (16-byte aligned). */
  scratch(bytes: number): number {
    this.mem.ensure(this.scratchBase + bytes);
    return this.scratchBase;
  }

  /** Copies the `rows` ids from `from` (count of them) into the memory at `ptr` for a gather kernel. */
  putRows(ptr: number, rows: Int32Array, from: number, count: number): void {
    this.mem.i32.set(rows.subarray(from, from + count), ptr >>> 2);
  }

  /** @inheritdoc */
  reserve(capacity: number): void {
    this.capacity = capacity;
    this.mem.ensure(this.scratchBase);
  }

  /** @inheritdoc */
  abstract rowWritten(row: number, replaced: boolean, src: Float32Array, srcOff: number): void;

  /** @inheritdoc */
  rowDeleted(_row: number): void {}

  /** @inheritdoc */
  rowMoved(from: number, to: number): void {
    const s = this.stride;
    this.mem.u8.copyWithin(CODE_BASE + to * s, CODE_BASE + from * s, CODE_BASE + (from + 1) * s);
  }

  /** Bytes held: codes, padding and the scratch high-water mark. */
  memoryBytes(): number {
    return this.mem.byteLength;
  }
}

/** `n` rounded up to a multiple of `m`. */
export function roundUp(n: number, m: number): number {
  return Math.ceil(n / m) * m;
}
