/** Small number helpers shared by the bench sections and reports. */

/** The p-th percentile (0-100) of `values` by linear interpolation between closest ranks. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = ((sorted.length - 1) * p) / 100;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Median of `values`. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** `x` rounded to `digits` decimals (JSON stays readable; benchmark noise dwarfs the rest). */
export function round(x: number, digits = 2): number {
  return Number.isFinite(x) ? Number(x.toFixed(digits)) : x;
}

/** Bytes as MiB with two decimals. */
export function mib(bytes: number): number {
  return round(bytes / 2 ** 20);
}
