/** What the engine reports of itself: its phase, counts, backend and timings. */
import type { CatalogReport } from './catalog.ts';

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
  /**
   * The shop's learned space (the artifact's `learned` section), when the page has one: its
   * dimensions and how many items it places, of them `placed` by this page from their text (items
   * the build never saw, placed when "for you" next ranks after they have text vectors). "For
   * you" ranks in it.
   */
  learned?: { dims: number; items: number; placed: number };
  /**
   * The check of the prebuilt vectors against this page's encoder (a sample of their items embedded
   * here): `pending` until the model loads, then `verified` or `refused` (the vectors were dropped).
   */
  vectorsCheck?: 'pending' | 'verified' | 'refused';
  /**
   * The retrieval endpoint (option `remote`): its URL, whether calls go to it now (false for a
   * while after it failed), and its answered and failed requests so far.
   */
  remote?: { url: string; available: boolean; answered: number; failed: number };
  /**
   * The catalog's validation report, with its first 20 problems listed and the rest counted in
   * `unlisted`: `status()` is cheap to call often. The `report` event carries every problem.
   */
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
