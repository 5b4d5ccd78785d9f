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
