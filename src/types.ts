/**
 * The public, shared types of inpage-rec: what a page passes in and gets back. Every layer (the
 * page API, the widget, the React component, the worker, ranking, storage) imports its shared
 * types from here, so a type has one declaration and one doc comment. Implementation-only types
 * stay beside their code.
 */
import type { ErrorCode } from './errors.ts';

// ---------------------------------------------------------------------------------------------
// Catalog

/**
 * One item of a site's catalog, as the site gives it. Only `id` is required; every other attribute
 * (`title`, `description`, `category`, `brand`, `price`, `url`, `image`, `tags`, nested objects...)
 * is optional and free-form. A few known fields are type-checked when the catalog is validated.
 */
export type CatalogItem = { id: string | number; [field: string]: unknown };

/** `'error'`: the item was skipped. `'warning'`: the item was kept, but something about it is off. */
export type ProblemSeverity = 'error' | 'warning';

/** One thing wrong with one input item. */
export interface CatalogProblem {
  /** 0-based position of the item in the input (for JSON Lines sources, the line is in the message). */
  index: number;
  /** `String(id)` when the item has a usable id. */
  id?: string;
  /** The field at fault (`'id'`, `'price'`...); `''` when the problem is the whole item. */
  field: string;
  code: ErrorCode;
  severity: ProblemSeverity;
  /** Names the item (by id when it has one, else by position) and the field, e.g.
   * `item "42" (position 17): field "price" must be a number, got string "abc"`. */
  message: string;
}

/** What validation made of a catalog. `total === valid + skipped`. */
export interface CatalogReport {
  /** Number of input items. */
  total: number;
  /** Number of items kept (including those with warnings). */
  valid: number;
  /** Number of items dropped because of an error. */
  skipped: number;
  /** Every problem found, in input order; an item can have more than one. */
  problems: CatalogProblem[];
}

/** How an item becomes the text the encoder embeds. Every option is optional; see `DEFAULT_TEXT_RULE`. */
export interface TextRule {
  /** Top-level fields used first, in this order, as bare values (no `key:` prefix). */
  fields?: readonly string[];
  /** Also add every other field as `key: value` (default `true`). */
  flattenOthers?: boolean;
  /** Fields never used: top-level names (`'sku'`) or dotted paths into nested objects (`'specs.ean'`). */
  exclude?: readonly string[];
  /** Maximum length of the text in characters (UTF-16 code units), default 1,000. */
  maxLength?: number;
}

// ---------------------------------------------------------------------------------------------
// Visitor history

/** Every event type `track()` accepts, in one list (validation and docs read it). */
export const EVENT_TYPES = ['view', 'click', 'cart', 'purchase', 'dismiss'] as const;

/** What the visitor did with an item. */
export type EventType = (typeof EVENT_TYPES)[number];

/** One visitor event. It is stored on the device only. */
export interface HistoryEvent {
  type: EventType;
  itemId: string;
  /** Milliseconds since the epoch. */
  ts: number;
}

// ---------------------------------------------------------------------------------------------
// Filters and ranking options

/** A value a field can be compared with. */
export type FilterValue = string | number | boolean | null;

/** Numeric bounds; at least one must be given, all given ones must hold. */
export interface RangeCondition {
  gte?: number;
  gt?: number;
  lte?: number;
  lt?: number;
}

/** A condition on one field. */
export type FilterCondition = FilterValue | { in: readonly FilterValue[] } | RangeCondition | { not: FilterCondition };

/**
 * Field name -> condition; all must hold. `{ category: 'shoes' }` (equality; on list fields, any
 * element), `{ tags: { in: ['sale', 'new'] } }`, `{ price: { gte: 10, lt: 50 } }`, `{ brand: { not: 'acme' } }`.
 */
export type Filter = { readonly [field: string]: FilterCondition };

/** Per-call ranking options of the public API. */
export interface RankOptions {
  /** How many items. Default 8. */
  k?: number;
  /** Metadata filter: `{ category: 'Tents' }`, `{ tags: { in: ['kids'] } }`, `{ price: { lte: 50 } }`. */
  filter?: Filter;
  /**
   * Items never to return, e.g. those another list on the page already shows. Applied during the
   * scan like a filter, so `k` results still come back whenever `k` other items qualify.
   */
  excludeIds?: readonly (string | number)[];
  /**
   * 0..1: how much to trade relevance for variety (maximal marginal relevance over the top 3k).
   * Default: chosen per mode on the eval's validation split (README, "Quality"): 0.3 for "for you"
   * with site signals, 0.5 without; 0 (pure relevance) for the other modes.
   */
  diversity?: number;
  /**
   * 0..1: drop results less similar than this share of random item pairs of this catalog (0.99 =
   * closer than 99% of random pairs), instead of padding the list with irrelevant ones. Default 0.
   */
  minScore?: number;
}

/** Index implementations, by name (`createRecommender` checks `index` against this list). */
export const INDEX_KINDS = ['flat', 'int8', 'binary', 'ivf', 'ivf-int8', 'ivf-binary'] as const;

/**
 * Index implementations: exact float32; int8 codes; binary (sign bits of centred vectors) scanned
 * by Hamming distance and re-ranked; inverted lists (IVF) over any of them. See src/vector-index.
 */
export type IndexKind = (typeof INDEX_KINDS)[number];

// ---------------------------------------------------------------------------------------------
// Results and engine state

/** Why an item is recommended: the history item it is closest to ("because you viewed X"). */
export interface Because {
  key: string;
  type: EventType;
}

/** A recommendation as the page receives it: the catalog item itself plus why. */
export interface Recommendation {
  id: string | number;
  item: CatalogItem;
  score: number;
  because?: Because & { id: string | number; title?: string };
  /**
   * True while a fallback answered: the catalog is still embedding (keyword or partial vector
   * ranking), or, for search, a big catalog's keyword index is still building (vectors alone).
   */
  warming: boolean;
  /** Complements only: `signals` for a "bought together" neighbour, `content` for a content-similar fill-in. */
  basis?: 'signals' | 'content';
}

/** The backend the encoder ended up on, reported to the UI and benchmarks. */
export interface Backend {
  device: 'webgpu' | 'wasm' | 'cpu';
  threads: number;
  /** Why this device: shown in the demo's backend panel. */
  reason: string;
}

/** Phases the engine goes through; `ready` means every item has its vector. */
export type Phase = 'starting' | 'cached' | 'loading-catalog' | 'loading-vectors' | 'loading-model' | 'embedding' | 'ready' | 'failed';

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
  /** Items whose vectors came from the prebuilt artifact (`vectors` option) since the worker started. */
  fromArtifact?: number;
  /** Model runs (batches) since the worker started. */
  encoderRuns: number;
  backend?: Backend;
  indexKind?: string;
  /** True once the index finished its training step (always true for kinds that need none). */
  indexTrained?: boolean;
  /** Whether the index scans with the WASM SIMD kernels or the JavaScript fallback (same results). */
  indexKernels?: 'wasm-simd' | 'js';
  modelKey: string;
  /** Milliseconds from worker start to the first usable ranking, and to `ready`. */
  timings: {
    firstResultsMs?: number;
    readyMs?: number;
    embedMs?: number;
    trainMs?: number;
    /**
     * When this worker last saved the index's learnt state, and its codes when it keeps no float
     * rows (large catalogs: the next visit loads them instead of re-encoding every vector), for the
     * next visit; ms after it started.
     */
    indexSavedMs?: number;
    /** When each phase was first entered, ms after the worker started (where the time of a visit goes). */
    phases?: Partial<Record<Phase, number>>;
  };
  /**
   * The word-overlap index, once there is one: read back from IndexedDB (`storage`) or `built`,
   * when (ms after the worker started) and, for a big catalog's build, when it was stored for the
   * next worker. Absent until a ranking needs it (or while a big catalog's is being built).
   */
  wordIndex?: { from: 'storage' | 'built'; readyMs: number; savedMs?: number };
  /**
   * The keyword index (hybrid search's BM25 half), once this worker built it: when, in ms after the
   * worker started. Absent until a search or `prepareSearch()` needs it.
   */
  keywordIndex?: { readyMs: number };
  report?: CatalogReport;
  /** Why the phase is `failed`. */
  error?: { code: string; message: string };
  /**
   * Where this visit's data lives: `indexeddb`; `memory` when IndexedDB could not be opened (the
   * visit works, nothing persists); `partial` when some writes failed (e.g. the quota was hit).
   */
  storage?: 'indexeddb' | 'memory' | 'partial';
}

/** What `update()` did. */
export interface UpdateResult {
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
  report: CatalogReport;
}

// ---------------------------------------------------------------------------------------------
// The page API

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
  /**
   * Index kind; `auto` (default): exact `flat` up to 5,000 items, then `binary` re-ranked from
   * float32 rows up to 32,000, then from int8 codes and residual bits (see `autoIndex`).
   */
  index?: IndexKind | 'auto';
  /** Texts per model run. Default 32. */
  batchSize?: number;
  /** Folder holding `models/`, `ort/` and `inpage-rec.worker.js`. Default: next to the library file. */
  assetsBase?: string | URL;
  /** Allows fetching a non-built-in model from the Hugging Face Hub (a request beyond your origin). */
  allowRemoteModels?: boolean;
  /**
   * URL of prebuilt vectors (the `manifest.json` that `npx inpage-rec build` writes). A first visit
   * then downloads vectors instead of embedding the catalog; only items the artifact lacks, or whose
   * text changed since it was built, are embedded in the browser.
   */
  vectors?: string | URL;
  /**
   * Load the model at start even when prebuilt vectors cover the catalog (default false: it loads on
   * the first search, which answers lexically until then).
   */
  preloadModel?: boolean;
}

/** Events a recommender emits. */
export interface RecommenderEvents {
  phase: { phase: Phase; message?: string };
  /** Embedding progress in items, or (`unit: 'bytes'`) the download of prebuilt vectors. */
  progress: { done: number; total: number; unit?: 'items' | 'bytes' };
  report: CatalogReport;
  error: { code: string; message: string };
  backend: Backend;
  /** A problem the recommender survived, e.g. storage that failed (it then runs in memory). */
  warning: { code: string; message: string };
  /** The visitor's history changed (track or forget): "for you" lists should refresh. */
  history: { type: EventType | 'forget'; itemId?: string | number };
  /**
   * Results would now differ: vector ranking took over from the warming-up fallback (half the
   * catalog has vectors), a catalog update was applied, (`model`) the encoder finished loading,
   * so searches that answered lexically meanwhile now rank semantically, or (`words`) a big
   * catalog's word-overlap index, built in the background, now joins the ranking, or
   * (`keywords`) a big catalog's keyword index, built on the first search, now joins search
   * (searches answered from vectors alone meanwhile, marked `warming`).
   */
  refresh: { reason: 'vectors' | 'catalog' | 'model' | 'words' | 'keywords' };
}

/** A visitor event as `track()` takes it. */
export interface TrackEvent {
  type: EventType;
  itemId: string | number;
}

/** The object `createRecommender` returns. */
export interface Recommender {
  /** Resolves when every catalog item has its vector (immediately useful results come earlier). */
  readonly ready: Promise<EngineStatus>;
  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends keyof RecommenderEvents>(type: K, listener: (event: RecommenderEvents[K]) => void): () => void;
  /** Items similar to `itemId`. */
  similar(itemId: string | number, options?: RankOptions): Promise<Recommendation[]>;
  /**
   * "Frequently bought together" with `itemId`, from the site's signals (`inpage-rec build
   * --interactions`); content-similar items (`basis: 'content'`) when it has none or too few.
   */
  complements(itemId: string | number, options?: RankOptions): Promise<Recommendation[]>;
  /** Items for this visitor, from their own history (kept in this browser only). */
  forYou(options?: RankOptions): Promise<Recommendation[]>;
  /** Semantic search over the catalog. */
  search(query: string, options?: RankOptions): Promise<Recommendation[]>;
  /**
   * Gets search ready before the first query: builds the keyword index (each page view's worker
   * builds it once, in slices: ~0.5 s at 10k items, ~6-9 s at 100k) and loads the model (a
   * download when prebuilt vectors cover the catalog). The search widget calls it when its input
   * gets focus. Resolves when both are done; a model that fails to load does not reject it (the
   * `error` event says so, and search answers by keywords).
   */
  prepareSearch(): Promise<void>;
  /** Records a visitor event in this browser's IndexedDB. Nothing is sent anywhere. */
  track(event: TrackEvent): Promise<void>;
  /** Replaces the catalog; only new or changed items are embedded again. */
  update(catalog: CatalogItem[] | unknown[] | string | URL): Promise<UpdateResult>;
  /** Erases this visitor's history. */
  forget(): Promise<void>;
  /** What the engine has done so far (phase, counts, backend, timings). */
  status(): Promise<EngineStatus>;
  /** Stops the worker. */
  destroy(): Promise<void>;
}
