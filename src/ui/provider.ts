/**
 * Which recommender an `<inpage-rec>` element uses: its `recommender` property, else one shared
 * per `catalog` attribute value (many elements, one worker), else the page default that the
 * script-tag embed registers.
 */
import { createRecommender } from '../recommender.ts';
import type { Recommender, RecommenderOptions } from '../types.ts';

const shared = new Map<string, Recommender>();
let pageDefault: Recommender | undefined;
const waiting = new Set<() => void>();

/** Registers the recommender elements use when they name no catalog. */
export function setDefaultRecommender(recommender: Recommender): void {
  pageDefault = recommender;
  for (const w of waiting) w();
  waiting.clear();
}

/** Calls `listener` once a default recommender exists (now, if it does). */
export function whenDefaultRecommender(listener: () => void): void {
  if (pageDefault) listener();
  else waiting.add(listener);
}

/** The recommender for a catalog URL, created on first use and shared by every element naming it. */
export function sharedRecommender(catalog: string, options: Omit<RecommenderOptions, 'catalog'> = {}): Recommender {
  const key = new URL(catalog, document.baseURI).href;
  let r = shared.get(key);
  if (!r) {
    r = createRecommender({ ...options, catalog: key });
    shared.set(key, r);
  }
  return r;
}

export function defaultRecommender(): Recommender | undefined {
  return pageDefault;
}
