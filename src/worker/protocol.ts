/**
 * The message protocol between the page and the worker, carried by comlink: the page calls the
 * `EngineApi` methods, the worker reports progress through the `onEvent` callback. Everything that
 * crosses is structured-clonable plain data.
 */
import type { BuiltInCalls } from '../modes/index.ts';
import type {
  Backend,
  CatalogReport,
  EngineStatus,
  IndexKind,
  Phase,
  RecommenderEvents,
  TextRule,
  TrackEvent,
  UpdateResult,
} from '../types/index.ts';

/** How the worker is configured; built by `createRecommender` from its options. */
export interface EngineConfig {
  /** Items, or an absolute URL of a JSON / JSON Lines catalog; none when a `remote` endpoint ranks alone. */
  catalog?: unknown[] | string;
  /** A retrieval endpoint that answers the modes' calls (src/worker/remote): its absolute URL and time limit. */
  remote?: { url: string; timeoutMs: number };
  /** One IndexedDB database per namespace. */
  namespace: string;
  model: string;
  dtype: 'fp32' | 'q8';
  device: 'auto' | 'webgpu' | 'wasm';
  threads?: number;
  /** Absolute URL of the folder holding `models/` and `ort/`. */
  assetsBase: string;
  /** Absolute URL of a prebuilt vectors manifest (`inpage-rec build`), if the page has one. */
  vectors?: string;
  /** The `sha256-<base64>` the vectors manifest must have (option `vectorsIntegrity`). */
  vectorsIntegrity?: string;
  /** Load the encoder at start rather than on the first search (when prebuilt vectors cover the catalog). */
  preloadModel?: boolean;
  index: IndexKind | 'auto';
  textRule?: TextRule;
  batchSize: number;
  allowRemoteModels: boolean;
  /** A request that receives no bytes for this long is abandoned (network/stall-watch.ts). */
  stallTimeoutMs: number;
}

/** Events pushed to the page. */
export type EngineEvent =
  | { type: 'phase'; phase: Phase; message?: string }
  | { type: 'progress'; done: number; total: number; unit?: 'items' | 'bytes' }
  | { type: 'report'; report: CatalogReport }
  | { type: 'backend'; backend: Backend }
  | { type: 'error'; code: string; message: string }
  | { type: 'refresh'; reason: RecommenderEvents['refresh']['reason'] }
  | { type: 'warning'; code: string; message: string }
  /** The history changed in another tab of this site. */
  | { type: 'history'; change: RecommenderEvents['history'] };

/** What the worker does besides ranking: the engine's lifecycle. */
export interface EngineCore {
  init(config: EngineConfig, onEvent: (event: EngineEvent) => void): Promise<EngineStatus>;
  prepareSearch(): Promise<void>;
  checkVectors(): Promise<EngineStatus['vectorsCheck']>;
  track(event: TrackEvent): Promise<void>;
  update(catalog: unknown[] | string): Promise<UpdateResult>;
  forget(): Promise<void>;
  status(): Promise<EngineStatus>;
  destroy(): Promise<void>;
}

/** The worker's API: its core, plus one method per mode, derived from the registry (src/modes). */
export type EngineApi = EngineCore & BuiltInCalls;
