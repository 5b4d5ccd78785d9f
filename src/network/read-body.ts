/**
 * A response body read whole into one byte array.
 *
 * Why not chunks joined at the end: a 100k-item catalog (75 MB) was held twice at once, its chunks
 * and the joined copy, and the copy (~60 ms) ran after the last byte, on the way to the first
 * answer. When the length is known up front (a `Content-Length` and no `Content-Encoding`), the
 * bytes go into place as they arrive, while the download still runs: straight from the network
 * into the buffer where the stream is a byte stream (a fetch body in Chromium and Node), else
 * each chunk copied and let go. The chunks of a 72 MB body were ~72 MB of ArrayBuffers that no
 * one collected until the next major GC.
 */

/** Arms a watchdog around one pending read (stall-watch.ts); a read unwatched passes through. */
export type ReadGuard = <T>(read: Promise<T>) => Promise<T>;

const unguarded: ReadGuard = (read) => read;

/** Read size before the declared length is allocated, and after a body overflowed it. */
const SPARE_READ_BYTES = 64 * 1024;

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
export async function readAll(stream: ReadableStream<Uint8Array>, expected?: number, guard = unguarded): Promise<Uint8Array> {
  if (expected !== undefined && expected > 0) {
    const byob = byobReader(stream);
    if (byob) return readInPlace(byob, expected, guard);
  }
  const reader = stream.getReader();
  let into: Uint8Array | undefined;
  let at = 0;
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await guard(reader.read());
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

/** A reader that reads into buffers the caller gives, where the stream is a byte stream. */
function byobReader(stream: ReadableStream<Uint8Array>): ReadableStreamBYOBReader | undefined {
  try {
    return stream.getReader({ mode: 'byob' });
  } catch {
    return undefined; // not a byte stream: TypeError, and the stream stays unlocked
  }
}

/**
 * `readAll` over a byte stream: the network writes into the buffer of the declared length. Each
 * read transfers the buffer it was given, so `into` is re-bound to the returned view's buffer.
 */
async function readInPlace(reader: ReadableStreamBYOBReader, expected: number, guard: ReadGuard): Promise<Uint8Array> {
  let into: Uint8Array<ArrayBuffer> | undefined;
  let at = 0;
  let overflowed = false;
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const inPlace = into !== undefined && at < into.length;
    const target: Uint8Array<ArrayBuffer> = inPlace ? into!.subarray(at) : new Uint8Array(SPARE_READ_BYTES);
    const { done, value } = await guard(reader.read(target));
    if (inPlace && value) into = new Uint8Array(value.buffer);
    if (done || !value) break;
    if (inPlace) {
      at += value.byteLength;
      continue;
    }
    // Allocated at the first byte, not on the headers' word alone; once.
    if (!into && !overflowed && length === 0) {
      into = allocate(expected);
      if (into && value.byteLength <= into.length) {
        into.set(value);
        at = value.byteLength;
        continue;
      }
    }
    if (into) {
      // Longer than declared (or the first read already was): what is in place becomes the first chunk.
      chunks.push(into.subarray(0, at));
      length = at;
      into = undefined;
    }
    overflowed = true;
    chunks.push(value);
    length += value.byteLength;
  }
  if (into) return at === into.length ? into : into.slice(0, at);
  return joined(chunks, length);
}

/** A buffer of `n` bytes, or undefined when the allocation fails (the body then reads as chunks). */
function allocate(n: number): Uint8Array<ArrayBuffer> | undefined {
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
