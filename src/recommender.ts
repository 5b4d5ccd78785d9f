/**
 * `createRecommender`: the page-side API. It starts the worker, forwards calls over comlink and
 * re-emits the worker's events. The main thread only renders; all work happens in the worker.
 */
import { proxy, type Remote, wrap } from 'comlink';
import type { CatalogItem, CatalogReport, TextRule } from './catalog/index.ts';
import { ErrorCodes, InpageRecError } from './errors.ts';
import type { IndexKind } from './index/index.ts';
import type { RankOptions } from './recommend/index.ts';
import type { EventType } from './store/index.ts';
import { installErrorTransfer } from './worker/error-transfer.ts';
import type { EngineApi, EngineEvent, EngineStatus, Phase, Recommendation, UpdateResult } from './worker/protocol.ts';

/** Options of `createRecommender`. */
export interface RecommenderOptions {
  /** The catalog: an array of items, or a URL of a JSON array or JSON Lines file. */
  catalog: CatalogItem[] | unknown[] | string | URL;
  /** Separates the IndexedDB data of different catalogs on one site. Default: derived from the catalog URL, else `default`. */
  namespace?: string;
  /** Model id: `use-lite-en` (default, built in) or a Hugging Face feature-extraction model. */
  model?: string;
  /** `q8` (default: int8 weights, 7 MB) or `fp32` (28 MB). */
  dtype?: 'fp32' | 'q8';
  /** `auto` (default) uses WebGPU only on a real GPU adapter, else WASM. */
  device?: 'auto' | 'webgpu' | 'wasm';
  /** Which fields become the embedded text; see the catalog section of the README. */
  textRule?: TextRule;
  /** Index kind; `auto` (default) is exact float32 up to 50k items, int8 + re-rank above. */
  index?: IndexKind | 'auto';
  /** Texts per model run. Default 32. */
  batchSize?: number;
  /** Folder holding `models/`, `ort/` and `inpage-rec.worker.js`. Default: next to the library file. */
  assetsBase?: string | URL;
  /** Allows fetching a non-built-in model from the Hugging Face Hub (a request beyond your origin). */
  allowRemoteModels?: boolean;
}

/** Events a recommender emits. */
export interface RecommenderEvents {
  phase: { phase: Phase; message?: string };
  progress: { done: number; total: number };
  report: CatalogReport;
  error: { code: string; message: string };
  backend: NonNullable<EngineStatus['backend']>;
  /** The visitor's history changed (track or forget): "for you" lists should refresh. */
  history: { type: EventType | 'forget'; itemId?: string | number };
}

/** The object `createRecommender` returns. */
export interface Recommender {
  /** Resolves when every catalog item has its vector (immediately useful results come earlier). */
  readonly ready: Promise<EngineStatus>;
  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends keyof RecommenderEvents>(type: K, listener: (event: RecommenderEvents[K]) => void): () => void;
  /** Items similar to `itemId`. */
  similar(itemId: string | number, options?: RankOptions): Promise<Recommendation[]>;
  /** Items for this visitor, from their own history (kept in this browser only). */
  forYou(options?: RankOptions): Promise<Recommendation[]>;
  /** Semantic search over the catalog. */
  search(query: string, options?: RankOptions): Promise<Recommendation[]>;
  /** Records a visitor event in this browser's IndexedDB. Nothing is sent anywhere. */
  track(event: { type: EventType; itemId: string | number }): Promise<void>;
  /** Replaces the catalog; only new or changed items are embedded again. */
  update(catalog: CatalogItem[] | unknown[] | string | URL): Promise<UpdateResult>;
  /** Erases this visitor's history. */
  forget(): Promise<void>;
  /** What the engine has done so far (phase, counts, backend, timings). */
  status(): Promise<EngineStatus>;
  /** Stops the worker. */
  destroy(): Promise<void>;
}

let defaultAssetsBase: string | undefined;

/**
 * Set by each entry point (ESM or script tag) to its own URL: assets live in the same folder.
 * (Entry points pass `import.meta.url` as is: bundlers rewrite `new URL('./', import.meta.url)`.)
 */
export function setDefaultAssetsBase(moduleUrl: string): void {
  defaultAssetsBase ??= new URL('./', moduleUrl).href;
}

function absolute(url: string | URL): string {
  return new URL(url, globalThis.location?.href).href;
}

/** Starts a module worker; a cross-origin script (e.g. a CDN) needs a same-origin blob shim. */
function spawnWorker(url: string): Worker {
  if (new URL(url).origin === globalThis.location?.origin) return new Worker(url, { type: 'module', name: 'inpage-rec' });
  const shim = URL.createObjectURL(new Blob([`import ${JSON.stringify(url)};`], { type: 'text/javascript' }));
  return new Worker(shim, { type: 'module', name: 'inpage-rec' });
}

/** Creates a recommender for one catalog. Call it in a browser page. */
export function createRecommender(options: RecommenderOptions): Recommender {
  if (!options || options.catalog === undefined)
    throw new InpageRecError(ErrorCodes.INVALID_OPTION, 'createRecommender needs a `catalog` (items or a URL)');
  const base = options.assetsBase ?? defaultAssetsBase;
  if (!base)
    throw new InpageRecError(ErrorCodes.INVALID_OPTION, 'assetsBase is unknown: pass the URL of the folder holding models/ and ort/');
  const assetsBase = absolute(new URL('./', absolute(base)));
  const catalog = Array.isArray(options.catalog) ? options.catalog : absolute(options.catalog);
  const namespace = options.namespace ?? (typeof catalog === 'string' ? new URL(catalog).pathname : 'default');
  installErrorTransfer();
  const worker = spawnWorker(new URL('inpage-rec.worker.js', assetsBase).href);
  const engine: Remote<EngineApi> = wrap<EngineApi>(worker);
  const listeners = new Map<string, Set<(e: never) => void>>();
  const fire = (type: string, payload: unknown) => {
    for (const l of listeners.get(type) ?? []) (l as (e: unknown) => void)(payload);
  };
  let destroyed = false;

  const onEvent = (e: EngineEvent) => {
    if (e.type === 'phase') fire('phase', { phase: e.phase, message: e.message });
    else if (e.type === 'progress') fire('progress', { done: e.done, total: e.total });
    else if (e.type === 'report') fire('report', e.report);
    else if (e.type === 'backend') fire('backend', e.backend);
    else fire('error', { code: e.code, message: e.message });
  };
  const ready = engine.init(
    {
      catalog,
      namespace,
      model: options.model ?? 'use-lite-en',
      dtype: options.dtype ?? 'q8',
      device: options.device ?? 'auto',
      assetsBase,
      index: options.index ?? 'auto',
      textRule: options.textRule,
      batchSize: options.batchSize ?? 32,
      allowRemoteModels: Boolean(options.allowRemoteModels),
    },
    proxy(onEvent),
  );
  ready.catch(() => undefined); // surfaced through `ready` and the `error` event; never unhandled

  const alive = <T>(call: () => Promise<T>): Promise<T> => {
    if (destroyed) return Promise.reject(new InpageRecError(ErrorCodes.DESTROYED, 'this recommender was destroyed'));
    return call();
  };

  return {
    ready,
    on(type, listener) {
      if (!listeners.has(type)) listeners.set(type, new Set());
      listeners.get(type)!.add(listener as (e: never) => void);
      return () => listeners.get(type)?.delete(listener as (e: never) => void);
    },
    similar: (itemId, o) => alive(() => engine.similar(itemId, o)),
    forYou: (o) => alive(() => engine.forYou(o)),
    search: (q, o) => alive(() => engine.search(q, o)),
    track: (e) =>
      alive(async () => {
        await engine.track(e);
        fire('history', { type: e.type, itemId: e.itemId });
      }),
    update: (c) => alive(() => engine.update(Array.isArray(c) ? c : absolute(c))),
    forget: () =>
      alive(async () => {
        await engine.forget();
        fire('history', { type: 'forget' });
      }),
    status: () => alive(() => engine.status()),
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      await engine.destroy().catch(() => undefined);
      worker.terminate();
    },
  };
}
