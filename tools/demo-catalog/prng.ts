/**
 * Seeded pseudo-random numbers for the demo catalog generator. Everything the generator picks goes
 * through one `Rng`, so the same seed always yields byte-identical output. The generator itself is
 * the library's mulberry32 (src/vector-index/prng.ts, which k-means uses): one copy of it.
 */
import { Prng } from '../../src/vector-index/prng.ts';

export class Rng {
  private readonly prng: Prng;

  constructor(seed: number) {
    this.prng = new Prng(seed);
  }

  private next(): number {
    return this.prng.next();
  }

  /** Float in [0, 1). */
  float(): number {
    return this.next();
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(list: readonly T[]): T {
    if (list.length === 0) throw new Error('pick() from an empty list');
    return list[Math.floor(this.next() * list.length)] as T;
  }

  /** `n` distinct elements (fewer if the list is shorter), in random order. */
  sample<T>(list: readonly T[], n: number): T[] {
    return this.shuffle(list).slice(0, Math.max(0, n));
  }

  /** A shuffled copy (Fisher-Yates). */
  shuffle<T>(list: readonly T[]): T[] {
    const out = list.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = out[i] as T;
      out[i] = out[j] as T;
      out[j] = tmp;
    }
    return out;
  }
}
