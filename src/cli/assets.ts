/**
 * `inpage-rec assets <dir>`: copies the files a browser fetches at run time (the worker, the model,
 * onnxruntime-web's WASM, the stylesheet and the script-tag bundle) out of the installed package
 * into a folder the site serves, e.g. `public/inpage-rec/`, with `.br`/`.gz` siblings.
 *
 * Why a copy step and not `new URL('./file', import.meta.url)`: the worker loads the model and the
 * WASM by URL at run time (transformers.js and onnxruntime-web build those URLs themselves), so no
 * bundler can see or emit them; they must be served as plain files anyway. One folder and one
 * `assetsBase` then work the same in Vite (dev and build), webpack, Next.js or a plain server,
 * where a bundler-specific worker rewrite would still leave the model and the WASM behind (and
 * Vite's dependency pre-bundling breaks `import.meta.url` inside packages in dev). The site also
 * keeps control of caching and compression of the 34 MB these files weigh.
 *
 * The npm package ships the 27 MB WASM only as its brotli file (3.9 MB), to stay small on install;
 * this command restores the WASM byte for byte and checks every file against its manifest.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync } from 'node:zlib';
import { DEFAULT_MODEL } from '../encoder/registry.ts';
import { createError, ErrorCodes } from '../errors.ts';
import { type Compressed, compressFile, isCompressible } from './compress.ts';
import { missingWeightsError, modelFileFor } from './model-files.ts';
import { checkFolderTarget, ensureFolder, writeFileAtomic } from './safe-write.ts';

/** Files beside the library entries that a page fetches (the script-tag bundle finds the rest beside itself). */
export const LIBRARY_FILES = [
  'inpage-rec.worker.js',
  'inpage-rec.encoder.js',
  'inpage-rec.encoder-webgpu.js',
  'inpage-rec.js',
  'inpage-rec.css',
];
/** Model files the browser fetches besides the weights (manifest.json verifies them). */
export const MODEL_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'manifest.json'];
/** Lists the onnxruntime-web files with their size and SHA-256 (written by tools/build.ts). */
export const ORT_MANIFEST = 'ort/manifest.json';

/** A manifest: expected size and SHA-256 per file, relative to its folder. */
export interface FileManifest {
  files: Record<string, { size: number; sha256: string }>;
}

/** Options of `copyAssets`. */
export interface AssetsOptions {
  /** Destination folder, created when missing. */
  out: string;
  dtype: 'q8' | 'fp32';
  /** Folder holding model folders (default: the package's `dist/models`). */
  modelsDir?: string;
  /** Write `.br` and `.gz` siblings (default true). */
  compress?: boolean;
  /** The package's `dist/` (default: found from this module, see `packageDist`). */
  dist?: string;
}

/** What `copyAssets` wrote. */
export interface AssetsSummary {
  out: string;
  model: string;
  dtype: 'q8' | 'fp32';
  /** Paths relative to `out`, with their size and (when written) their siblings' sizes. */
  files: { path: string; bytes: number; br?: number; gz?: number }[];
  bytes: number;
  brBytes: number;
  gzBytes: number;
}

/**
 * The package's `dist/`: the folder of the bundled `dist/cli.js`, or the repository's `dist/` when
 * this runs from `src/cli/` (after `npm run build`).
 */
export function packageDist(moduleUrl: string = import.meta.url): string {
  const here = dirname(fileURLToPath(moduleUrl));
  const found = [here, resolve(here, '..', '..', 'dist')].find((d) => existsSync(join(d, 'inpage-rec.worker.js')));
  if (!found)
    throw createError(ErrorCodes.INVALID_OPTION, `inpage-rec.worker.js is not beside ${here}: build the package first (npm run build)`);
  return found;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function readManifest(path: string): FileManifest {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as FileManifest;
  } catch (err) {
    throw createError(
      ErrorCodes.INVALID_OPTION,
      `cannot read ${path}: is the inpage-rec package complete? (${(err as Error).message})`,
      err,
    );
  }
}

/** Throws unless `bytes` are what `manifest` records for `name` (a truncated or stale copy never ships). */
function verify(bytes: Buffer, manifest: FileManifest, name: string, where: string): void {
  const want = manifest.files[name];
  if (!want) throw createError(ErrorCodes.INVALID_OPTION, `${where} does not list ${name}`);
  if (bytes.length !== want.size || sha256(bytes) !== want.sha256)
    throw createError(
      ErrorCodes.MODEL_FAILED,
      `${name} does not match ${where} (${bytes.length} bytes, expected ${want.size}): reinstall the package`,
    );
}

/** A file to write: its bytes, and its brotli bytes when the package holds them already. */
interface Asset {
  rel: string;
  bytes: Buffer;
  brotli?: Buffer;
}

/**
 * Reads `src`, or restores it from `src.br` when only that exists (the package's WASM). An existing
 * `src.br` that decodes to the same bytes is reused, saving quality-11 brotli work.
 */
function readAsset(rel: string, src: string): Asset {
  const packed = existsSync(`${src}.br`) ? readFileSync(`${src}.br`) : undefined;
  if (!existsSync(src)) {
    if (!packed) throw createError(ErrorCodes.INVALID_OPTION, `${src} is missing: is the inpage-rec package complete?`);
    return { rel, bytes: brotliDecompressSync(packed), brotli: packed };
  }
  const bytes = readFileSync(src);
  return { rel, bytes, brotli: packed && brotliDecompressSync(packed).equals(bytes) ? packed : undefined };
}

/**
 * Copies the browser's files into `options.out` (see the file comment); returns what it wrote.
 * Every file is written through a temporary file and a rename, and a folder inside `out` planted
 * as a link is refused (safe-write.ts): nothing outside `out` is ever written.
 */
export async function copyAssets(options: AssetsOptions): Promise<AssetsSummary> {
  // Before reading and decompressing 34 MB: a destination that cannot be a folder fails at once.
  checkFolderTarget(options.out, 'the destination');
  const dist = options.dist ?? packageDist();
  const out = resolve(options.out);
  const model = DEFAULT_MODEL;
  const modelDir = join(options.modelsDir ?? join(dist, 'models'), model);
  const weights = modelFileFor(options.dtype);
  if (!existsSync(join(modelDir, weights)))
    throw missingWeightsError(options.dtype, join(modelDir, weights), options.modelsDir !== undefined);

  const assets = LIBRARY_FILES.map((f) => readAsset(f, join(dist, f)));
  const modelManifest = readManifest(join(modelDir, 'manifest.json'));
  for (const f of [...MODEL_FILES, weights]) {
    const asset = readAsset(join('models', model, f), join(modelDir, f));
    if (f !== 'manifest.json') verify(asset.bytes, modelManifest, f, join(modelDir, 'manifest.json'));
    assets.push(asset);
  }
  const ortManifest = readManifest(join(dist, ORT_MANIFEST));
  for (const name of Object.keys(ortManifest.files)) {
    const asset = readAsset(join('ort', name), join(dist, 'ort', name));
    verify(asset.bytes, ortManifest, name, join(dist, ORT_MANIFEST));
    assets.push(asset);
  }
  // Every folder first, so a planted link among them refuses the copy before any file is written.
  for (const rel of new Set(assets.map((a) => dirname(a.rel)))) ensureFolder(out, rel, 'the destination');
  const written: string[] = [];
  for (const a of assets) {
    written.push(join(out, a.rel));
    await writeFileAtomic(join(out, a.rel), a.bytes);
  }

  // Without compression, siblings left by an earlier run would be stale copies a server prefers.
  if (options.compress === false) for (const path of written) for (const ext of ['.br', '.gz']) rmSync(path + ext, { force: true });
  const sizes: Compressed[] =
    options.compress === false
      ? assets.map((a, i) => ({ file: written[i]!, bytes: a.bytes.length }))
      : await Promise.all(
          assets.map((a, i) =>
            isCompressible(a.rel)
              ? compressFile(written[i]!, { brotli: a.brotli })
              : Promise.resolve({ file: written[i]!, bytes: a.bytes.length }),
          ),
        );
  const files = sizes.map(({ file, ...s }) => ({ path: file.slice(out.length + 1), ...s }));
  const sum = (pick: (f: (typeof files)[number]) => number | undefined) => files.reduce((s, f) => s + (pick(f) ?? f.bytes), 0);
  return {
    out,
    model,
    dtype: options.dtype,
    files,
    bytes: sum(() => undefined),
    brBytes: sum((f) => f.br),
    gzBytes: sum((f) => f.gz),
  };
}
