/**
 * One growable linear memory with its kernels bound to it. Each code matrix of an index owns one:
 * codes from byte CODE_BASE, per-search scratch (query, outputs, row lists) after the codes.
 * On the WASM path it is a WebAssembly.Memory, grown in place; on the JavaScript path an
 * ArrayBuffer, copied on growth. Typed views are replaced on every growth, so read them from
 * here each time, never keep one across a call that may grow the memory.
 */
import { createError, ErrorCodes } from '../../errors.ts';
import { jsKernels, type MemoryViews } from './js.ts';
import type { KernelChoice, Kernels } from './types.ts';
import { wasmKernels, wasmKernelsAvailable } from './wasm.ts';

const PAGE = 65536;
/** wasm32 addresses 4 GiB; keep one page of headroom for scratch. */
const MAX_BYTES = 65535 * PAGE;

/** A growable memory with kernels bound to it. */
export class KernelMemory implements MemoryViews {
  readonly kernels: Kernels;
  i8!: Int8Array;
  u8!: Uint8Array;
  i16!: Int16Array;
  i32!: Int32Array;
  f32!: Float32Array;
  f64!: Float64Array;
  private readonly wasm: WebAssembly.Memory | undefined;
  private buffer: ArrayBuffer;

  constructor(choice: KernelChoice = 'auto') {
    const useWasm = choice === 'wasm' || (choice === 'auto' && wasmKernelsAvailable());
    if (choice === 'wasm' && !wasmKernelsAvailable())
      throw createError(ErrorCodes.INVALID_OPTION, 'kernels: "wasm" was asked for, but WASM SIMD is not available here');
    if (useWasm) {
      this.wasm = new WebAssembly.Memory({ initial: 1 });
      this.buffer = this.wasm.buffer;
      this.kernels = wasmKernels(this.wasm);
    } else {
      this.buffer = new ArrayBuffer(PAGE);
      this.kernels = jsKernels(() => this);
    }
    this.refresh();
  }

  /** Bytes held. */
  get byteLength(): number {
    return this.buffer.byteLength;
  }

  /**
   * Grows to at least `bytes`, keeping the contents. Grows by at least 1/8 of the current size so
   * that many small growths stay O(n) overall while idle capacity stays under 12.5%.
   */
  ensure(bytes: number): void {
    if (bytes <= this.buffer.byteLength) return;
    this.growTo(bytes, Math.max(bytes, this.buffer.byteLength + (this.buffer.byteLength >>> 3)));
  }

  /**
   * Grows to at least `bytes`, to the next page and no further: for a search's scratch after the
   * codes, which needs a few KB more than the codes once and then stops growing. With `ensure`'s
   * eighth, the phone's 32k index held 10.6 MB for 8.3 MB of rows (a heap snapshot of the worker).
   */
  fit(bytes: number): void {
    if (bytes <= this.buffer.byteLength) return;
    this.growTo(bytes, bytes);
  }

  /** Grows to `target` bytes (rounded up to a page, at most 4 GiB), of which `bytes` are needed. */
  private growTo(bytes: number, target: number): void {
    if (bytes > MAX_BYTES) throw createError(ErrorCodes.INVALID_OPTION, `the index needs ${bytes} bytes of codes, more than 4 GiB`);
    const pages = Math.ceil(Math.min(MAX_BYTES, target) / PAGE);
    if (this.wasm) {
      this.wasm.grow(pages - this.buffer.byteLength / PAGE);
      this.buffer = this.wasm.buffer;
    } else {
      const next = new ArrayBuffer(pages * PAGE);
      new Uint8Array(next).set(new Uint8Array(this.buffer));
      this.buffer = next;
    }
    this.refresh();
  }

  private refresh(): void {
    const b = this.buffer;
    this.i8 = new Int8Array(b);
    this.u8 = new Uint8Array(b);
    this.i16 = new Int16Array(b);
    this.i32 = new Int32Array(b);
    this.f32 = new Float32Array(b);
    this.f64 = new Float64Array(b);
  }
}
