/**
 * The wire form of `SiteSignals`: one byte array, independent of any file format (the build CLI
 * puts it in its artifact as a section). Little-endian throughout:
 *
 * ```
 * 0   4  magic "IRS1"
 * 4   1  format version (1)
 * 5   3  reserved (0)
 * 8   4  count: number of items (u32)
 * 12  4  idsHash: FNV-1a of the item id list (u32)
 * 16  ..  together lists, then next lists: per item, n (varint), n row deltas (varint; the first is
 *         the row itself, then the gap to the previous row; rows ascend), n weight bytes
 * ..  count  popularity bytes
 * ```
 *
 * With <= 24 neighbours per list an item takes at most 2 x (1 + 24 x 4) + 1 = 195 bytes for
 * catalogs under 2 million items; measured sizes are in docs/quality.md.
 */
import { createError, ErrorCodes } from '../errors.ts';
import { fnv1a } from './hash.ts';
import { EMPTY_LIST } from './lookup.ts';
import type { NeighbourList, SiteSignals } from './types.ts';

const MAGIC = [0x49, 0x52, 0x53, 0x31]; // "IRS1"
const VERSION = 1;
const HEADER = 16;

/** Serialises signals (deterministic: the same signals give the same bytes). */
export function encodeSignals(signals: SiteSignals): Uint8Array {
  const out = new ByteWriter(HEADER + signals.count * 64);
  for (const b of MAGIC) out.byte(b);
  out.byte(VERSION);
  for (let i = 0; i < 3; i++) out.byte(0); // reserved
  out.u32(signals.count);
  out.u32(signals.idsHash);
  for (const lists of [signals.together, signals.next]) {
    for (let i = 0; i < signals.count; i++) {
      const { rows, weights } = lists[i]!;
      out.varint(rows.length);
      let prev = 0;
      rows.forEach((r, k) => {
        out.varint(k === 0 ? r : r - prev);
        prev = r;
      });
      for (const w of weights) out.byte(w);
    }
  }
  for (const p of signals.popularity) out.byte(p);
  return out.bytes();
}

/**
 * Reads bytes written by `encodeSignals`. With `itemIds`, also checks that the signals were built
 * for exactly this id list (same ids, same order). Throws CATALOG_UNREADABLE naming what is wrong
 * for truncated, corrupt or mismatched input.
 */
export function decodeSignals(bytes: Uint8Array, itemIds?: readonly string[]): SiteSignals {
  const bad = (why: string) => createError(ErrorCodes.CATALOG_UNREADABLE, `site signals: ${why}`);
  if (bytes.length < HEADER || MAGIC.some((b, i) => bytes[i] !== b)) throw bad('not a signals section (bad magic bytes)');
  if (bytes[4] !== VERSION) throw bad(`format version ${bytes[4]} is not supported (this build reads ${VERSION})`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(8, true);
  const idsHash = view.getUint32(12, true);
  if (itemIds && (itemIds.length !== count || fnv1a(itemIds) !== idsHash))
    throw bad(`built for another item list (${count} items, hash ${idsHash}; this catalog has ${itemIds.length}, hash ${fnv1a(itemIds)})`);
  let at = HEADER;
  const varint = (): number => {
    let v = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (at >= bytes.length) throw bad(`truncated at byte ${at}`);
      const b = bytes[at++]!;
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
    }
    throw bad(`bad number at byte ${at}`);
  };
  const lists = (name: string): NeighbourList[] =>
    Array.from({ length: count }, (_, i) => {
      const n = varint();
      if (n === 0) return EMPTY_LIST;
      const rows = new Uint32Array(n);
      for (let k = 0; k < n; k++) {
        rows[k] = (k === 0 ? 0 : rows[k - 1]!) + varint();
        if (rows[k]! >= count || (k > 0 && rows[k] === rows[k - 1])) throw bad(`${name} list of row ${i}: bad neighbour row ${rows[k]}`);
      }
      if (at + n > bytes.length) throw bad(`truncated at byte ${at}`);
      const weights = bytes.subarray(at, at + n);
      at += n;
      return { rows, weights };
    });
  const together = lists('together');
  const next = lists('next');
  if (bytes.length - at !== count) throw bad(`expected ${count} popularity bytes at byte ${at}, found ${bytes.length - at}`);
  return { count, idsHash, together, next, popularity: bytes.slice(at) };
}

/** A growable byte buffer. */
class ByteWriter {
  private buf: Uint8Array;
  private at = 0;
  constructor(capacity: number) {
    this.buf = new Uint8Array(Math.max(64, capacity));
  }
  byte(b: number): void {
    if (this.at === this.buf.length) {
      const bigger = new Uint8Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[this.at++] = b;
  }
  u32(v: number): void {
    for (let i = 0; i < 4; i++) this.byte((v >>> (8 * i)) & 0xff);
  }
  varint(value: number): void {
    let v = value;
    while (v >= 0x80) {
      this.byte((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    this.byte(v);
  }
  bytes(): Uint8Array {
    return this.buf.slice(0, this.at);
  }
}
