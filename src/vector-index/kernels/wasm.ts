/**
 * Loads the WASM SIMD kernels: the module bytes are embedded in the bundle (kernels.generated.ts,
 * compiled from kernels.wat at `npm install`), so loading makes no request and needs only CSP
 * 'wasm-unsafe-eval' (no eval, no blob: URL). Compiled once, synchronously: the module is ~1 KB,
 * far under Chrome's 4 KB limit on synchronous compilation off the worker, so indexes can keep a
 * synchronous constructor. Anything that stops it (no WebAssembly, no SIMD, a CSP without
 * 'wasm-unsafe-eval') leaves `null`, and callers fall back to the JavaScript kernels.
 */
import { KERNELS_WASM_BASE64 } from './kernels.generated.ts';
import type { Kernels } from './types.ts';

let compiled: WebAssembly.Module | null | undefined;

/** The kernels module's bytes. */
export function kernelBytes(): Uint8Array<ArrayBuffer> {
  const text = atob(KERNELS_WASM_BASE64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/**
 * The compiled kernels module, or null when this engine cannot run it. Feature detection is
 * `WebAssembly.validate` of the kernels module itself: it uses exactly the SIMD instructions the
 * kernels need (i8x16.popcnt, i32x4.dot_i16x8_s, f64x2.promote_low_f32x4, f32x4.nearest, ...), no more, no fewer.
 */
export function kernelModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  try {
    if (typeof WebAssembly !== 'object') return null;
    const bytes = kernelBytes();
    if (WebAssembly.validate(bytes)) compiled = new WebAssembly.Module(bytes);
  } catch {
    // A CSP without 'wasm-unsafe-eval' makes compilation throw: the JavaScript kernels answer.
  }
  return compiled;
}

/** True when the WASM SIMD kernels can run here. */
export function wasmKernelsAvailable(): boolean {
  return kernelModule() !== null;
}

interface KernelExports {
  dot_f32: (...args: number[]) => void;
  dot_i16: (...args: number[]) => void;
  dot_i8: (...args: number[]) => void;
  hamming: (...args: number[]) => void;
  select_range: (...args: number[]) => number;
  encode_i8: (...args: number[]) => number;
  encode_bits: (...args: number[]) => void;
  max_abs_f32: (src: number, dims: number) => number;
  encode_i16: (src: number, inv: number, dims: number, dst: number) => void;
}

/** The WASM kernels bound to `memory`; throws if they are unavailable (check `wasmKernelsAvailable`). */
export function wasmKernels(memory: WebAssembly.Memory): Kernels {
  const module = kernelModule();
  if (!module) throw new Error('WASM SIMD kernels are not available in this engine');
  const x = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
  return {
    name: 'wasm-simd',
    dotF32: x.dot_f32,
    dotI16: x.dot_i16,
    dotI8: x.dot_i8,
    hamming: x.hamming,
    selectRange: x.select_range,
    encodeI8: x.encode_i8,
    encodeBits: x.encode_bits,
    maxAbsF32: x.max_abs_f32,
    encodeI16: x.encode_i16,
  };
}
