/**
 * Positions of a score array in descending score order, ties in position order (what a stable sort
 * by score gives), sorting only as far as the reader reads. A keyword search may match 90k items
 * and be read for 50: selecting the top 64 (quickselect, O(n)) and sorting those costs ~1 ms at
 * 100k where sorting every match costs tens.
 */

/** The first chunk selected before sorting; the rest is sorted whole only if the reader gets there. */
const FIRST = 64;

/** Yields 0..scores.length-1 best first (ties: lower position first). `scores` is not changed. */
export function* bestFirst(scores: Float64Array): Generator<number> {
  const n = scores.length;
  if (n <= FIRST * 4) {
    yield* sortedPositions(scores, allPositions(n));
    return;
  }
  const threshold = kthLargest(Float64Array.from(scores), FIRST);
  // Everything at or above the threshold (ties included, so tie order stays by position).
  const top: number[] = [];
  const rest: number[] = [];
  for (let i = 0; i < n; i++) (scores[i]! >= threshold ? top : rest).push(i);
  yield* sortedPositions(scores, top);
  yield* sortedPositions(scores, rest);
}

function allPositions(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function sortedPositions(scores: Float64Array, positions: number[]): number[] {
  return positions.sort((a, b) => scores[b]! - scores[a]! || a - b);
}

/** The k-th largest value (1-based) of `values`, which it reorders (Hoare's selection). */
export function kthLargest(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! > pivot) i++;
      while (values[j]! < pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return values[target]!;
}
