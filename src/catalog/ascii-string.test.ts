import { describe, expect, it } from 'vitest';
import { MAX_ASCII_RUN, shortAscii } from './ascii-string.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('shortAscii', () => {
  it('reads short ASCII runs as TextDecoder would', () => {
    for (const s of [
      '',
      'a',
      'steam-570',
      '0123456789abcdefghijklmnop',
      ' !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~\u007f',
      'x'.repeat(MAX_ASCII_RUN),
    ])
      expect(shortAscii(bytes(s))).toBe(s);
  });

  it('leaves to a decoder any byte over 0x7f and any run longer than MAX_ASCII_RUN', () => {
    expect(shortAscii(bytes('café'))).toBeUndefined();
    expect(shortAscii(bytes('東京'))).toBeUndefined();
    expect(shortAscii(new Uint8Array([0x61, 0xff]))).toBeUndefined(); // not UTF-8 at all: the decoder reports it
    expect(shortAscii(bytes('x'.repeat(MAX_ASCII_RUN + 1)))).toBeUndefined();
  });

  it('reads a run inside a larger buffer (a subarray) by its own bytes only', () => {
    const all = bytes('["id-1","id-22"]');
    expect(shortAscii(all.subarray(2, 6))).toBe('id-1');
    expect(shortAscii(all.subarray(9, 14))).toBe('id-22');
  });
});
