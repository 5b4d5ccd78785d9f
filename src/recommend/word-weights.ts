/**
 * Word overlap's weights as 8-bit codes (word-overlap.ts): each word of an item has two weights in
 * [0, 1], its full text's and its described view's, packed into one 16-bit slot of the index.
 */

/** Levels of a weight's 8-bit code: [0, 1] in 255 even steps. */
export const WEIGHT_LEVELS = 255;

/**
 * A weight in [0, 1] as 8 bits, in 255 even steps: of the two codes around it, the one that keeps
 * the item's decoded sum of squares so far (`decoded`) nearest the exact one (`exact`, this
 * weight's included). An item's one-off words all have the same weight: rounded alone, they would
 * round the same way together and lengthen or shorten its vector as a whole.
 *
 * Measured on the eval's catalogs (the same 2.4k-32k pairs of neighbours, against the 16-bit weights
 * kept until 2026-11-28, `scratch`-style): a cosine moves by .0006-.0008 on average, at most .005.
 * Rounded alone: the same mean, at most .006. Codes of the weight's square root (finer steps for
 * small weights): .0006-.0012, at most .008, since a cosine is mostly the products of the large
 * weights of the rare words two items share. No judged mode moved on the validation split
 * (docs/notes/first-visit-memory.md); 100k Steam items' rows take 9 MB instead of 18.
 */
function weightCode(w: number, exact: number, decoded: number): number {
  // No weight stays none (a label in the full view, a word in every item), whatever is owed.
  if (!(w > 0)) return 0;
  const s = Math.min(1, w) * WEIGHT_LEVELS;
  const low = Math.floor(s);
  const high = Math.min(WEIGHT_LEVELS, low + 1);
  return Math.abs(decoded + (low / WEIGHT_LEVELS) ** 2 - exact) <= Math.abs(decoded + (high / WEIGHT_LEVELS) ** 2 - exact) ? low : high;
}

/**
 * One item's weights as 16-bit slots, full in the low 8 bits and described in the high (see
 * `weightCode`): `full[j]` and `described[j]` (each view L2-normalised) go to `out[j]`, j < `n`.
 */
export function packRow(full: ArrayLike<number>, described: ArrayLike<number>, n: number, out: Uint16Array): void {
  let fullExact = 0;
  let fullDecoded = 0;
  let describedExact = 0;
  let describedDecoded = 0;
  for (let j = 0; j < n; j++) {
    fullExact += full[j]! ** 2;
    describedExact += described[j]! ** 2;
    const f = weightCode(full[j]!, fullExact, fullDecoded);
    const d = weightCode(described[j]!, describedExact, describedDecoded);
    fullDecoded += (f / WEIGHT_LEVELS) ** 2;
    describedDecoded += (d / WEIGHT_LEVELS) ** 2;
    out[j] = f | (d << 8);
  }
}

/** The two weights a slot holds, as `packRow` rounded them: [full, described]. */
export function unpackWeights(slot: number): [number, number] {
  return [(slot & 0xff) / WEIGHT_LEVELS, ((slot >>> 8) & 0xff) / WEIGHT_LEVELS];
}
