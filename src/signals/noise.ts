/**
 * The randomness of the private release (private.ts): uniform draws from the platform's
 * cryptographic generator, and the discrete Laplace (two-sided geometric) distribution. Integer
 * noise on integer counts: no floating-point low bits for an attacker to read (Mironov 2012).
 * `globalThis.crypto` (Node >= 20 and browsers), so this module bundles for either.
 */
import { Prng } from '../vector-index/prng.ts';

/** A uniform draw in (0, 1). */
export type Random = () => number;

const BATCH = 1024;

/**
 * Uniform draws in (0, 1) from the operating system's cryptographic generator, 53 bits each. The
 * default for a build: noise an attacker can reproduce (a seeded PRNG with a public seed) protects
 * nothing, so seeded draws are for tests and the eval only.
 */
export function cryptoRandom(): Random {
  const words = new Uint32Array(BATCH * 2);
  let at = BATCH * 2;
  return () => {
    if (at === words.length) {
      globalThis.crypto.getRandomValues(words);
      at = 0;
    }
    const hi = words[at++]! >>> 5; // 27 bits
    const lo = words[at++]! >>> 6; // 26 bits
    return (hi * 67108864 + lo + 0.5) / 9007199254740992;
  };
}

/** A geometric draw on {0, 1, 2, ...}: P(g) = (1 - p) p^g, for 0 < p < 1. */
export function geometric(p: number, random: Random): number {
  return Math.floor(Math.log(random()) / Math.log(p));
}

/**
 * A discrete Laplace draw: P(x) = (1 - p) / (1 + p) p^|x| on the integers, with p = exp(-epsilon /
 * sensitivity). Added to a count whose L1 sensitivity is `sensitivity`, it gives epsilon-DP.
 */
export function discreteLaplace(p: number, random: Random): number {
  return geometric(p, random) - geometric(p, random);
}

/** P(x >= t) for a discrete Laplace draw and t >= 1: p^t / (1 + p). */
export function tailAtLeast(p: number, t: number): number {
  return t === Number.POSITIVE_INFINITY ? 0 : p ** t / (1 + p);
}

/** The failures before the first success of independent trials that succeed with probability q (exact for tiny q). */
export function skip(q: number, random: Random): number {
  return Math.floor(Math.log(random()) / Math.log1p(-q));
}

/** Seeded uniform draws in (0, 1), for tests and the eval: NOT private (anyone with the seed can subtract the noise). */
export function seededRandom(seed: number): Random {
  const prng = new Prng(seed);
  return () => prng.next() + 2 ** -33;
}
