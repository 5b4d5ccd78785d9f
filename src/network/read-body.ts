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
  const body = new BodyBytes(expected);
  const byob = expected !== undefined && expected > 0 ? byobReader(stream) : undefined;
  if (byob) {
    for (;;) {
      // Into the declared buffer where it has room; else (before the first byte, after an
      // overflow) into a spare buffer, handed on as a chunk.
      const room = body.room();
      const { done, value } = await guard(byob.read(room ?? new Uint8Array(SPARE_READ_BYTES)));
      // A read transfers the buffer it was given: the bytes so far are in `value`'s buffer now.
      if (room && value) body.wrote(value.buffer, value.byteLength);
      if (done || !value) break;
      if (!room) body.add(value);
    }
    return body.bytes();
  }
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await guard(reader.read());
    if (done) break;
    body.add(value);
  }
  return body.bytes();
}

/** A reader that reads into buffers the caller gives, where the stream is a byte stream. */
function byobReader(stream: ReadableStream<Uint8Array>): ReadableStreamBYOBReader | undefined {
  try {
    return stream.getReader({ mode: 'byob' });
  } catch {
    return undefined; // not a byte stream: TypeError, and the stream stays unlocked
  }
}

/** A body's bytes as they arrive: in one buffer of the declared length while they fit, else as chunks. */
class BodyBytes {
  private into: Uint8Array<ArrayBuffer> | undefined;
  private at = 0;
  private readonly chunks: Uint8Array[] = [];
  private length = 0;
  /** Whether the declared buffer was asked for already (it is asked for once, at the first byte). */
  private allocated = false;

  constructor(private readonly expected: number | undefined) {}

  /** The declared buffer's part still to fill, for a reader that writes in place; undefined when there is none. */
  room(): Uint8Array<ArrayBuffer> | undefined {
    return this.into && this.at < this.into.length ? this.into.subarray(this.at) : undefined;
  }

  /** `n` bytes were written into `room()`, whose memory the read moved to `buffer`. */
  wrote(buffer: ArrayBuffer, n: number): void {
    this.into = new Uint8Array(buffer);
    this.at += n;
  }

  /** A chunk that arrived in a buffer of its own: copied into place, or kept as a chunk once the body outgrew its declared length. */
  add(chunk: Uint8Array): void {
    // Allocated at the first byte, not on the headers' word alone.
    if (!this.allocated && this.expected !== undefined) {
      this.allocated = true;
      this.into = allocate(this.expected);
    }
    if (this.into && this.at + chunk.byteLength <= this.into.length) {
      this.into.set(chunk, this.at);
      this.at += chunk.byteLength;
      return;
    }
    if (this.into) {
      // Longer than declared: what is in place becomes the first chunk.
      this.chunks.push(this.into.subarray(0, this.at));
      this.length = this.at;
      this.into = undefined;
    }
    this.chunks.push(chunk);
    this.length += chunk.byteLength;
  }

  /** Every byte, in one array (the declared buffer itself when the body filled it exactly). */
  bytes(): Uint8Array {
    if (this.into) return this.at === this.into.length ? this.into : this.into.slice(0, this.at);
    return joined(this.chunks, this.length);
  }
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
