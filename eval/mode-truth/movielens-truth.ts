/**
 * MovieLens substitutes (movielens-latest-small): films of the same kind, by their genres.
 *
 * - grade 2: the same genre set; grade 1: genre Jaccard >= `GENRE_JACCARD` (e.g. Comedy|Drama
 *   and Comedy|Drama|Romance). Films without genres ("(no genres listed)") are never relevant.
 * - Queries: films with genres and at least one relevant film.
 *
 * Loose by nature: 20 coarse genres make about a thousand films relevant to the median query
 * (docs/mode-truth.md), so P@8 is easy here and NDCG@10 (same set weighs 3, overlap 1) says more.
 */
import type { Dataset } from '../dataset.ts';
import { type GradedTruth, popcount } from './truth.ts';

/** Genre Jaccard for grade 1. */
export const GENRE_JACCARD = 0.5;

/** The MovieLens substitute truth. */
export function movieLensSubstitutes(data: Dataset): GradedTruth {
  const bit = new Map<string, number>();
  const masks = Int32Array.from(data.items, (it) => {
    const genres = Array.isArray(it.raw.genres) ? it.raw.genres.map(String).filter((g) => g !== '(no genres listed)') : [];
    let mask = 0;
    for (const g of genres) {
      if (!bit.has(g)) bit.set(g, 1 << bit.size);
      mask |= bit.get(g)!;
    }
    return mask;
  });
  if (bit.size > 31) throw new Error(`movielens truth: ${bit.size} genres do not fit one mask`);
  const grades = (row: number) => {
    const out = new Map<number, number>();
    const m = masks[row]!;
    if (!m) return out;
    for (let other = 0; other < masks.length; other++) {
      const o = masks[other]!;
      if (other === row || !(o & m)) continue;
      if (o === m) out.set(other, 2);
      else if (popcount(o & m) / popcount(o | m) >= GENRE_JACCARD) out.set(other, 1);
    }
    return out;
  };
  // Counts by distinct genre set (about a thousand), not by pair of films.
  const perMask = new Map<number, number>();
  for (const m of masks) if (m) perMask.set(m, (perMask.get(m) ?? 0) + 1);
  const countsOf = new Map<number, [number, number]>();
  for (const m of perMask.keys()) {
    let relevant = 0;
    for (const [o, n] of perMask) if (o === m || popcount(o & m) / popcount(o | m) >= GENRE_JACCARD) relevant += o === m ? n - 1 : n;
    countsOf.set(m, [relevant, perMask.get(m)! - 1]);
  }
  const counts = (row: number): [number, number] => countsOf.get(masks[row]!) ?? [0, 0];
  const queries = data.items.map((_, row) => row).filter((row) => counts(row)[0] > 0);
  return { name: 'substitutes', rule: `grade 2: the same genre set; grade 1: genre Jaccard >= ${GENRE_JACCARD}`, queries, grades, counts };
}
