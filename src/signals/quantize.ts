/**
 * One-byte weights. Neighbour weights live in (0, 1] (a cosine, a probability) and are stored as
 * 1..255 on a square-root scale, so the many small weights keep resolution (1% of the maximum is
 * code 26, not 3). Popularity is a session count on a log scale: 12 codes per doubling reach
 * ~2 million sessions in one byte, each step ~6%.
 */

/** A weight in (0, 1] as a code 1..255 (never 0: a listed neighbour always has some weight). */
export function quantizeWeight(w: number): number {
  if (!(w > 0)) return 1;
  return Math.max(1, Math.min(255, Math.round(Math.sqrt(Math.min(1, w)) * 255)));
}

/** The weight a code stands for. */
export function dequantize(code: number): number {
  const r = code / 255;
  return r * r;
}

const POP_STEPS = 12;

/** A session count as one byte (0 for 0). */
export function quantizePopularity(count: number): number {
  if (!(count > 0)) return 0;
  return Math.min(255, Math.max(1, Math.round(POP_STEPS * Math.log2(1 + count))));
}

/** The approximate session count of a popularity byte. */
export function popularityCount(code: number): number {
  return code === 0 ? 0 : 2 ** (code / POP_STEPS) - 1;
}
