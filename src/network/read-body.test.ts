import { describe, expect, it } from 'vitest';
import { declaredLength, MAX_PREALLOCATED_BYTES, readAll } from './read-body.ts';

/** A stream of `chunks` as given. */
function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(c);
      controller.close();
    },
  });
}

/**
 * A byte stream (what a fetch body is in Chromium and Node) serving `all` in reads of at most
 * `size` bytes, written into the reader's own buffer when it gives one. `inPlace` counts those.
 */
function byteStreamOf(all: Uint8Array, size: number, error?: Error): { stream: ReadableStream<Uint8Array>; inPlace: () => number } {
  let at = 0;
  let inPlace = 0;
  const stream = new ReadableStream({
    type: 'bytes',
    pull(controller) {
      if (at >= all.length) {
        if (error) return controller.error(error);
        controller.close();
        controller.byobRequest?.respond(0);
        return;
      }
      const request = controller.byobRequest;
      if (request?.view) {
        const n = Math.min(size, all.length - at, request.view.byteLength);
        new Uint8Array(request.view.buffer, request.view.byteOffset, n).set(all.subarray(at, at + n));
        at += n;
        inPlace += 1;
        request.respond(n);
        return;
      }
      const n = Math.min(size, all.length - at);
      controller.enqueue(all.slice(at, at + n));
      at += n;
    },
  });
  return { stream: stream as ReadableStream<Uint8Array>, inPlace: () => inPlace };
}

const bytes = (n: number, from = 0) => Uint8Array.from({ length: n }, (_, i) => (from + i) % 251);
const chunked = (all: Uint8Array, size: number) =>
  Array.from({ length: Math.ceil(all.length / size) }, (_, i) => all.slice(i * size, (i + 1) * size));

describe('readAll', () => {
  it('reads a body of the declared length into one buffer of exactly that length', async () => {
    const all = bytes(10_000);
    const out = await readAll(streamOf(chunked(all, 999)), all.length);
    expect(out).toEqual(all);
    expect(out.buffer.byteLength).toBe(all.length);
  });

  it('reads a body longer than declared (a hidden Content-Encoding) whole, as chunks from where it overflowed', async () => {
    const all = bytes(10_000, 7);
    expect(await readAll(streamOf(chunked(all, 999)), 2_500)).toEqual(all);
    expect(await readAll(streamOf(chunked(all, 999)), 0)).toEqual(all);
  });

  it('trims a body shorter than declared, and reads one with no declared length', async () => {
    const all = bytes(3_000, 3);
    const short = await readAll(streamOf(chunked(all, 1_000)), 5_000);
    expect(short).toEqual(all);
    expect(short.buffer.byteLength).toBe(all.length);
    expect(await readAll(streamOf(chunked(all, 1_000)))).toEqual(all);
    expect(await readAll(streamOf([]), 100)).toEqual(new Uint8Array(0));
  });

  it('rejects with the stream error', async () => {
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error('cut'));
      },
    });
    await expect(readAll(failing, 10)).rejects.toThrow('cut');
  });
});

describe('readAll over a byte stream (a fetch body)', () => {
  it('has the network write into one buffer of the declared length', async () => {
    const all = bytes(30_000, 5);
    const { stream, inPlace } = byteStreamOf(all, 4_000);
    const out = await readAll(stream, all.length);
    expect(out).toEqual(all);
    expect(out.buffer.byteLength).toBe(all.length);
    // Every read after the first (which sizes nothing up front) lands in place.
    expect(inPlace()).toBeGreaterThanOrEqual(Math.ceil(all.length / 4_000));
  });

  it('reads a body longer or shorter than declared whole, and an empty one', async () => {
    const all = bytes(30_000, 9);
    expect(await readAll(byteStreamOf(all, 4_000).stream, 10_000)).toEqual(all);
    expect(await readAll(byteStreamOf(all, 4_000).stream, 10)).toEqual(all);
    const short = await readAll(byteStreamOf(all, 4_000).stream, 50_000);
    expect(short).toEqual(all);
    expect(short.buffer.byteLength).toBe(all.length);
    expect(await readAll(byteStreamOf(new Uint8Array(0), 10).stream, 100)).toEqual(new Uint8Array(0));
  });

  it('rejects with the stream error, and lets the guard see every read', async () => {
    await expect(readAll(byteStreamOf(bytes(1_000), 100, new Error('cut')).stream, 2_000)).rejects.toThrow('cut');
    let reads = 0;
    const guard = <T>(read: Promise<T>) => {
      reads += 1;
      return read;
    };
    await readAll(byteStreamOf(bytes(1_000), 100).stream, 1_000, guard);
    expect(reads).toBeGreaterThanOrEqual(10);
  });
});

describe('declaredLength', () => {
  it('is the Content-Length of an uncompressed body within the bound, else undefined', () => {
    expect(declaredLength(new Headers({ 'content-length': '1234' }))).toBe(1234);
    expect(declaredLength(new Headers({ 'content-length': '1234', 'content-encoding': 'br' }))).toBeUndefined();
    expect(declaredLength(new Headers())).toBeUndefined();
    expect(declaredLength(new Headers({ 'content-length': 'x' }))).toBeUndefined();
    expect(declaredLength(new Headers({ 'content-length': String(MAX_PREALLOCATED_BYTES + 1) }))).toBeUndefined();
    expect(declaredLength(new Headers({ 'content-length': '4e9' }))).toBeUndefined();
  });
});
