/**
 * The message protocol between the page and the worker, carried by comlink: the page calls the
 * `EngineApi` methods, the worker reports progress through the `onEvent` callback. Everything that
 * crosses is structured-clonable plain data.
 */
import type { CatalogItem, CatalogReport, TextRule } from '../catalog/index.ts';
import type { Backend } from '../encoder/index.ts';
import type { IndexKind } from '../index/index.ts';
import type { Because, RankOptions } from '../recommend/index.ts';
import type { EventType } from '../store/index.ts';

/** How the worker is configured; built by `createRecommender` from its options. */
export interface EngineConfig {
  /** Items, or an absolute URL of a JSON / JSON Lines catalog. */
  catalog: unknown[] | string;
  /** One IndexedDB database per namespace. */
  namespace: string;
  model: string;
  dtype: 'fp32' | 'q8';
  device: 'auto' | 'webgpu' | 'wasm';
  /** Absolute URL of the folder holding `models/` and `ort/`. */
  assetsBase: string;
  index: IndexKind | 'auto';
  textRule?: TextRule;
  batchSize: number;
  allowRemoteModels: boolean;
}

/** Phases the engine goes through; `ready` means every item has its vector. */
export type Phase = 'starting' | 'cached' | 'loading-catalog' | 'loading-model' | 'embedding' | 'ready' | 'failed';

/** Events pushed to the page. */
export type EngineEvent =
  | { type: 'phase'; phase: Phase; message?: string }
  | { type: 'progress'; done: number; total: number }
  | { type: 'report'; report: CatalogReport }
  | { type: 'backend'; backend: Backend }
  | { type: 'error'; code: string; message: string };

/** A recommendation as the page receives it: the catalog item itself plus why. */
export interface Recommendation {
  id: string | number;
  item: CatalogItem;
  score: number;
  because?: Because & { id: string | number; title?: string };
  /** True while the catalog is still embedding and the fallback ranking answered. */
  warming: boolean;
}

/** A snapshot of what the engine has done: the demo panel and the end-to-end tests read it. */
export interface EngineStatus {
  phase: Phase;
  items: number;
  /** Items with a vector in the index. */
  indexed: number;
  /** Items embedded by the encoder since the worker started. */
  embedded: number;
  /** Items whose vectors came from IndexedDB since the worker started. */
  fromCache: number;
  /** Model runs (batches) since the worker started. */
  encoderRuns: number;
  backend?: Backend;
  indexKind?: string;
  modelKey: string;
  /** Milliseconds from worker start to the first usable ranking, and to `ready`. */
  timings: { firstResultsMs?: number; readyMs?: number; embedMs?: number };
  report?: CatalogReport;
}

/** What `update()` did. */
export interface UpdateResult {
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
  report: CatalogReport;
}

/** The worker's API. */
export interface EngineApi {
  init(config: EngineConfig, onEvent: (event: EngineEvent) => void): Promise<EngineStatus>;
  similar(itemId: string | number, options?: RankOptions): Promise<Recommendation[]>;
  forYou(options?: RankOptions): Promise<Recommendation[]>;
  search(query: string, options?: RankOptions): Promise<Recommendation[]>;
  track(event: { type: EventType; itemId: string | number }): Promise<void>;
  update(catalog: unknown[] | string): Promise<UpdateResult>;
  forget(): Promise<void>;
  status(): Promise<EngineStatus>;
  destroy(): Promise<void>;
}

export type { CatalogItem };
