/**
 * Builds what a user of the package gets into `dist/`, served as one static folder:
 *   index.js, element.js, react.js   ESM entries (core API, custom element, React component)
 *   server.js                        the Node entry `inpage-rec/server` (the retrieval endpoint)
 *   types/...                        their TypeScript declarations (see emitTypes)
 *   inpage-rec.js                    self-contained script-tag bundle (classic script)
 *   inpage-rec.worker.js             the module worker (store, index, ranking; the encoder's code)
 *   inpage-rec.encoder.js            transformers.js on onnxruntime-web's WASM-only build, imported by
 *                                    the worker when it loads the model on WASM (most visits)
 *   inpage-rec.encoder-webgpu.js     the same on the WebGPU-capable build, for a real GPU adapter
 *   models/use-lite-en/...           the converted default model (from `npm install`)
 *   ort/...                          onnxruntime-web's WASM files, so nothing comes from a CDN
 *   demo/...                         the offline demo shop (from public/)
 *   *.br, *.gz                       precompressed siblings of every .wasm/.onnx/.js/.json/... file
 * Test and benchmark code is built elsewhere, by its own runner, with `buildEntries`: the e2e React
 * app by e2e/global-setup.ts, the bench workers by bench/build.ts.
 *
 *   tsx tools/build.ts
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, defaultClientConditions, type InlineConfig } from 'vite';
import type { FileManifest } from '../src/cli/assets.ts';
import { compressFiles, compressibleFiles } from '../src/cli/compress.ts';
import { RUNTIME_FLAVOURS } from '../src/encoder/runtime-flavours.ts';
import { buildCli, buildServer } from './build-cli.ts';
import { demoOrders } from './demo-catalog/orders.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const require = createRequire(import.meta.url);

/** onnxruntime-web files the two encoder modules load at run time (src/encoder/runtime-flavours.ts). */
export const ORT_FILES = Object.values(RUNTIME_FLAVOURS).flatMap((f) => [f.mjs, f.wasm]);

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

/**
 * Bundles each entry (`{ outputName: 'path/from/repo/root.ts' }`) into one self-contained file
 * `outDir/outputName.js`, minified, with the same settings as the published files.
 */
export async function buildEntries(
  entries: Record<string, string>,
  format: 'es' | 'iife',
  options: { outDir: string; external?: string[]; banner?: Record<string, string>; alias?: Record<string, string> },
): Promise<void> {
  for (const [name, entry] of Object.entries(entries)) {
    const cfg = common(options.outDir);
    await build({
      ...cfg,
      resolve: { ...cfg.resolve, alias: options.alias ?? {} },
      build: {
        ...cfg.build,
        lib: { entry: join(root, entry), formats: [format], fileName: () => `${name}.js`, name: 'InpageRec' },
        rollupOptions: { external: options.external ?? [], output: { codeSplitting: false, banner: options.banner?.[name] } },
      },
    });
  }
}

/** Builds the package into dist/ (emptied first). */
export async function buildAll(): Promise<void> {
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
  // transformers.js in a module of its own, imported by the worker when it first loads the model
  // (src/encoder/encoder.ts `moduleUrl`): most visits with prebuilt vectors never do.
  await buildEntries({ 'inpage-rec.worker': 'src/worker/worker.ts' }, 'es', { outDir: dist, external: ['@huggingface/transformers'] });
  // Twice: on onnxruntime-web's WASM-only build (a 14 MB WASM) for visits that run on WASM, and on the
  // WebGPU-capable one (27 MB, asyncify) for a real GPU adapter (src/encoder/runtime-flavours.ts).
  await buildEntries({ 'inpage-rec.encoder': 'src/encoder/transformers-module.ts' }, 'es', {
    outDir: dist,
    alias: { 'onnxruntime-web/webgpu': 'onnxruntime-web/wasm' },
  });
  await buildEntries({ 'inpage-rec.encoder-webgpu': 'src/encoder/transformers-module.ts' }, 'es', { outDir: dist });
  await buildEntries({ index: 'src/index.ts', element: 'src/element.ts', react: 'src/react/index.ts' }, 'es', {
    outDir: dist,
    external: ['react', 'react/jsx-runtime'],
    // The component uses hooks: a React Server Components bundler (Next.js's app router) must treat
    // the module as a client boundary, or a page that imports it fails `next build` with
    // "(0, f.useState) is not a function". A directive in the source would be dropped by bundling.
    banner: { react: "'use client';" },
  });
  await buildEntries({ 'inpage-rec': 'src/embed/script.ts' }, 'iife', { outDir: dist });
  emitTypes();
  copyAssets();
  await writeStylesheet();
  // The Node build CLI (`inpage-rec build`), after copyAssets: it finds its model in dist/models/.
  await buildCli(dist);
  await buildServer(dist);
  buildDemoVectors();
  await compressDist();
}

/**
 * Writes `.br` and `.gz` beside every compressible file in dist/ (src/cli/compress.ts), so the
 * project's server (tools/serve.ts) and any static host with precompressed-file support send a
 * first visit ~11 MB instead of ~35 MB. Cached in .cache/compressed/ by content hash: brotli
 * quality 11 of the 27 MB WASM takes one to two minutes, once per onnxruntime-web version. The
 * package ships only the WASM's `.br` (see package.json "files"); `inpage-rec assets` writes the
 * rest in the site's folder.
 */
export async function compressDist(): Promise<void> {
  // Not the Node modules (the CLI, the server entry): no browser fetches them.
  const node = new Set([join(dist, 'cli.js'), join(dist, 'server.js')]);
  const files = compressibleFiles(dist).filter((f) => !node.has(f));
  await compressFiles(files, { cacheDir: join(root, '.cache', 'compressed') });
}

/**
 * The demo's prebuilt vectors, made the way a site's build would make them: `inpage-rec build` on
 * the demo catalog with its invented order logs (tools/demo-catalog/orders.ts). Built into
 * .cache/demo-vectors (incremental: an unchanged catalog embeds nothing) and copied to
 * dist/demo/vectors/, which the demo pages load.
 */
function buildDemoVectors(): void {
  const out = join(root, '.cache', 'demo-vectors');
  const catalog = join(root, 'public', 'demo', 'catalog.json');
  // The shop's invented order logs: "frequently bought together" on the product pages.
  const orders = join(root, '.cache', 'demo-orders.csv');
  mkdirSync(dirname(orders), { recursive: true }); // a fresh checkout has no .cache/ yet
  writeFileSync(orders, demoOrders(JSON.parse(readFileSync(catalog, 'utf8'))));
  // No --learned-space: the demo's orders are invented (department bundles), and a space learned
  // from them would show visitors an artefact of the generator rather than of shoppers (issue 28).
  const args = ['build', catalog, '--out', out, '--no-progress', '--interactions', orders];
  execFileSync(process.execPath, [join(dist, 'cli.js'), ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  cpSync(out, join(dist, 'demo', 'vectors'), { recursive: true });
}

/**
 * Declarations for the three ESM entries into dist/types/ (tools/tsconfig.types.json), one .d.ts
 * per source module, by the project's own compiler (TypeScript 7, `tsc --emitDeclarationOnly`); then
 * the server entry's (tools/tsconfig.server-types.json: with Node's types, which the browser
 * entries' declarations must not depend on) into the same folder, `types/server/index.d.ts`.
 * Not bundled per entry on purpose: the declaration bundlers need either Node 22
 * (rolldown-plugin-dts) or a second, JavaScript TypeScript 5/6 (rollup-plugin-dts, api-extractor),
 * since TypeScript 7 has no stable JS API yet; and unbundled, a type shared by two entries
 * (Recommender, InpageRecError) is one declaration, not a copy per entry. The emitted imports keep
 * their `.ts` extension, which TypeScript accepts in declaration files under every resolution mode.
 */
export function emitTypes(): void {
  const tsc = join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
  for (const config of ['tsconfig.types.json', 'tsconfig.server-types.json']) {
    execFileSync(process.execPath, [tsc, '-p', join(root, 'tools', config)], { stdio: 'inherit' });
  }
}

/**
 * Writes the widget's stylesheet beside the library, as `inpage-rec.css`: pages whose browser has
 * no constructable stylesheets link it (src/ui/stylesheet.ts). It is the very CSS the bundles carry
 * (minified by the same build), read from the built element entry, which imports in Node.
 */
async function writeStylesheet(): Promise<void> {
  const element = (await import(pathToFileURL(join(dist, 'element.js')).href)) as { WIDGET_CSS: string };
  writeFileSync(join(dist, 'inpage-rec.css'), element.WIDGET_CSS);
}

/** Copies the model folder, the ORT WASM files and the demo (public/) into `dist/`. */
export function copyAssets(): void {
  const model = join(root, 'models', 'use-lite-en');
  if (!existsSync(join(model, 'onnx', 'model_quantized.onnx')))
    throw new Error('models/use-lite-en is missing: run `npm install` (or `npm run build:model`)');
  for (const f of [
    'config.json',
    'tokenizer.json',
    'tokenizer_config.json',
    'onnx/model.onnx',
    'onnx/model_quantized.onnx',
    'manifest.json',
  ]) {
    mkdirSync(dirname(join(dist, 'models', 'use-lite-en', f)), { recursive: true });
    cpSync(join(model, f), join(dist, 'models', 'use-lite-en', f));
  }
  // The package does not export package.json; its main entry lives in dist/ beside the WASM files.
  const ortDist = dirname(require.resolve('onnxruntime-web'));
  mkdirSync(join(dist, 'ort'), { recursive: true });
  for (const f of ORT_FILES) cpSync(join(ortDist, f), join(dist, 'ort', f));
  writeFileManifest(join(dist, 'ort'), ORT_FILES);
  if (existsSync(join(root, 'public'))) cpSync(join(root, 'public'), dist, { recursive: true });
}

/**
 * `folder/manifest.json` with the size and SHA-256 of `files`: `inpage-rec assets` checks the WASM
 * it restores from the package's `.br` against it (the model folder has its own manifest).
 */
function writeFileManifest(folder: string, files: readonly string[]): void {
  const manifest: FileManifest = { files: {} };
  for (const f of files) {
    const bytes = readFileSync(join(folder, f));
    manifest.files[f] = { size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  }
  writeFileSync(join(folder, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = Date.now();
  await buildAll();
  console.log(`built dist/ in ${Date.now() - t0} ms`);
}
