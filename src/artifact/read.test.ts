import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../errors.ts';
import { readHashes, readKeys } from './read.ts';

/** A `keys` section (format.ts): u32 end offsets, then the UTF-8 keys. */
function keysSection(keys: readonly string[]): Uint8Array {
  const text = new TextEncoder().encode(keys.join(''));
  const out = new Uint8Array(4 * keys.length + text.byteLength);
  const view = new DataView(out.buffer);
  let end = 0;
  keys.forEach((k, i) => {
    end += new TextEncoder().encode(k).byteLength;
    view.setUint32(4 * i, end, true);
  });
  out.set(text, 4 * keys.length);
  return out;
}

describe('readKeys and readHashes', () => {
  it('decode the same fetched bytes once: a head and the whole artifact share the arrays', () => {
    const bytes = keysSection(['a', 'bb', 'é']);
    const first = readKeys(bytes, 3, 'f.bin');
    expect(first).toEqual(['a', 'bb', 'é']);
    expect(readKeys(bytes, 3, 'f.bin')).toBe(first);
    // Other bytes, even equal ones, are decoded on their own.
    const copy = readKeys(bytes.slice(), 3, 'f.bin');
    expect(copy).toEqual(first);
    expect(copy).not.toBe(first);
    const hashes = new Uint8Array(32).map((_, i) => i);
    const h = readHashes(hashes, 2, 'f.bin');
    expect(h).toEqual(['000102030405060708090a0b0c0d0e0f', '101112131415161718191a1b1c1d1e1f']);
    expect(readHashes(hashes, 2, 'f.bin')).toBe(h);
  });

  it('check the bytes against the count asked, whatever was decoded before', () => {
    const bytes = keysSection(['a', 'bb']);
    readKeys(bytes, 2, 'f.bin');
    expect(() => readKeys(bytes, 3, 'f.bin')).toThrow(expect.objectContaining({ code: ErrorCodes.ARTIFACT_INVALID }));
    expect(() => readHashes(new Uint8Array(32), 3, 'f.bin')).toThrow(/expected 48/);
  });
});
