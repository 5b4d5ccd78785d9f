/**
 * Which truths a dataset has, by the fields its items carry (docs/mode-truth.md):
 * Office-like (`also_viewed`, `also_bought`, `category_id`, `brand_id`) has substitutes,
 * complements and the raw lists; Steam-like (`genres`, `tags`, `specs`) and MovieLens-like
 * (`genres`) have substitutes. Anything else has none, and the per-mode eval skips its item modes.
 */
import type { Dataset } from '../dataset.ts';
import { movieLensSubstitutes } from './movielens-truth.ts';
import { isOfficeLike, officeTruths } from './office-truth.ts';
import { isSteamLike, steamSubstitutes } from './steam-truth.ts';
import type { GradedTruth } from './truth.ts';

/** A dataset's truths (each absent when the data cannot define it). */
export interface ModeTruths {
  /** Similar items: substitutes, graded. */
  substitutes?: GradedTruth;
  /** The raw also_viewed lists (binary): the number measured before, kept comparable. */
  alsoViewed?: GradedTruth;
  /** Frequently bought together: complements that are not substitutes. */
  complements?: GradedTruth;
  /** The raw also_bought lists (binary): the number measured before, kept comparable. */
  alsoBought?: GradedTruth;
}

/** The truths `data` supports. */
export function modeTruths(data: Dataset): ModeTruths {
  if (isOfficeLike(data)) return officeTruths(data);
  if (isSteamLike(data)) return { substitutes: steamSubstitutes(data) };
  const first = data.items[0]?.raw;
  if (first && Array.isArray(first.genres)) return { substitutes: movieLensSubstitutes(data) };
  return {};
}
