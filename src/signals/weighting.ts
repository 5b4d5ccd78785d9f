/**
 * How pair counts become neighbour weights, shared by the exact aggregation (build.ts, the eval's
 * reference) and the private release (release.ts).
 */

/** How a pair's session count `c` becomes a weight in (0, 1], given both items' session counts. */
export interface PairWeighting {
  /** "Together" weight of j in i's list. */
  together: (c: number, countI: number, countJ: number) => number;
  /** "Next" weight of j in i's list (c = sessions where j directly follows i). */
  next: (c: number, countI: number, countJ: number) => number;
}

/** The shipped weighting: cosine for "together", P(j follows i) for "next". */
export const DEFAULT_WEIGHTING: Readonly<PairWeighting> = Object.freeze({
  together: (c: number, ci: number, cj: number) => c / Math.sqrt(ci * cj),
  next: (c: number, ci: number) => c / ci,
});
