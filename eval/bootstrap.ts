/**
 * Paired bootstrap over queries (users, or query items): resample the queries with replacement,
 * recompute the mean (or the mean difference between two methods on the SAME resampled queries),
 * and take the 2.5th and 97.5th percentiles. Pairing matters: two methods scored on the same users
 * share most of their variance, so their difference is far better determined than either mean.
 */
import { Prng } from '../src/vector-index/prng.ts';

/** Draws shared by every interval of one task, so all methods see the same resamples. */
export class Bootstrap {
  private readonly samples: Uint32Array[];

  constructor(
    readonly queries: number,
    readonly rounds = 1000,
    seed = 20261121,
  ) {
    const rng = new Prng(seed);
    this.samples = Array.from({ length: rounds }, () => {
      const s = new Uint32Array(queries);
      for (let i = 0; i < queries; i++) s[i] = rng.int(queries);
      return s;
    });
  }

  /** 95% interval of the mean of `values`. */
  interval(values: Float64Array): [number, number] {
    return this.percentiles(values, undefined);
  }

  /** 95% interval of mean(a) - mean(b), paired by query. */
  difference(a: Float64Array, b: Float64Array): [number, number] {
    return this.percentiles(a, b);
  }

  private percentiles(a: Float64Array, b: Float64Array | undefined): [number, number] {
    const means = new Float64Array(this.rounds);
    this.samples.forEach((sample, r) => {
      let sum = 0;
      for (const q of sample) sum += b ? a[q]! - b[q]! : a[q]!;
      means[r] = sum / this.queries;
    });
    means.sort();
    return [means[Math.floor(0.025 * (this.rounds - 1))]!, means[Math.ceil(0.975 * (this.rounds - 1))]!];
  }
}

/** Arithmetic mean. */
export function mean(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return values.length ? sum / values.length : 0;
}
