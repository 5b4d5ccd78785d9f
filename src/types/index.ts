/**
 * The public, shared types of inpage-rec: what a page passes in and gets back. Every layer (the
 * page API, the widget, the React component, the worker, ranking, storage) imports its shared
 * types from here, so a type has one declaration and one doc comment. Implementation-only types
 * stay beside their code.
 */
export type { CatalogItem, CatalogProblem, CatalogReport, ProblemSeverity, TextRule } from './catalog.ts';
export { EVENT_TYPES, type EventType, type HistoryChange, type HistoryEvent, type TrackEvent } from './history.ts';
export {
  type Because,
  DEFAULT_K,
  type Filter,
  type FilterCondition,
  type FilterValue,
  INDEX_KINDS,
  type IndexKind,
  MAX_K,
  type RangeCondition,
  type RankOptions,
  type Recommendation,
} from './ranking.ts';
export type { Recommender, RecommenderCore, RecommenderEvents, RecommenderOptions } from './recommender.ts';
export type { Backend, EngineStatus, Phase, UpdateResult } from './status.ts';
