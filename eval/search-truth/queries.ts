/**
 * The judged search queries of a dataset: natural (judged by rule from structured fields), hand
 * (judged item by item), unanswerable and gibberish (nothing relevant). See docs/search-truth.md.
 */
import type { Dataset } from '../dataset.ts';
import { gibberishQueries } from './gibberish.ts';
import { handQueries } from './hand.ts';
import { movieNaturalQueries } from './movielens-queries.ts';
import { officeNaturalQueries } from './office-queries.ts';
import { steamNaturalQueries } from './steam-queries.ts';
import type { JudgedQuery } from './types.ts';
import { unanswerableQueries } from './unanswerable.ts';

/** The natural queries' builders, by dataset folder name. */
const NATURAL: Readonly<Record<string, (data: Dataset) => JudgedQuery[]>> = {
  'steam-games-catalog': steamNaturalQueries,
  'amazon-office-2014': officeNaturalQueries,
  'movielens-latest-small': movieNaturalQueries,
};

/** Whether `data` has judged queries (one of the three shared catalogs). */
export function hasJudgedQueries(data: Dataset): boolean {
  return data.name in NATURAL;
}

/**
 * Every judged query of `data` (none for a catalog without a query set): natural, hand,
 * unanswerable and gibberish, each with its split.
 */
export function judgedQueries(data: Dataset): JudgedQuery[] {
  const natural = NATURAL[data.name];
  if (!natural) return [];
  return [...natural(data), ...handQueries(data), ...unanswerableQueries(data), ...gibberishQueries(data)];
}
