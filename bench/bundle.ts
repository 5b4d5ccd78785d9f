/**
 * Section "bundle sizes": raw and gzip (node:zlib, level 9) bytes of the built files a page may
 * load, and the total a first visit downloads (element bundle + worker + int8 model + tokenizer +
 * onnxruntime-web WASM). Sizes are of dist/ as built by tools/build.ts just before.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from '../test/paths.ts';

/** One built file. */
export interface BundleFile {
  file: string;
  what: string;
  rawBytes: number;
  gzipBytes: number;
  /** Fetched by a first visit of a page using the element with the default (q8) model. */
  firstVisit: boolean;
}

const MODEL = 'models/use-lite-en';
const FILES: { file: string; what: string; firstVisit: boolean }[] = [
  { file: 'index.js', what: 'core API (ESM)', firstVisit: false },
  { file: 'element.js', what: '<inpage-rec> element (ESM)', firstVisit: true },
  { file: 'react.js', what: 'React component (ESM)', firstVisit: false },
  { file: 'inpage-rec.js', what: 'script-tag bundle', firstVisit: false },
  { file: 'inpage-rec.worker.js', what: 'worker (store, index, ranking)', firstVisit: true },
  { file: 'inpage-rec.encoder.js', what: 'transformers.js (imported when the model loads on WASM)', firstVisit: true },
  { file: 'inpage-rec.encoder-webgpu.js', what: 'transformers.js for a real GPU adapter', firstVisit: false },
  { file: `${MODEL}/onnx/model_quantized.onnx`, what: 'model, int8 (default)', firstVisit: true },
  { file: `${MODEL}/onnx/model.onnx`, what: 'model, fp32 (opt-in)', firstVisit: false },
  { file: `${MODEL}/tokenizer.json`, what: 'tokenizer', firstVisit: true },
  { file: `${MODEL}/tokenizer_config.json`, what: 'tokenizer config', firstVisit: true },
  { file: `${MODEL}/config.json`, what: 'model config', firstVisit: true },
  { file: 'ort/ort-wasm-simd-threaded.mjs', what: 'onnxruntime-web loader (WASM-only build)', firstVisit: true },
  { file: 'ort/ort-wasm-simd-threaded.wasm', what: 'onnxruntime-web WASM (WASM-only build)', firstVisit: true },
  { file: 'ort/ort-wasm-simd-threaded.asyncify.mjs', what: 'onnxruntime-web loader (WebGPU-capable)', firstVisit: false },
  { file: 'ort/ort-wasm-simd-threaded.asyncify.wasm', what: 'onnxruntime-web WASM (WebGPU-capable)', firstVisit: false },
];

/** Measures every file in FILES under dist/; missing files are listed, not fatal. */
export function runBundleSizes() {
  const files: BundleFile[] = [];
  const missing: string[] = [];
  for (const f of FILES) {
    const path = join(ROOT, 'dist', f.file);
    if (!existsSync(path)) {
      missing.push(f.file);
      continue;
    }
    const bytes = readFileSync(path);
    files.push({ ...f, rawBytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length });
  }
  const first = files.filter((f) => f.firstVisit);
  return {
    method: 'node:zlib gzipSync level 9 of each file in dist/ (servers often use lower levels or brotli)',
    files,
    missing,
    firstVisitTotal: {
      files: first.map((f) => f.file),
      rawBytes: first.reduce((s, f) => s + f.rawBytes, 0),
      gzipBytes: first.reduce((s, f) => s + f.gzipBytes, 0),
    },
  };
}
