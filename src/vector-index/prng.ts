/**
 * A seeded PRNG, so k-means (and therefore IVF list assignment and results) is identical on every
 * run and in every browser; Math.random() cannot be seeded.
 */

/** mulberry32: 32-bit state, fast, good enough for sampling; `next()` returns a float in [0, 1). */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A standard normal deviate (Box-Muller; one of the pair is discarded for simplicity). */
  gaussian(): number {
    const u = 1 - this.next(); // (0, 1], so log() is finite
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
}
