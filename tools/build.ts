/**
 * Builds everything a page needs into `dist/`, served as one static folder:
 *   index.js, element.js, react.js   ESM entries (core API, custom element, React component)
 *   inpage-rec.js                    self-contained script-tag bundle (classic script)
 *   inpage-rec.worker.js             the module worker (encoder, store, index, ranking)
 *   models/use-lite-en/...           the converted default model (from `npm install`)
 *   ort/...                          onnxruntime-web's WASM files, so nothing comes from a CDN
 *   demo/...                         the offline demo shop (from public/)
 *   bench/...                        browser benchmark pages and workers
 *
 *   tsx tools/build.ts
 */
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, defaultClientConditions, type InlineConfig } from 'vite';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

/** onnxruntime-web files the WebGPU-capable build loads at run time (see src/encoder/encoder.ts). */
export const ORT_FILES = ['ort-wasm-simd-threaded.asyncify.mjs', 'ort-wasm-simd-threaded.asyncify.wasm'];

const common = (outDir: string): InlineConfig => ({
  root,
  configFile: false,
  logLevel: 'warn',
  publicDir: false,
  define: { 'process.env.NODE_ENV': '"production"' },
  // onnxruntime-web's default export inlines its 27 MB WASM as base64; this condition selects the
  // build that loads the WASM from `wasmPaths` (our own origin) instead.
  resolve: { conditions: ['onnxruntime-web-use-extern-wasm', ...defaultClientConditions] },
  build: { outDir, emptyOutDir: false, minify: true, sourcemap: false, target: 'es2022', reportCompressedSize: false },
});

async function buildLib(entries: Record<string, string>, format: 'es' | 'iife', external: string[] = []): Promise<void> {
  for (const [name, entry] of Object.entries(entries)) {
    const cfg = common(dist);
    await build({
      ...cfg,
      build: {
        ...cfg.build,
        lib: { entry: join(root, entry), formats: [format], fileName: () => `${name}.js`, name: 'InpageRec' },
        rollupOptions: { external, output: { codeSplitting: false } },
      },
    });
  }
}

export async function buildAll(): Promise<void> {
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
  await buildLib({ 'inpage-rec.worker': 'src/worker/worker.ts' }, 'es');
  await buildLib({ index: 'src/index.ts', element: 'src/element.ts', react: 'src/react/index.ts' }, 'es', ['react', 'react/jsx-runtime']);
  await buildLib({ 'inpage-rec': 'src/embed/script.ts' }, 'iife');
  // A React test page's app bundle (React bundled in): used by the end-to-end tests.
  await buildLib({ 'e2e-app/react-app': 'e2e/react-app.ts' }, 'es');
  await buildBench();
}

/** Builds the browser benchmark workers and copies the assets they need. */
export async function buildBench(): Promise<void> {
  await buildLib(
    {
      'bench/encoder-bench.worker': 'bench/browser/encoder-bench.worker.ts',
      'bench/index-bench.worker': 'bench/browser/index-bench.worker.ts',
    },
    'es',
  );
  copyAssets();
}

/** Copies the model folder, the ORT WASM files and the static pages into `dist/`. */
export function copyAssets(): void {
  const model = join(root, 'models', 'use-lite-en');
  if (!existsSync(join(model, 'onnx', 'model_quantized.onnx')))
    throw new Error('models/use-lite-en is missing: run `npm install` (or `npm run build:model`)');
  for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx', 'onnx/model_quantized.onnx']) {
    mkdirSync(dirname(join(dist, 'models', 'use-lite-en', f)), { recursive: true });
    cpSync(join(model, f), join(dist, 'models', 'use-lite-en', f));
  }
  const require = createRequire(import.meta.url);
  // The package does not export package.json; its main entry lives in dist/ beside the WASM files.
  const ortDist = dirname(require.resolve('onnxruntime-web'));
  mkdirSync(join(dist, 'ort'), { recursive: true });
  for (const f of ORT_FILES) cpSync(join(ortDist, f), join(dist, 'ort', f));
  if (existsSync(join(root, 'public'))) cpSync(join(root, 'public'), dist, { recursive: true });
  if (existsSync(join(root, 'bench/browser/pages'))) cpSync(join(root, 'bench/browser/pages'), join(dist, 'bench'), { recursive: true });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = Date.now();
  await buildAll();
  console.log(`built dist/ in ${Date.now() - t0} ms`);
}
