import { describe, expect, it } from 'vitest';
import { fromHex, toHex, wordsToHex } from './hex.ts';

describe('hex', () => {
  it('toHex writes two lowercase digits per byte, as Node does, and fromHex reads them back', () => {
    let seed = 5;
    for (let n = 0; n < 200; n++) {
      const bytes = Uint8Array.from({ length: n % 70 }, () => {
        seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
        return seed >>> 24;
      });
      const hex = toHex(bytes);
      expect(hex).toBe(Buffer.from(bytes).toString('hex'));
      expect(fromHex(hex)).toEqual(bytes);
    }
  });

  it('wordsToHex reads 32-bit words big-endian and cuts at any length', () => {
    const words = Uint32Array.of(0x0123abcd, 0xfedc0001, 0);
    expect(wordsToHex(words, 24)).toBe('0123abcdfedc000100000000');
    expect(wordsToHex(words, 11)).toBe('0123abcdfed');
    expect(wordsToHex(words, 0)).toBe('');
  });
});
