/**
 * inpage-rec: a recommender that runs entirely inside the visitor's web page.
 *
 *   import { createRecommender } from 'inpage-rec';
 *   const rec = createRecommender({ catalog: '/catalog.json' });
 *   const items = await rec.similar('sku-42', { k: 8 });
 */
import { setDefaultAssetsBase } from './recommender.ts';

// The worker, model and WASM files sit next to this module in the published package.
setDefaultAssetsBase(import.meta.url);

export type { CatalogItem, CatalogProblem, CatalogReport, TextRule } from './catalog/index.ts';
export { DEFAULT_TEXT_RULE, formatReport } from './catalog/index.ts';
export type { Backend } from './encoder/index.ts';
export { type ErrorCode, ErrorCodes, InpageRecError } from './errors.ts';
export type { Filter, FilterCondition, IndexKind } from './index/index.ts';
export type { Because, RankOptions } from './recommend/index.ts';
export { createRecommender, type Recommender, type RecommenderEvents, type RecommenderOptions } from './recommender.ts';
export type { EventType } from './store/index.ts';
export type { EngineStatus, Phase, Recommendation, UpdateResult } from './worker/protocol.ts';
