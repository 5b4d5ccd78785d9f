/**
 * The basket-inference attack of issue 29, run on a published signals release: a reader of the
 * artifact turns popularity bytes and "together" weights back into session counts and claims
 * "everyone who bought A also bought B" wherever the pair's count reaches A's. With exact counts
 * such claims are true, and each reveals, for every session holding A, that it also holds B.
 *
 * Chance is the same claim made about published pairs picked without reading their counts: the
 * share of listed pairs for which it holds, and the sessions that as many random claims expose.
 */

import { dequantize, popularityCount, type SiteSignals } from '../src/signals/index.ts';
import { Prng } from '../src/vector-index/prng.ts';

/** What the attack found; `exposed`: sessions with an item whose claim is true (their other item revealed). */
export interface AttackResult {
  /** Pairs listed in the release (A's list holding B). */
  listed: number;
  claims: number;
  trueClaims: number;
  /** trueClaims / claims (0 without claims). */
  precision: number;
  /** Share of listed pairs for which the claim holds: the precision of claims made blind. */
  chance: number;
  sessions: number;
  exposed: number;
  /** 95th percentile of the sessions exposed by as many claims picked at random among the listed pairs. */
  exposedByChance: number;
}

/** The attacker's rule: a pair count estimated at >= this share of A's count is read as "all of A's sessions". */
export const CLAIM_RATIO = 0.95;

/** Runs the attack on `published`, judged against the `sessions` (rows) the release was built from. */
export function basketAttack(published: SiteSignals, sessions: readonly (readonly number[])[], seed = 1): AttackResult {
  const holding = sessionsHolding(sessions, published.count);
  const sets = sessions.map((s) => new Set(s));
  const allHold = (a: number, b: number) => holding[a]!.length > 0 && holding[a]!.every((s) => sets[s]!.has(b));
  const pop = (row: number) => popularityCount(published.popularity[row]!);
  const listed: { a: number; b: number; truth: boolean }[] = [];
  const claims: { a: number; truth: boolean }[] = [];
  published.together.forEach(({ rows, weights }, a) => {
    rows.forEach((b, k) => {
      const pair = { a, b, truth: allHold(a, b) };
      listed.push(pair);
      const estimate = dequantize(weights[k]!) * Math.sqrt(pop(a) * pop(b));
      if (pop(a) > 1.5 && estimate >= CLAIM_RATIO * pop(a)) claims.push(pair); // 1.5: the byte of a count of 2 reads 1.997
    });
  });
  const exposedBy = (picked: readonly { a: number; truth: boolean }[]) => {
    const exposed = new Set<number>();
    for (const c of picked) if (c.truth) for (const s of holding[c.a]!) exposed.add(s);
    return exposed.size;
  };
  const trueClaims = claims.filter((c) => c.truth).length;
  return {
    listed: listed.length,
    claims: claims.length,
    trueClaims,
    precision: claims.length ? trueClaims / claims.length : 0,
    chance: listed.length ? listed.filter((p) => p.truth).length / listed.length : 0,
    sessions: sessions.length,
    exposed: exposedBy(claims),
    exposedByChance: randomExposure(listed, claims.length, exposedBy, seed),
  };
}

/** The 95th percentile, over 200 draws, of the sessions exposed by `n` pairs picked at random from `listed`. */
function randomExposure<T>(listed: readonly T[], n: number, exposedBy: (picked: readonly T[]) => number, seed: number): number {
  if (!n || !listed.length) return 0;
  const rng = new Prng(seed);
  const draws = Array.from({ length: 200 }, () => exposedBy(Array.from({ length: n }, () => listed[rng.int(listed.length)]!)));
  draws.sort((x, y) => x - y);
  return draws[Math.floor(0.95 * draws.length)]!;
}

/** For each item row, the sessions holding it. */
function sessionsHolding(sessions: readonly (readonly number[])[], count: number): number[][] {
  const holding: number[][] = Array.from({ length: count }, () => []);
  sessions.forEach((s, i) => {
    for (const row of new Set(s)) holding[row]!.push(i);
  });
  return holding;
}

/** Every `step`-th session (by a seeded draw, as the probe subsampled users 1 in 8), each with its rows once. */
export function subsample(sessions: readonly (readonly number[])[], step: number, seed = 8): number[][] {
  const rng = new Prng(seed);
  return sessions.filter(() => rng.int(step) === 0).map((s) => [...new Set(s)]);
}
