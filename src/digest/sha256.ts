/**
 * SHA-256 for browsers, workers and Node 20: `crypto.subtle` where the scope has it, else the small
 * implementation below. Browsers only expose `crypto.subtle` in secure contexts (https, localhost),
 * and a page served over plain http must still verify and hash the same way.
 */
import { toHex, wordsToHex } from './hex.ts';

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be,
  0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa,
  0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85,
  0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
  0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
  0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/**
 * Scratch reused by every digest: a first visit hashes every item's text (100k at a time), and a
 * padded copy, a message schedule and a state per call were 600k ArrayBuffers of garbage there.
 * JavaScript is single-threaded per scope and nothing here awaits, so one set per scope is safe.
 */
let block = new Uint8Array(4096);
const W = new Int32Array(64);
const H = new Int32Array(8);

/** `block`, grown to hold a message of `length` bytes with its padding. */
function blockFor(length: number): Uint8Array {
  const need = Math.ceil((length + 9) / 64) * 64;
  if (block.length < need) block = new Uint8Array(Math.max(need, block.length * 2));
  return block;
}

/**
 * Pads the first `length` bytes of `buf` in place (a 1 bit, zeros, then the bit length as a 64-bit
 * big-endian number) to a multiple of 64 bytes; returns that padded length.
 */
function pad(buf: Uint8Array, length: number): number {
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
  return end;
}

/** The message schedule of the 64-byte block of `buf` at `offset`, into `W`. */
function schedule(buf: Uint8Array, offset: number): void {
  const w = W;
  for (let i = 0; i < 16; i++) {
    const o = offset + i * 4;
    w[i] = (buf[o]! << 24) | (buf[o + 1]! << 16) | (buf[o + 2]! << 8) | buf[o + 3]!;
  }
  for (let i = 16; i < 64; i++) {
    const x = w[i - 15]!;
    const y = w[i - 2]!;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
  }
}

/**
 * SHA-256 (FIPS 180-4) of the first `length` bytes of `buf` (from `blockFor(length)`) into `H`.
 *
 * Every word is a signed 32-bit integer (`| 0` after each sum, the state in locals across blocks):
 * V8 then keeps them in registers. Unsigned words (`>>> 0`, a `Uint32Array` state) above 2^31 are
 * not small integers to V8 and went through doubles: Node, 100k Steam texts with the model key as
 * bytes (catalog/hash.ts), 197 -> 153 ms, the same digests.
 */
function digestBlock(buf: Uint8Array, length: number): void {
  const end = pad(buf, length);
  const w = W;
  let h0 = 0x6a09e667 | 0;
  let h1 = 0xbb67ae85 | 0;
  let h2 = 0x3c6ef372 | 0;
  let h3 = 0xa54ff53a | 0;
  let h4 = 0x510e527f | 0;
  let h5 = 0x9b05688c | 0;
  let h6 = 0x1f83d9ab | 0;
  let h7 = 0x5be0cd19 | 0;
  for (let offset = 0; offset < end; offset += 64) {
    schedule(buf, offset);
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    let f = h5;
    let g = h6;
    let h = h7;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
    h5 = (h5 + f) | 0;
    h6 = (h6 + g) | 0;
    h7 = (h7 + h) | 0;
  }
  H[0] = h0;
  H[1] = h1;
  H[2] = h2;
  H[3] = h3;
  H[4] = h4;
  H[5] = h5;
  H[6] = h6;
  H[7] = h7;
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
 * The first `hexChars` (at most 64) lowercase hex characters of SHA-256 of `prefix` (bytes) then
 * `text`'s UTF-8 bytes, with no allocation but the result and a view: what hashing every item of a
 * catalog needs (catalog/hash.ts). The prefix as bytes, not joined to the text as a string: encoding
 * a joined string first flattens it, a copy of every text hashed.
 */
export function sha256TextHex(text: string, hexChars = 64, prefix?: Uint8Array): string {
  const before = prefix?.length ?? 0;
  // UTF-8 takes at most 3 bytes per UTF-16 code unit.
  const buf = blockFor(before + text.length * 3);
  if (prefix) buf.set(prefix);
  const { written } = utf8.encodeInto(text, before > 0 ? blockAfter(before) : buf);
  digestBlock(buf, before + written);
  return wordsToHex(H, Math.min(hexChars, 64));
}

/** `block` from byte `at` on, one view kept while neither changes (a pass hashes under one prefix). */
let after: { block: Uint8Array; at: number; view: Uint8Array } | undefined;

function blockAfter(at: number): Uint8Array {
  if (after?.block !== block || after.at !== at) after = { block, at, view: block.subarray(at) };
  return after.view;
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
