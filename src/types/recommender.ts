/** The page API: `createRecommender`'s options, its events and the object it returns. */
import type { BuiltInCalls } from '../modes/index.ts';
import type { CatalogItem, CatalogReport, TextRule } from './catalog.ts';
import type { HistoryChange, TrackEvent } from './history.ts';
import type { IndexKind } from './ranking.ts';
import type { Backend, EngineStatus, Phase, UpdateResult } from './status.ts';

/** Options of `createRecommender`. */
export interface RecommenderOptions {
  /**
   * The catalog: an array of items, or a URL of a JSON array or JSON Lines file. Required unless
   * `remote` is given; with `remote` it is the fallback the page ranks with when the endpoint fails.
   */
  catalog?: CatalogItem[] | unknown[] | string | URL;
  /**
   * URL of a retrieval endpoint (`inpage-rec serve`, or the `inpage-rec/server` handler) over a
   * database the catalog was loaded into (`inpage-rec build --to`): the worker sends each list's
   * request there instead of ranking a catalog in the page, for catalogs no page can hold. The
   * visitor's history stays in the page: "for you" sends a profile vector and the ids to leave out,
   * never the events (docs/guide/remote.md lists what the server learns). `model` must be the one
   * the database was built with. With `remote`, `diversity` and `minScore` apply only when the page
   * ranks itself.
   */
  remote?: string | URL;
  /** How long a request to `remote` may take before the page gives up on it, in ms (100 to 60000). Default 3000. */
  remoteTimeoutMs?: number;
  /** Separates the IndexedDB data of different catalogs on one site. Default: derived from the catalog URL, else `default`. */
  namespace?: string;
  /** Model id: `use-lite-en` (default, built in) or a Hugging Face feature-extraction model. */
  model?: string;
  /** `q8` (default: int8 weights, 7 MB) or `fp32` (28 MB). */
  dtype?: 'fp32' | 'q8';
  /** `auto` (default) uses WebGPU only on a real GPU adapter, else WASM. */
  device?: 'auto' | 'webgpu' | 'wasm';
  /**
   * WASM threads of the encoder, used only on a cross-origin isolated page (1 to 16). Default: all
   * cores but one, at most 4, so the page keeps a core for its own work while the catalog embeds.
   */
  threads?: number;
  /**
   * A request (catalog, prebuilt vectors, model, WASM) that receives no bytes for this long, in ms
   * (100 to 600000), is abandoned with `NETWORK_STALLED` and the visit falls back: the page
   * embeds the catalog itself when the vectors stall, answers with keyword results when the model
   * does. Default 15000.
   */
  stallTimeoutMs?: number;
  /**
   * A worker that does not answer its page for this long, in ms (0, or 5000 to 600000), is taken
   * for stuck (an endless loop, or running out of memory): it is stopped, waiting calls reject
   * with `WORKER_FAILED`, and one new worker starts from IndexedDB, as when a worker dies.
   * Default 30000, or 250 per text of `batchSize` when that is more (a model run blocks the worker);
   * 0 turns the watch off (say, to pause the worker in a debugger).
   */
  workerTimeoutMs?: number;
  /** Which fields become the embedded text; see docs/guide/catalog.md. */
  textRule?: TextRule;
  /**
   * Index kind; `auto` (default): exact `flat` up to 5,000 items, then `binary` re-ranked from
   * float32 rows up to 32,000, then from int8 codes and residual bits (see `autoIndex`).
   */
  index?: IndexKind | 'auto';
  /** Texts per model run. Default 32. */
  batchSize?: number;
  /** Folder holding `models/`, `ort/`, `inpage-rec.worker.js` and `inpage-rec.encoder.js`. Default: next to the library file. */
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
   * Pins the prebuilt vectors to one build, as Subresource Integrity pins a script: the
   * `sha256-<base64>` of its manifest.json, which `inpage-rec build` prints. A manifest that does
   * not match is an `ARTIFACT_INVALID` error and the page embeds the catalog itself; the manifest
   * holds the SHA-256 of every file, so the pin covers the whole artifact.
   */
  vectorsIntegrity?: string;
  /**
   * Load the model at start even when prebuilt vectors cover the catalog (default false: it loads on
   * the first search, which answers lexically until then).
   */
  preloadModel?: boolean;
  /**
   * With prebuilt vectors, load the model once the visit is idle to check a sample of them against
   * the page's own encoder (default true; a forged artifact is refused then). Skipped for a visitor
   * who saves data. `false`: the check waits until something else loads the model (a search).
   */
  checkVectorsAtIdle?: boolean;
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
  history: HistoryChange;
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

/**
 * What a recommender does besides ranking: its lifecycle, events, history and catalog. A
 * recommender of other modes (a test fixture's registry) shares it.
 */
export interface RecommenderCore {
  /** Resolves when every catalog item has its vector (immediately useful results come earlier). */
  readonly ready: Promise<EngineStatus>;
  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends keyof RecommenderEvents>(type: K, listener: (event: RecommenderEvents[K]) => void): () => void;
  /**
   * Gets search ready before the first query: builds the keyword index (each page view's worker
   * builds it once, in slices: ~0.5 s at 10k items, ~6-9 s at 100k), loads the model (a download
   * when prebuilt vectors cover the catalog) and embeds the catalog's labels, which search reads
   * shoppers' words as ("coop": Co-op; ~2 s for a few hundred labels in one thread). The search
   * widget calls it when its input gets focus. Resolves when all are done; a model that fails to
   * load does not reject it (the `error` event says so, and search answers by keywords).
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

/**
 * The object `createRecommender` returns: one method per mode (`similar`, `complements`, `forYou`,
 * `search`; each mode's file in src/modes declares its method and doc comment) plus the core.
 */
export interface Recommender extends RecommenderCore, BuiltInCalls {}
