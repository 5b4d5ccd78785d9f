/**
 * Embeds texts in Node with the library's own encoder, caching the vectors on disk under
 * `.cache/vectors/` (gitignored) so eval and bench runs after the first skip the model.
 *
 * The cache key is a hash of the model build stamp, dtype and every text in order: a changed text
 * rule, catalog or model gives a new file; nothing stale is ever read back. Cached files are
 * derived from research data and stay on this machine (never committed, never shipped).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEncoder } from '../src/encoder/index.ts';
import { MODELS_DIR, ROOT } from '../test/paths.ts';

export const CACHE_DIR = join(ROOT, '.cache', 'vectors');

/** Options for `embedCached`. */
export interface EmbedCachedOptions {
  /** A readable prefix for the cache file, e.g. `amazon-office-2014`. */
  name: string;
  /** Default `q8`, what the browser build ships. */
  dtype?: 'fp32' | 'q8';
  /** Called now and then while embedding (not when read from the cache). */
  onProgress?: (done: number, total: number) => void;
}

/** Vectors for `texts` (row i = texts[i]), L2-normalised, from the cache or the encoder. */
export interface EmbeddedTexts {
  vectors: Float32Array;
  dims: number;
  fromCache: boolean;
  /** Milliseconds spent embedding (0 when read from the cache). */
  ms: number;
  file: string;
}

/** Embeds `texts` with the default model, or reads the identical earlier result from disk. */
export async function embedCached(texts: readonly string[], options: EmbedCachedOptions): Promise<EmbeddedTexts> {
  const dtype = options.dtype ?? 'q8';
  const hash = createHash('sha256');
  hash.update(modelStamp()).update('\0').update(dtype).update('\0');
  for (const text of texts) hash.update(text).update('\0');
  const file = join(CACHE_DIR, `${options.name}-${dtype}-${hash.digest('hex').slice(0, 16)}.f32`);
  const meta = `${file}.json`;
  if (existsSync(file) && existsSync(meta)) {
    const { count, dims } = JSON.parse(readFileSync(meta, 'utf8')) as { count: number; dims: number };
    const buf = readFileSync(file);
    if (count === texts.length && buf.byteLength === count * dims * 4) {
      const vectors = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
      return { vectors, dims, fromCache: true, ms: 0, file };
    }
  }
  const encoder = await createEncoder({ modelBase: MODELS_DIR, dtype, batchSize: 32 });
  const start = performance.now();
  try {
    const vectors = await encoder.embed(texts, { onProgress: options.onProgress });
    const ms = performance.now() - start;
    mkdirSync(CACHE_DIR, { recursive: true });
    // Write then rename: an interrupted run never leaves a truncated file that looks valid.
    writeFileSync(`${file}.tmp`, new Uint8Array(vectors.buffer, vectors.byteOffset, vectors.byteLength));
    renameSync(`${file}.tmp`, file);
    writeFileSync(meta, JSON.stringify({ count: texts.length, dims: encoder.dims, model: encoder.spec.id, dtype }));
    return { vectors, dims: encoder.dims, fromCache: false, ms, file };
  } finally {
    await encoder.dispose();
  }
}

function modelStamp(): string {
  const stamp = join(MODELS_DIR, 'use-lite-en', 'build-stamp.json');
  if (!existsSync(stamp)) throw new Error(`${stamp} is missing: run npm install (it builds the model)`);
  return readFileSync(stamp, 'utf8');
}
