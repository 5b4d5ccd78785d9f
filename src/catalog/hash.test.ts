import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sha256, sha256TextHex } from '../digest/sha256.ts';
import { ErrorCodes } from '../errors.ts';
import { contentHash, contentHashNow, hashTexts } from './hash.ts';

const nodeSha = (s: string | Uint8Array) => createHash('sha256').update(s).digest('hex');
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('contentHash', () => {
  it('is the first 32 hex chars of SHA-256(modelKey NUL text)', async () => {
    const h = await contentHash('Trail Shoe', 'use-lite-en:512');
    expect(h).toBe(nodeSha('use-lite-en:512\u0000Trail Shoe').slice(0, 32));
    expect(h).toMatch(/^[0-9a-f]{32}$/);
  });

  it('changes with the text and with the model, and keeps the separator unambiguous', async () => {
    const base = await contentHash('abc', 'm:1');
    expect(await contentHash('abc', 'm:1')).toBe(base);
    expect(await contentHash('abd', 'm:1')).not.toBe(base);
    expect(await contentHash('abc', 'm:2')).not.toBe(base);
    expect(await contentHash('bc', 'm:1a')).not.toBe(await contentHash('abc', 'm:1'));
  });

  it('hashes UTF-8 (emoji, CJK) like Node does', async () => {
    expect(await contentHash('抹茶 🍵', 'k')).toBe(nodeSha('k\u0000抹茶 🍵').slice(0, 32));
  });

  it('rejects an empty model key', async () => {
    await expect(contentHash('x', '')).rejects.toMatchObject({ code: ErrorCodes.INVALID_OPTION });
  });
});

describe('contentHashNow', () => {
  it('is contentHash without the promise', async () => {
    for (const text of ['', 'item 1', 'Ünïcödé 日本語 🎮'])
      expect(contentHashNow(text, 'use-lite-en:512')).toBe(await contentHash(text, 'use-lite-en:512'));
  });

  it('hashes the key as a prefix of bytes: every padding boundary, long texts, and a change of key', () => {
    // Message lengths 0-200 bytes past the prefix cross each 64-byte block edge and the 56-byte
    // padding edge; the 9,000-byte text grows the scratch block; the keys alternate.
    const texts = [...Array.from({ length: 200 }, (_, n) => 'x'.repeat(n)), 'é'.repeat(4500), '🎮'.repeat(50)];
    for (const text of texts)
      for (const key of ['use-lite-en:128:q8', 'k']) expect(contentHashNow(text, key)).toBe(nodeSha(`${key}\u0000${text}`).slice(0, 32));
  });
});

describe('hashTexts', () => {
  it('hashes many texts in order, across batches', async () => {
    const texts = Array.from({ length: 600 }, (_, i) => `item ${i}`);
    const hashes = await hashTexts(texts, 'm');
    expect(hashes).toHaveLength(600);
    expect(hashes[0]).toBe(await contentHash('item 0', 'm'));
    expect(hashes[599]).toBe(await contentHash('item 599', 'm'));
    expect(new Set(hashes).size).toBe(600);
    expect(await hashTexts([], 'm')).toEqual([]);
  });

  describe('without crypto.subtle (pages served over plain http)', () => {
    afterEach(() => vi.unstubAllGlobals());

    it('falls back to the built-in SHA-256 and gives the same hashes', async () => {
      const texts = ['', 'a', 'Trail Shoe. Acme', '😀'.repeat(100)];
      const expected = await hashTexts(texts, 'use-lite-en:512');
      vi.stubGlobal('crypto', {});
      expect(globalThis.crypto.subtle).toBeUndefined();
      expect(await hashTexts(texts, 'use-lite-en:512')).toEqual(expected);
    });
  });
});

describe('sha256 fallback', () => {
  it('matches node:crypto across padding boundaries and multi-block inputs', () => {
    for (const len of [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000]) {
      const data = new Uint8Array(len).map((_, i) => (i * 31 + len) & 0xff);
      expect(hex(sha256(data))).toBe(nodeSha(data));
    }
  });

  it('reuses its scratch safely: a long input, then short ones, then a longer one give what node:crypto gives', () => {
    for (const len of [5000, 3, 64, 9000, 0, 70]) {
      const data = new Uint8Array(len).map((_, i) => (i * 7 + len) & 0xff);
      expect(hex(sha256(data))).toBe(nodeSha(data));
    }
  });

  it('sha256TextHex hashes UTF-8 text (and cuts the hex) as node:crypto does', () => {
    for (const text of ['', 'abc', 'é😀漢字', 'x'.repeat(3000), '\u0000\uffff', 'a\ud800b']) {
      expect(sha256TextHex(text)).toBe(nodeSha(text));
      expect(sha256TextHex(text, 32)).toBe(nodeSha(text).slice(0, 32));
    }
  });

  it('matches the FIPS 180-4 "abc" vector', () => {
    expect(hex(sha256(new TextEncoder().encode('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
