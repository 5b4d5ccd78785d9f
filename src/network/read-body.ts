/**
 * A response body read whole into one byte array.
 *
 * Why not chunks joined at the end: a 100k-item catalog (75 MB) was held twice at once, its chunks
 * and the joined copy, and the copy (~60 ms) ran after the last byte, on the way to the first
 * answer. When the length is known up front (a `Content-Length` and no `Content-Encoding`), each
 * chunk is copied into place as it arrives and let go, while the download still runs.
 */

/** The largest body given one buffer up front on a server's word (a larger claim reads as chunks). */
export const MAX_PREALLOCATED_BYTES = 2 ** 30;

/**
 * The body's length when the headers state it exactly: a `Content-Length` without a
 * `Content-Encoding` (a compressed body's length is the compressed one). Undefined otherwise.
 */
export function declaredLength(headers: Headers): number | undefined {
  if (headers.get('content-encoding')) return undefined;
  const length = Number(headers.get('content-length') ?? Number.NaN);
  return Number.isSafeInteger(length) && length >= 0 && length <= MAX_PREALLOCATED_BYTES ? length : undefined;
}

/**
 * Every byte of `stream`, or its error. `expected`: the length the headers declare (see
 * `declaredLength`). A body that turns out longer (a cross-origin response may hide its
 * `Content-Encoding`) goes on as chunks; one that is shorter is trimmed.
 */
export async function readAll(stream: ReadableStream<Uint8Array>, expected?: number): Promise<Uint8Array> {
  const reader = stream.getReader();
  let into: Uint8Array | undefined;
  let at = 0;
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    // Allocated at the first byte, not on the headers' word alone; once (chunks, if any, mean it overflowed or failed).
    if (expected !== undefined && chunks.length === 0 && into === undefined) into = allocate(expected);
    if (into && at + value.byteLength <= into.length) {
      into.set(value, at);
      at += value.byteLength;
      continue;
    }
    if (into) {
      // Longer than declared: what was copied so far becomes the first chunk.
      chunks.push(into.subarray(0, at));
      length = at;
      into = undefined;
    }
    chunks.push(value);
    length += value.byteLength;
  }
  if (into) return at === into.length ? into : into.slice(0, at);
  return joined(chunks, length);
}

/** A buffer of `n` bytes, or undefined when the allocation fails (the body then reads as chunks). */
function allocate(n: number): Uint8Array | undefined {
  try {
    return new Uint8Array(n);
  } catch {
    return undefined;
  }
}

function joined(chunks: readonly Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]!.byteOffset === 0 && chunks[0]!.buffer.byteLength === length) return chunks[0]!;
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
