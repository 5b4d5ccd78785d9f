/**
 * The storage shared by every per-row code (float32 rows, int8 codes, binary codes): one
 * fixed-size code per row in a KernelMemory, kept row-aligned with a KeyedRows as a RowMirror,
 * and scratch space after the codes for one search's query and outputs.
 *
 *   [0, 64)                          reserved (0 means "no row list" to the kernels)
 *   [64, base)                       header: the code's parameters (int8 ranges, binary mean)
 *   [base, base + capacity * stride) codes, row r at base + r * stride
 *   [base + capacity * stride, ...)  scratch, valid until the next reserve (i.e. the next add)
 */
import { KernelMemory } from './kernels/memory.ts';
import type { KernelChoice } from './kernels/types.ts';
import type { RowMirror } from './rows.ts';

/** Byte offset of the header (the first 64 bytes are never used). */
export const HEADER = 64;

/** Rows scored per kernel call: outputs stay in L1/L2 and a chunk of work is ~0.1 ms. */
export const CHUNK = 4096;

/** Fixed-size per-row codes in one linear memory. */
export abstract class CodeMatrix implements RowMirror {
  /** The memory holding the codes, with its kernels. */
  readonly mem: KernelMemory;
  /** Byte offset of row 0's code. */
  readonly base: number;
  private capacity = 0;

  constructor(
    /** Bytes per row, a multiple of 16 (v128 loads). */
    readonly stride: number,
    kernels: KernelChoice,
    headerBytes = 0,
  ) {
    this.mem = new KernelMemory(kernels);
    this.base = HEADER + roundUp(headerBytes, 64);
    this.mem.ensure(this.base);
  }

  /** Byte offset of row `row`'s code. */
  rowPtr(row: number): number {
    return this.base + row * this.stride;
  }

  /** Byte offset where scratch starts. */
  get scratchBase(): number {
    return this.base + this.capacity * this.stride;
  }

  /** Makes `bytes` of scratch available after the codes and returns its offset (16-byte aligned). */
  scratch(bytes: number): number {
    this.mem.fit(this.scratchBase + bytes);
    return this.scratchBase;
  }

  /** Copies `src[srcOff .. srcOff + dims)` into scratch, zero-padded to `padded` floats; returns its offset. */
  putFloats(src: Float32Array, srcOff: number, dims: number, padded: number): number {
    const ptr = this.scratch(padded * 4);
    const f32 = this.mem.f32;
    f32.set(src.subarray(srcOff, srcOff + dims), ptr >>> 2);
    f32.fill(0, (ptr >>> 2) + dims, (ptr >>> 2) + padded);
    return ptr;
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
    this.mem.u8.copyWithin(this.base + to * s, this.base + from * s, this.base + (from + 1) * s);
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
