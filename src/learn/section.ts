/**
 * The wire form of a trained space: the artifact's `learned` section (the build CLI writes it, the
 * worker reads it). Little-endian throughout:
 *
 * ```
 * 0   4  magic "IRL1"
 * 4   1  format version (1)
 * 5   1  sides: 1 (one vector per item) or 2 (a query side, then a target side)
 * 6   2  reserved (0)
 * 8   4  count: items (u32), in the artifact's sorted key order
 * 12  4  inDims (u32): the encoder's dimensions
 * 16  4  outDims (u32)
 * 20  4  per side, f32 scale: the side's vectors are scale x code (sides x 4 bytes, then padding to 8)
 * ..     weights: outDims x inDims f32, row-major (the map f the page applies to new items)
 * ..     codes: sides x count x outDims int8, side by side
 * ```
 *
 * One scale per side, not per item: the section is retrained on every build (the logs change), so
 * no item's bytes need to stay stable across builds, and 2 sides x 48 dimensions then cost exactly
 * 96 bytes per item, the budget. Each vector is unit length before coding; the reader
 * re-normalises, as it does the artifact's own codes.
 */
import { createError, ErrorCodes } from '../errors.ts';
import type { LearnedMap } from './learned-map.ts';

const MAGIC = [0x49, 0x52, 0x4c, 0x31]; // "IRL1"
const VERSION = 1;
const FIXED = 20;

/** A trained space as the page uses it: the map, and every artifact item's mapped vector per side. */
export interface LearnedSpace {
  map: LearnedMap;
  /** 1 (symmetric) or 2 (a query side and a target side: "b follows a" scores query(a) . target(b)). */
  sides: 1 | 2;
  count: number;
  /** Per side, `count` x `outDims` unit vectors (items without text or offset: f(text), or zero). */
  vectors: Float32Array[];
}

/** Bytes of a section holding `count` items: how the build's summary reports the cost per item. */
export function learnedSectionBytes(count: number, inDims: number, outDims: number, sides: 1 | 2): number {
  return headerBytes(sides) + 4 * outDims * inDims + sides * count * outDims;
}

function headerBytes(sides: number): number {
  return Math.ceil((FIXED + 4 * sides) / 8) * 8;
}

/** Serialises a space; deterministic (the same space gives the same bytes). */
export function encodeLearned(space: LearnedSpace): Uint8Array {
  const { map, sides, count } = space;
  const { inDims, outDims } = map;
  const head = headerBytes(sides);
  const bytes = new Uint8Array(learnedSectionBytes(count, inDims, outDims, sides));
  const view = new DataView(bytes.buffer);
  bytes.set(MAGIC, 0);
  bytes[4] = VERSION;
  bytes[5] = sides;
  view.setUint32(8, count, true);
  view.setUint32(12, inDims, true);
  view.setUint32(16, outDims, true);
  for (let i = 0; i < map.weights.length; i++) view.setFloat32(head + 4 * i, map.weights[i]!, true);
  const codes = new Int8Array(bytes.buffer, head + 4 * map.weights.length);
  for (let s = 0; s < sides; s++) {
    const v = space.vectors[s]!;
    if (v.length !== count * outDims) throw new RangeError(`side ${s} holds ${v.length} floats, not ${count} x ${outDims}`);
    let max = 0;
    for (const x of v) max = Math.max(max, Math.abs(x));
    const scale = max > 0 ? max / 127 : 0;
    view.setFloat32(FIXED + 4 * s, scale, true);
    const at = s * count * outDims;
    for (let i = 0; i < v.length; i++) codes[at + i] = scale > 0 ? Math.round(v[i]! / scale) : 0;
  }
  return bytes;
}

/**
 * Reads a section written by `encodeLearned`, for an artifact of `count` items from an encoder of
 * `inDims` dimensions. Vectors come back re-normalised. Throws CATALOG_UNREADABLE naming what is
 * wrong for truncated, corrupt or mismatched bytes.
 */
export function decodeLearned(bytes: Uint8Array, count: number, inDims: number): LearnedSpace {
  const bad = (why: string) => createError(ErrorCodes.CATALOG_UNREADABLE, `learned space: ${why}`);
  if (bytes.length < FIXED + 4 || MAGIC.some((b, i) => bytes[i] !== b)) throw bad('not a learned-space section (bad magic bytes)');
  if (bytes[4] !== VERSION) throw bad(`format version ${bytes[4]} is not supported (this build reads ${VERSION})`);
  const sides = bytes[5];
  if (sides !== 1 && sides !== 2) throw bad(`${sides} sides; expected 1 or 2`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getUint32(8, true);
  const inD = view.getUint32(12, true);
  const outDims = view.getUint32(16, true);
  if (n !== count) throw bad(`it holds ${n} items, the artifact ${count}`);
  if (inD !== inDims) throw bad(`its map reads ${inD}-dimensional vectors, the model gives ${inDims}`);
  if (outDims < 1 || outDims > inDims) throw bad(`${outDims} output dimensions`);
  const expected = learnedSectionBytes(count, inDims, outDims, sides);
  if (bytes.length !== expected) throw bad(`${bytes.length} bytes, expected ${expected} (truncated or corrupt)`);
  const head = headerBytes(sides);
  const weights = new Float32Array(outDims * inDims);
  for (let i = 0; i < weights.length; i++) weights[i] = view.getFloat32(head + 4 * i, true);
  if (!weights.every(Number.isFinite)) throw bad('a weight of the map is not a finite number');
  const codes = new Int8Array(bytes.buffer, bytes.byteOffset + head + 4 * weights.length, sides * count * outDims);
  const vectors: Float32Array[] = [];
  for (let s = 0; s < sides; s++) {
    const scale = view.getFloat32(FIXED + 4 * s, true);
    if (!(scale >= 0)) throw bad(`side ${s} has scale ${scale}`);
    const v = new Float32Array(count * outDims);
    const at = s * count * outDims;
    for (let i = 0; i < count; i++) {
      let norm2 = 0;
      for (let k = 0; k < outDims; k++) norm2 += codes[at + i * outDims + k]! ** 2;
      const inv = norm2 > 0 ? 1 / Math.sqrt(norm2) : 0;
      for (let k = 0; k < outDims; k++) v[i * outDims + k] = codes[at + i * outDims + k]! * inv;
    }
    vectors.push(v);
  }
  return { map: { inDims, outDims, weights }, sides, count, vectors };
}
