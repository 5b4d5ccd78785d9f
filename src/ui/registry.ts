/**
 * Which recommender a widget uses, for the custom element and the React component alike: its own
 * (a `recommender` property or prop), else one shared per catalog URL (many widgets, one worker),
 * else the page default that the script-tag embed or `setDefaultRecommender` registers.
 */
import { createRecommender } from '../recommender.ts';
import type { Recommender, RecommenderOptions } from '../types.ts';

const shared = new Map<string, Recommender>();
let pageDefault: Recommender | undefined;
const waiting = new Set<() => void>();

/** Registers the recommender widgets use when they name no catalog. */
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

/** The page default recommender, if one was registered. */
export function defaultRecommender(): Recommender | undefined {
  return pageDefault;
}

/**
 * The recommender for a catalog URL (resolved against the page), created on first use and shared
 * by every element and component naming it: one worker per catalog. `options` apply when it is
 * created; later callers get the existing one.
 */
export function sharedRecommender(catalog: string | URL, options: Omit<RecommenderOptions, 'catalog'> = {}): Recommender {
  const key = new URL(catalog, document.baseURI).href;
  let r = shared.get(key);
  if (!r) {
    r = createRecommender({ ...options, catalog: key });
    shared.set(key, r);
  }
  return r;
}

/**
 * A widget's recommender: its own, else the shared one of its catalog URL (with prebuilt `vectors`
 * when the first widget naming that catalog gives them), else the page default.
 */
export function recommenderFor(
  own: Recommender | undefined,
  catalog: string | null | undefined,
  vectors?: string | null,
): Recommender | undefined {
  if (own) return own;
  if (!catalog) return defaultRecommender();
  return sharedRecommender(catalog, vectors ? { vectors: new URL(vectors, document.baseURI).href } : {});
}
