/**
 * Maximal marginal relevance (Carbonell & Goldstein 1998): re-rank a candidate list so each next
 * pick trades relevance against similarity to what is already picked. `diversity` 0 keeps the
 * relevance order; 1 ignores relevance after the first pick. Relevance is min-max scaled over the
 * pool so the knob means the same for cosines, blended scores and keyword scores.
 */
import { dotF32 } from '../vector-index/dot.ts';
import type { RankedItem } from './types.ts';

/**
 * Default diversity for "for you", chosen on the validation split: the largest setting whose HR@10
 * loss is not significant on Office and MovieLens (paired 95% interval reaches 0). Measured with
 * the shipped signals and blend: Office HR@10 .1246 -> .1235, intra-list similarity .726 -> .703;
 * at 0.5 Office loses .004 (significant). docs/quality.md, "Diversity (MMR) on the validation split".
 * Other modes default to 0 until measured (see docs/quality.md).
 */
export const DEFAULT_DIVERSITY = 0.3;

/**
 * Default diversity for "for you" from content alone (no site signals), chosen on the validation
 * split the same way, with word overlap: Office HR@10 .0822 -> .0809 (interval reaches 0),
 * intra-list similarity .829 -> .808; MovieLens .0508 -> .0525; at 0.7 Office loses .0045
 * (significant).
 */
export const CONTENT_DIVERSITY = 0.5;

/** How many candidates MMR looks at per result slot (a pool of 3k). */
export const MMR_POOL_FACTOR = 3;

/**
 * The first `k` of `ranked` (best first) re-ordered by MMR. Items without a vector count as
 * dissimilar to everything. Deterministic: ties keep the input order.
 */
export function mmrRerank(
  ranked: readonly RankedItem[],
  vectorOf: (key: string) => Float32Array | undefined,
  k: number,
  diversity: number,
): RankedItem[] {
  if (!(diversity >= 0 && diversity <= 1)) throw new RangeError(`diversity must be in [0, 1], got ${diversity}`);
  const pool = ranked.slice(0, Math.max(k, k * MMR_POOL_FACTOR));
  if (diversity === 0 || pool.length <= 1) return pool.slice(0, k);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const r of pool) {
    lo = Math.min(lo, r.score);
    hi = Math.max(hi, r.score);
  }
  const span = hi - lo || 1;
  const vectors = pool.map((r) => vectorOf(r.key));
  const maxSim = new Float64Array(pool.length).fill(0);
  const taken = new Uint8Array(pool.length);
  const out: RankedItem[] = [];
  while (out.length < Math.min(k, pool.length)) {
    let best = -1;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < pool.length; i++) {
      if (taken[i]) continue;
      const value = (1 - diversity) * ((pool[i]!.score - lo) / span) - diversity * maxSim[i]!;
      if (value > bestValue) {
        bestValue = value;
        best = i;
      }
    }
    taken[best] = 1;
    out.push(pool[best]!);
    const v = vectors[best];
    if (v)
      for (let i = 0; i < pool.length; i++) {
        const w = vectors[i];
        if (!taken[i] && w) maxSim[i] = Math.max(maxSim[i]!, dotF32(v, 0, w, 0, v.length));
      }
  }
  return out;
}

/** Mean pairwise cosine of the listed items (intra-list similarity); 0 for fewer than two with vectors. */
export function intraListSimilarity(keys: readonly string[], vectorOf: (key: string) => Float32Array | undefined): number {
  const vs = keys.map(vectorOf).filter((v): v is Float32Array => !!v);
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < vs.length; i++)
    for (let j = i + 1; j < vs.length; j++) {
      sum += dotF32(vs[i]!, 0, vs[j]!, 0, vs[i]!.length);
      pairs++;
    }
  return pairs ? sum / pairs : 0;
}
