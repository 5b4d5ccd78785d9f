/**
 * SHA-256 for browsers, workers and Node 20: `crypto.subtle` where the scope has it, else the small
 * implementation below. Browsers only expose `crypto.subtle` in secure contexts (https, localhost),
 * and a page served over plain http must still verify and hash the same way.
 */
import { toHex, wordsToHex } from './hex.ts';

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be,
  0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa,
  0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85,
  0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
  0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
  0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

/**
 * Scratch reused by every digest: a first visit hashes every item's text (100k at a time), and a
 * padded copy, a message schedule and a state per call were 600k ArrayBuffers of garbage there.
 * JavaScript is single-threaded per scope and nothing here awaits, so one set per scope is safe.
 */
let block = new Uint8Array(4096);
const W = new Uint32Array(64);
const H = new Uint32Array(8);

/** `block`, grown to hold a message of `length` bytes with its padding. */
function blockFor(length: number): Uint8Array {
  const need = Math.ceil((length + 9) / 64) * 64;
  if (block.length < need) block = new Uint8Array(Math.max(need, block.length * 2));
  return block;
}

/**
 * SHA-256 (FIPS 180-4) of the first `length` bytes of `buf` (from `blockFor(length)`) into `H`.
 * Pads in place: a 1 bit, zeros, then the bit length as a 64-bit big-endian number, to a multiple
 * of 64 bytes.
 */
function digestBlock(buf: Uint8Array, length: number): void {
  const end = Math.ceil((length + 9) / 64) * 64;
  buf[length] = 0x80;
  buf.fill(0, length + 1, end - 8);
  const bits = length * 8;
  const high = Math.floor(bits / 2 ** 32);
  const low = bits >>> 0;
  for (let i = 0; i < 4; i++) {
    buf[end - 8 + i] = (high >>> (24 - 8 * i)) & 0xff;
    buf[end - 4 + i] = (low >>> (24 - 8 * i)) & 0xff;
  }
  H.set([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const w = W;
  const h = H;
  for (let offset = 0; offset < end; offset += 64) {
    for (let i = 0; i < 16; i++) {
      const o = offset + i * 4;
      w[i] = (buf[o]! << 24) | (buf[o + 1]! << 16) | (buf[o + 2]! << 8) | buf[o + 3]!;
    }
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15]!;
      const b = w[i - 2]!;
      const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
      const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
      w[i] = w[i - 16]! + s0 + w[i - 7]! + s1;
    }
    let a = h[0]!,
      b = h[1]!,
      c = h[2]!,
      d = h[3]!,
      e = h[4]!,
      f = h[5]!,
      g = h[6]!,
      hh = h[7]!;
    for (let i = 0; i < 64; i++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) >>> 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    // Uint32Array stores wrap modulo 2^32, as the algorithm requires.
    h[0] = h[0]! + a;
    h[1] = h[1]! + b;
    h[2] = h[2]! + c;
    h[3] = h[3]! + d;
    h[4] = h[4]! + e;
    h[5] = h[5]! + f;
    h[6] = h[6]! + g;
    h[7] = h[7]! + hh;
  }
}

/** SHA-256 digest of `data` (FIPS 180-4), 32 bytes. */
export function sha256(data: Uint8Array): Uint8Array {
  const buf = blockFor(data.length);
  buf.set(data);
  digestBlock(buf, data.length);
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = (H[i >>> 2]! >>> (24 - 8 * (i & 3))) & 0xff;
  return out;
}

const utf8 = new TextEncoder();

/**
 * The first `hexChars` (at most 64) lowercase hex characters of SHA-256 of `text`'s UTF-8 bytes,
 * with no allocation but the result: what hashing every item of a catalog needs (catalog/hash.ts).
 */
export function sha256TextHex(text: string, hexChars = 64): string {
  // UTF-8 takes at most 3 bytes per UTF-16 code unit.
  const buf = blockFor(text.length * 3);
  const { written } = utf8.encodeInto(text, buf);
  digestBlock(buf, written);
  return wordsToHex(H, Math.min(hexChars, 64));
}

/** The SubtleCrypto of this scope, or undefined where the browser withholds it (insecure context). */
export function currentSubtle(): SubtleCrypto | undefined {
  return (globalThis as { crypto?: { subtle?: SubtleCrypto } }).crypto?.subtle;
}

/** SHA-256 of `bytes`, 32 bytes; `subtle` is injectable so tests can take the pure-JS path. */
export async function sha256Digest(bytes: Uint8Array, subtle: SubtleCrypto | undefined = currentSubtle()): Promise<Uint8Array> {
  if (subtle) return new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return sha256(bytes);
}

/** SHA-256 of `bytes` as 64 lowercase hex characters; `subtle` as in `sha256Digest`. */
export async function sha256Hex(bytes: Uint8Array, subtle: SubtleCrypto | undefined = currentSubtle()): Promise<string> {
  return toHex(await sha256Digest(bytes, subtle));
}
