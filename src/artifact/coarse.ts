/**
 * The artifact's `coarse` section: one sign bit per dimension and item, the part of the artifact a
 * first visit on a slow link ranks with before the int8 codes arrive (64 B per 512-d item against
 * 516 for codes and scale; issue 30). Bit d of item i is bit (d & 7) of byte i * ceil(dims / 8) +
 * (d >> 3), set when the item's code c_d is > 0. The page reads an item as the unit vector of
 * signs, +-1/sqrt(dims) per dimension.
 *
 * Why signs around zero rather than around the catalog's mean (what the binary index uses): an
 * item's bits then depend on its own vector only, like the codes, so incremental builds copy them
 * and no catalog-wide statistic drifts. Measured (recall@10 of the sign vectors' own top 10 against
 * exact float32, 300 queries): Steam 5k .56 (around the mean .60), Office .73 (.76). Such answers
 * are shown as the warming-up results they are, and replaced in place once the codes are in.
 */

import type { CodeArray } from './quantize.ts';

/** The section's name. */
export const COARSE_SECTION = 'coarse';

/** Bytes per item for `dims` dimensions. */
export function coarseRowBytes(dims: number): number {
  return Math.ceil(dims / 8);
}

/** The section for `count` items whose codes are `codes` (row-major, `count * dims`). */
export function encodeCoarse(codes: CodeArray, count: number, dims: number): Uint8Array {
  const row = coarseRowBytes(dims);
  const out = new Uint8Array(row * count);
  for (let i = 0; i < count; i++) {
    const base = i * dims;
    for (let d = 0; d < dims; d++) if (codes[base + d]! > 0) out[i * row + (d >> 3)]! |= 1 << (d & 7);
  }
  return out;
}

/** True when `bytes` is a coarse section of `count` items of `dims` dimensions. */
export function isCoarseSection(bytes: Uint8Array, count: number, dims: number): boolean {
  return bytes.byteLength === coarseRowBytes(dims) * count;
}

/**
 * Item `row`'s sign vector (unit length) into `out` from `outOffset`; with `high` (the binary's
 * high bits, magnitudes.ts), its two-bit vector: each dimension +-1, or +-3 where the high bit is
 * set (the middles of the two halves of the magnitude's range), scaled to unit length.
 */
export function coarseVectorInto(
  section: Uint8Array,
  row: number,
  dims: number,
  out: Float32Array,
  outOffset = 0,
  high?: Uint8Array,
): void {
  const bytes = coarseRowBytes(dims);
  const base = row * bytes;
  let norm = 0;
  for (let d = 0; d < dims; d++) {
    const m = high && (high[base + (d >> 3)]! >> (d & 7)) & 1 ? 3 : 1;
    out[outOffset + d] = (section[base + (d >> 3)]! >> (d & 7)) & 1 ? m : -m;
    norm += m * m;
  }
  const unit = 1 / Math.sqrt(norm);
  for (let d = 0; d < dims; d++) out[outOffset + d]! *= unit;
}

/** Set bits per byte value. */
const POPCOUNT = Uint8Array.from({ length: 256 }, (_, b) => {
  let n = 0;
  for (let v = b; v > 0; v >>= 1) n += v & 1;
  return n;
});

/**
 * The `n` rows nearest to row `row`, nearest first, ties in row order, `row` itself and rows `skip`
 * refuses left out, each with its cosine as `coarseVectorInto` reads the rows: by the Hamming
 * distance of the sign bits alone, or with `high` by the two-bit vectors' cosine. Bitwise, over
 * ~16 B per item at 128 dimensions (32 with `high`): a few ms for 32k items.
 */
export function coarseNearest(
  section: Uint8Array,
  dims: number,
  row: number,
  n: number,
  skip: (row: number) => boolean = () => false,
  high?: Uint8Array,
): { row: number; score: number }[] {
  const bytes = coarseRowBytes(dims);
  const count = section.byteLength / bytes;
  const score = new Float32Array(count);
  const base = row * bytes;
  // With high bits each dimension is s * (1 + 2h): the dot product is the sum over agreeing signs
  // of w = (1 + 2h)(1 + 2h') minus that over the others, i.e. 2 * agreeing - all; the squared
  // length is dims + 8 * (high bits set).
  const norm = (r: number) => {
    let set = 0;
    if (high) for (let b = 0; b < bytes; b++) set += POPCOUNT[high[r * bytes + b]!]!;
    return Math.sqrt(dims + 8 * set);
  };
  const own = norm(row);
  // The last byte's bits past `dims` are 0 in every row: never counted as agreeing.
  const last = dims % 8 ? (1 << (dims % 8)) - 1 : 0xff;
  for (let i = 0; i < count; i++) {
    if (i === row || skip(i)) {
      score[i] = Number.NEGATIVE_INFINITY;
      continue;
    }
    const at = i * bytes;
    let agree = 0;
    let all = 0;
    for (let b = 0; b < bytes; b++) {
      const same = ~(section[at + b]! ^ section[base + b]!) & (b === bytes - 1 ? last : 0xff);
      if (!high) {
        agree += POPCOUNT[same]!;
        continue;
      }
      const h = high[base + b]!;
      const g = high[at + b]!;
      agree += POPCOUNT[same]! + 2 * (POPCOUNT[same & h]! + POPCOUNT[same & g]!) + 4 * POPCOUNT[same & h & g]!;
      all += 2 * (POPCOUNT[h]! + POPCOUNT[g]!) + 4 * POPCOUNT[h & g]!;
    }
    score[i] = (2 * agree - (all + dims)) / (own * norm(i));
  }
  return topRows(score, n);
}

/** The `n` highest finite scores' rows, highest first, ties in row order. */
function topRows(score: Float32Array, n: number): { row: number; score: number }[] {
  const top: number[] = [];
  const before = (a: number, b: number) => score[a]! > score[b]! || (score[a] === score[b] && a < b);
  for (let i = 0; i < score.length; i++) {
    if (score[i] === Number.NEGATIVE_INFINITY) continue;
    if (top.length === n && !before(i, top[n - 1]!)) continue;
    let at = top.length === n ? n - 1 : top.length;
    while (at > 0 && before(i, top[at - 1]!)) {
      top[at] = top[at - 1]!;
      at--;
    }
    top[at] = i;
  }
  return top.map((i) => ({ row: i, score: score[i]! }));
}
