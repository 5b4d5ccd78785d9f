/**
 * The two builds of onnxruntime-web the page may load, each with its own encoder module
 * (transformers.js bundled on it; tools/build.ts). A visit that runs the model on WASM (no real GPU
 * adapter: most visits, and every one here) loads the WASM-only build: its WASM is 14.3 MB against
 * the WebGPU-capable (asyncify) build's 26.9 MB, and in a worker it peaked at ~55 MB less renderer
 * memory, kept 60-140 MB less, and made and ran its session in 1.7-2.4 s against 3.6-3.9 s
 * (docs/notes/first-visit-memory.md#the-encoders-runtime-in-the-renderer-2026-11-29-stop-72). A
 * real GPU adapter loads the WebGPU-capable one.
 */
import type { Backend } from '../types/index.ts';

/** One build: the encoder module the worker imports, and the runtime files that build loads. */
export interface RuntimeFlavour {
  /** transformers.js bundled on this build, beside the worker. */
  module: string;
  /** onnxruntime-web's loader and WASM, under `ort/`. */
  mjs: string;
  wasm: string;
}

export const RUNTIME_FLAVOURS = {
  wasm: { module: 'inpage-rec.encoder.js', mjs: 'ort-wasm-simd-threaded.mjs', wasm: 'ort-wasm-simd-threaded.wasm' },
  webgpu: {
    module: 'inpage-rec.encoder-webgpu.js',
    mjs: 'ort-wasm-simd-threaded.asyncify.mjs',
    wasm: 'ort-wasm-simd-threaded.asyncify.wasm',
  },
} as const satisfies Record<'wasm' | 'webgpu', RuntimeFlavour>;

/** The build a backend runs on. */
export function flavourOf(backend: Pick<Backend, 'device'>): RuntimeFlavour {
  return backend.device === 'webgpu' ? RUNTIME_FLAVOURS.webgpu : RUNTIME_FLAVOURS.wasm;
}
