/**
 * `createRecommender`: the page-side API. It checks the options, starts the worker, forwards calls
 * over comlink and re-emits the worker's events (recommender-with.ts). The main thread only
 * renders; all work happens in the worker. One method per mode comes from the registry
 * (src/modes), as the worker's do.
 */
import { MODES } from './modes/index.ts';
import { recommenderWith } from './recommender-with.ts';
import type { Recommender, RecommenderOptions } from './types/index.ts';

/** Creates a recommender for one catalog. Call it in a browser page. */
export function createRecommender(options: RecommenderOptions): Recommender {
  return recommenderWith(MODES, options);
}
