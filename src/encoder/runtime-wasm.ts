/**
 * onnxruntime-web's `.wasm` (26.9 MB; brotli 3.9 MB, gzip 6.6 MB), fetched by the worker and handed
 * to onnxruntime-web as bytes (browser-env.ts says why). A host that negotiates compression (nginx
 * `brotli_static`, Caddy `precompressed`, a CDN) sends it compressed by itself. One that cannot
 * (`vite preview`, `next start`, many plain static hosts) answers with the raw file: then the
 * request is dropped as soon as its headers say so, and the `.br` sibling (where this browser's
 * `DecompressionStream` reads brotli) or else the `.gz` one that `inpage-rec assets` writes is
 * fetched as plain bytes and decompressed here. No host configuration needed. A sibling that is
 * missing, fails, or does not decompress to the raw file's Content-Length (a stale one left from
 * another version) is skipped, and the raw file is fetched after all.
 */
import { createError, ErrorCodes, errorMessage } from '../errors.ts';
import type { FetchLike } from '../fetch-like.ts';

/** Sibling suffixes and their decompression formats, best first. */
const PACKED = [
  { suffix: '.br', format: 'brotli' },
  { suffix: '.gz', format: 'gzip' },
] as const;

/** The formats this browser's `DecompressionStream` reads, best first. */
function decodable(): (typeof PACKED)[number][] {
  return PACKED.filter(({ format }) => {
    try {
      new DecompressionStream(format as CompressionFormat);
      return true;
    } catch {
      return false;
    }
  });
}

/** A GET of `url` that answered OK; throws MODEL_FAILED naming the URL otherwise. */
async function get(fetchFn: FetchLike, url: string, signal?: AbortSignal): Promise<Response> {
  let response: Response;
  try {
    response = await fetchFn(url, signal ? { signal } : {});
  } catch (err) {
    throw createError(ErrorCodes.MODEL_FAILED, `onnxruntime-web file ${url} could not be fetched (${errorMessage(err)})`, err);
  }
  if (!response.ok) throw createError(ErrorCodes.MODEL_FAILED, `onnxruntime-web file ${url} answered HTTP ${response.status}`);
  return response;
}

/** The body of `response` (from `url`); throws MODEL_FAILED when the download breaks off. */
async function body(response: Response, url: string): Promise<ArrayBuffer> {
  try {
    return await response.arrayBuffer();
  } catch (err) {
    throw createError(ErrorCodes.MODEL_FAILED, `onnxruntime-web file ${url} download broke off (${errorMessage(err)})`, err);
  }
}

/** The `.br` or `.gz` sibling of `url`, decompressed, when it holds exactly `length` bytes. */
async function packedSibling(
  fetchFn: FetchLike,
  url: string,
  length: number,
  formats: readonly (typeof PACKED)[number][],
): Promise<ArrayBuffer | undefined> {
  for (const { suffix, format } of formats) {
    try {
      const response = await fetchFn(`${url}${suffix}`);
      if (!response.ok || !response.body) continue;
      // A host that labels the sibling with its own encoding has the browser undo it already.
      const encoding = response.headers.get('content-encoding');
      const stream =
        encoding && encoding !== 'identity'
          ? response.body
          : response.body.pipeThrough(new DecompressionStream(format as CompressionFormat));
      const bytes = await new Response(stream).arrayBuffer();
      if (bytes.byteLength === length) return bytes;
    } catch {
      // the next sibling, or the raw file
    }
  }
  return undefined;
}

/** onnxruntime-web's `.wasm` at `url`, compressed on the wire whatever the host (see the file comment). */
export async function fetchRuntimeWasm(fetchFn: FetchLike, url: string): Promise<ArrayBuffer> {
  const raw = new AbortController();
  const response = await get(fetchFn, url, raw.signal);
  const encoding = response.headers.get('content-encoding');
  const length = Number(response.headers.get('content-length') ?? Number.NaN);
  const formats = decodable();
  const encoded = encoding !== null && encoding !== 'identity';
  if (encoded || !Number.isSafeInteger(length) || formats.length === 0) return body(response, url);
  // The raw file is coming uncompressed: stop it before its 27 MB, and take a compressed sibling.
  raw.abort();
  return (await packedSibling(fetchFn, url, length, formats)) ?? body(await get(fetchFn, url), url);
}
