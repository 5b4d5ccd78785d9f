/**
 * inpage-rec: a recommender that runs entirely inside the visitor's web page.
 *
 *   import { createRecommender } from 'inpage-rec';
 *   const rec = createRecommender({ catalog: '/catalog.json' });
 *   const items = await rec.similar('sku-42', { k: 8 });
 */
import { setDefaultAssetsBase } from './assets-base.ts';

// The worker, model and WASM files sit next to this module in the published package.
setDefaultAssetsBase(import.meta.url);

export { DEFAULT_TEXT_RULE, type FormatReportOptions, formatReport } from './catalog/index.ts';
export { type ErrorCode, ErrorCodes, InpageRecError } from './errors.ts';
export type { ComplementsCall } from './modes/complements.ts';
export type { ForYouCall } from './modes/for-you.ts';
export type { BuiltInCalls, ModeName } from './modes/index.ts';
export type { SearchCall } from './modes/search.ts';
export type { SimilarCall } from './modes/similar.ts';
export { createRecommender } from './recommender.ts';
export type * from './types/index.ts';
export { DEFAULT_K, EVENT_TYPES, MAX_K } from './types/index.ts';
