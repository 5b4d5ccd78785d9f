/**
 * Precompressed siblings (`file.br`, `file.gz`) for static assets, so a server sends a compressed
 * file without compressing on every request: nginx `gzip_static`/`brotli_static`, sirv (the
 * project's server), Caddy `precompressed`, Netlify and Cloudflare Pages pick them by
 * Accept-Encoding. Used by the project build (tools/build.ts, with a cache) and by
 * `inpage-rec assets`.
 *
 * Brotli settings, measured on this machine (Node 20 zlib, 2-core EPYC, busy):
 *   ort-wasm-simd-threaded.asyncify.wasm, 26.9 MB: quality 9 -> 4.70 MB (6 s), quality 11 with a
 *     16 MB window -> 3.88 MB (~95 s), gzip -9 -> 6.63 MB (2 s). Every visitor downloads it, so the
 *     compressible files get quality 11 once at build time.
 *   model_quantized.onnx, 7.2 MB (int8 weights): quality 5 -> 6.46 MB (0.2 s), quality 11 -> 6.44 MB
 *     (27 s). Weights and vectors hardly compress, so `.onnx` and `.bin` get quality 5.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { writeFileAtomic } from './safe-write.ts';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Extensions that get `.br` and `.gz` siblings. */
export const COMPRESSIBLE = ['.wasm', '.onnx', '.js', '.mjs', '.json', '.jsonl', '.bin', '.css', '.html', '.svg'];
/** Binary weights and vectors: a fast brotli quality, since higher ones gain < 0.5% (see above). */
const DENSE = ['.onnx', '.bin'];

/** Whether `file` is a file we write siblings for. */
export function isCompressible(file: string): boolean {
  return COMPRESSIBLE.some((ext) => file.endsWith(ext));
}

function brotliQuality(file: string): number {
  return DENSE.some((ext) => file.endsWith(ext)) ? 5 : 11;
}

/** Bytes of one file and its siblings, as written. */
export interface Compressed {
  file: string;
  bytes: number;
  /** Absent when compressing did not make the file smaller (no sibling is written then). */
  br?: number;
  gz?: number;
}

/** Options of `compressFile`. */
export interface CompressOptions {
  /** A folder caching the output by content hash: brotli quality 11 of the WASM takes a minute or two. */
  cacheDir?: string;
  /** The file's brotli bytes when they exist already (the package ships the WASM only as `.br`). */
  brotli?: Buffer;
}

/** `make(bytes)`, read from `cacheDir` when it holds the output for these bytes and this `kind`. */
async function cached(bytes: Buffer, kind: string, cacheDir: string | undefined, make: () => Promise<Buffer>): Promise<Buffer> {
  const key = cacheDir && join(cacheDir, `${createHash('sha256').update(bytes).digest('hex')}.${kind}`);
  if (key && existsSync(key)) return readFileSync(key);
  const out = await make();
  if (key) {
    mkdirSync(cacheDir, { recursive: true });
    await writeFileAtomic(key, out);
  }
  return out;
}

function brotliOf(bytes: Buffer, quality: number, cacheDir: string | undefined): Promise<Buffer> {
  return cached(bytes, `q${quality}.br`, cacheDir, () =>
    brotli(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: quality,
        // 24 = a 16 MB window, the largest every browser decodes; it helps the 27 MB WASM.
        [constants.BROTLI_PARAM_LGWIN]: 24,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }),
  );
}

/**
 * Writes `path.br` and `path.gz` beside `path`. A sibling that would not be smaller than the file
 * is not written (and an old one is removed), so a server never prefers a larger variant. Each is
 * written through a temporary file and a rename: a link planted as `path.br` is replaced, never
 * written through.
 */
export async function compressFile(path: string, options: CompressOptions = {}): Promise<Compressed> {
  const bytes = readFileSync(path);
  const [br, gzipped] = await Promise.all([
    options.brotli ?? brotliOf(bytes, brotliQuality(path), options.cacheDir),
    cached(bytes, 'gz9.gz', options.cacheDir, () => gz(bytes, { level: 9 })),
  ]);
  const result: Compressed = { file: path, bytes: bytes.length };
  for (const [ext, out] of [
    ['br', br],
    ['gz', gzipped],
  ] as const) {
    if (out.length < bytes.length) {
      await writeFileAtomic(`${path}.${ext}`, out);
      result[ext] = out.length;
    } else rmSync(`${path}.${ext}`, { force: true });
  }
  return result;
}

/** Every compressible file under `dir` (recursively), not counting existing siblings. */
export function compressibleFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const path = join(dir, entry);
    if (isCompressible(entry) && statSync(path).isFile()) out.push(path);
  }
  return out.sort();
}

/**
 * Compresses `files`, at most `concurrency` at a time (zlib runs them on libuv's thread pool;
 * more than the core count only adds memory).
 */
export async function compressFiles(
  files: readonly string[],
  options: CompressOptions & { concurrency?: number } = {},
): Promise<Compressed[]> {
  const results: Compressed[] = new Array(files.length);
  let next = 0;
  const lane = async () => {
    while (next < files.length) {
      const i = next++;
      results[i] = await compressFile(files[i]!, options);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 2) }, lane));
  return results;
}
