/**
 * The engine's context: everything its parts share, made once per worker by `openContext`. A
 * part takes the context (or the `Pick` of it that it reads) instead of a bag of hooks, and
 * reaches the other parts through it; parts are built in dependency order, and none reads a part
 * built after it until a call reaches it.
 */

import { resolveTextRule } from '../catalog/index.ts';
import { createEncoder, type Encoder, type EncoderOptions, resolveModel } from '../encoder/index.ts';
import { ErrorCodes } from '../errors.ts';
import { modelKey, projectedModel } from '../model-key.ts';
import type { Ranker } from '../modes/rankers.ts';
import { getFromParts, openStore, removeParts, type Store, setInParts } from '../storage/index.ts';
import type { TrainingState } from '../vector-index/index.ts';
import { CatalogState } from './catalog/catalog-state.ts';
import { Embedding } from './catalog/embedding.ts';
import { EncoderLoader } from './encoder-loader.ts';
import type { Lifecycle } from './lifecycle.ts';
import { IndexSaver, trainingKey } from './persistence/index-saver.ts';
import { IndexTraining } from './persistence/index-training.ts';
import { openResilientStore, type StorageMode } from './persistence/resilient-store.ts';
import { browserTabApis, type TabApis, type TabMessage, TabSync } from './persistence/tab-sync.ts';
import { VisitorHistory } from './persistence/visitor-history.ts';
import { readArtifactSpace, type SpaceRead } from './prebuilt/artifact-space.ts';
import { EarlyAnswers } from './prebuilt/early-answers.ts';
import { PrebuiltVectors } from './prebuilt/prebuilt.ts';
import { SampleCheck } from './prebuilt/sample-check.ts';
import type { EngineConfig } from './protocol.ts';
import { Ranking } from './ranking/router.ts';
import { RemoteRanking } from './remote/remote-ranking.ts';

/** The settings key of the stored word-overlap index (catalog/catalog-word-overlap.ts). */
const WORD_OVERLAP_KEY = 'word-index';

/**
 * What the engine builds on, injectable: the IndexedDB store and the encoder. The worker passes
 * the real ones; unit tests pass a store on fake-indexeddb and a small deterministic encoder.
 */
export interface EngineDeps {
  /** Opens the storage of one catalog namespace. */
  openStore(namespace: string): Promise<Store>;
  /** Loads an encoder. */
  createEncoder(options: EncoderOptions): Promise<Encoder>;
  /** Web Locks and BroadcastChannel for many tabs; default: the browser's own. */
  tabs?: TabApis;
  /** Hears the configuration first, before anything is fetched (worker.ts sets the stall limit). */
  configure?(config: EngineConfig): void;
  /** How long a search waits for the keyword index (ranking/keyword-wait.ts); default `KEYWORD_WAIT_MS`. */
  keywordWaitMs?: number;
  /** Smaller artifacts are fetched whole, without their head first (prebuilt/artifact-head.ts); default `HEAD_MIN_BYTES`. */
  headMinBytes?: number;
  /** The retrieval endpoint's `fetch` (remote/remote-endpoint.ts); default the global one. */
  fetch?: typeof fetch;
}

/** The real parts: IndexedDB through `idb`, transformers.js. */
export const defaultDeps: EngineDeps = {
  openStore: (namespace) => openStore(namespace),
  createEncoder,
};

/** What the engine opens before it knows the model: the visit's storage and the visitor's history. */
export interface Visit {
  readonly config: EngineConfig;
  readonly deps: EngineDeps;
  readonly life: Lifecycle;
  /** IndexedDB, or memory when it could not be opened (resilient-store.ts). */
  readonly store: Store;
  readonly storageMode: () => StorageMode;
  readonly history: VisitorHistory;
  /** The encoder, loaded on first need (a visit whose vectors are all stored or prebuilt may never). */
  readonly encoder: EncoderLoader;
}

/** Opens the visit's storage and reads the visitor's history. */
export async function openVisit(config: EngineConfig, deps: EngineDeps, life: Lifecycle): Promise<Visit> {
  const opened = await openResilientStore(config.namespace, deps.openStore, (w) => life.emit({ type: 'warning', ...w }));
  const history = new VisitorHistory(opened.store);
  await history.load();
  const visit = { config, deps, life, store: opened.store, storageMode: opened.mode, history };
  return { ...visit, encoder: new EncoderLoader(visit) };
}

/** Everything the engine's parts share, and the parts. */
export class EngineContext implements Visit {
  readonly config: EngineConfig;
  readonly deps: EngineDeps;
  readonly life: Lifecycle;
  readonly store: Store;
  readonly storageMode: () => StorageMode;
  readonly history: VisitorHistory;
  /** Model id, dims and dtype: what every stored vector is keyed by. */
  readonly modelKey: string;
  readonly state: CatalogState;
  readonly encoder: EncoderLoader;
  readonly tabs: TabSync;
  readonly prebuilt: PrebuiltVectors;
  readonly ranking: Ranking;
  readonly training: IndexTraining;
  readonly embedding: Embedding;
  readonly saver: IndexSaver;
  /** Checks adopted prebuilt vectors against the page's encoder once it is loaded. */
  readonly sampleCheck: SampleCheck;
  /** The retrieval endpoint's ranking, when the page gave one (option `remote`). */
  readonly remote: RemoteRanking | undefined;
  /** A first visit's answers before the catalog is in: the head's, the starter's (prebuilt/early-answers.ts). */
  readonly early: EarlyAnswers;
  /** The manifest response the space of the vectors was read from (prebuilt/artifact-space.ts), until taken. */
  private firstManifest: Promise<Response> | undefined;

  /** Use `openContext`. `onTab` hears what other tabs of this site and namespace did. */
  constructor(
    visit: Visit,
    model: { key: string; state: CatalogState; read: SpaceRead },
    rankers: readonly Ranker[],
    onTab: (m: TabMessage) => void,
  ) {
    ({ config: this.config, deps: this.deps, life: this.life, store: this.store } = visit);
    ({ storageMode: this.storageMode, history: this.history, encoder: this.encoder } = visit);
    this.modelKey = model.key;
    this.state = model.state;
    this.firstManifest = model.read.manifest;
    this.early = new EarlyAnswers(visit.life, model.read.starter);
    this.tabs = new TabSync(visit.config.namespace, visit.deps.tabs ?? browserTabApis(), onTab);
    this.prebuilt = new PrebuiltVectors(this);
    this.ranking = new Ranking(this, { signals: () => this.prebuilt.signals, learned: () => this.prebuilt.learned }, rankers);
    this.training = new IndexTraining(
      (index) => {
        this.state.retrained();
        return this.store.setSetting(trainingKey(this.modelKey), index.exportTraining());
      },
      (err) => this.life.emit({ type: 'error', code: ErrorCodes.INDEX_FAILED, message: `index training failed: ${String(err)}` }),
    );
    this.embedding = new Embedding(this);
    this.saver = new IndexSaver(this);
    this.sampleCheck = new SampleCheck(this);
    this.remote = visit.config.remote && new RemoteRanking(this, visit.config.remote, rankers, visit.deps.fetch);
    // A failed check stays pending and runs again with the next visit's encoder.
    this.encoder.onLoaded((encoder) => void this.sampleCheck.run(encoder).catch(() => undefined));
  }

  /** The manifest response the space was read from, once: the artifact download's first request. */
  takeFirstManifest(): Promise<Response> | undefined {
    const first = this.firstManifest;
    this.firstManifest = undefined;
    return first;
  }
}

/**
 * Makes the context of a visit: the space its vectors live in (the projection of prebuilt vectors
 * built with `--dims`, read first: prebuilt/artifact-space.ts), the model's dims (the projection's,
 * known for built-in models, stored by an earlier visit, else the encoder is loaded to learn them),
 * the catalog state with the index's learnt state from the last visit, and the parts.
 */
export async function openContext(visit: Visit, rankers: readonly Ranker[], onTab: (m: TabMessage) => void): Promise<EngineContext> {
  const { config, store, life, encoder } = visit;
  const read = await readArtifactSpace(visit);
  if (read.space) encoder.project(read.space.projection);
  const dims =
    read.space?.projection.outDims ??
    resolveModel(config.model).dims ??
    (await store.getSetting<number>(`dims:${config.model}`)) ??
    (await encoder.get()).dims;
  const key = modelKey(projectedModel(config.model, read.space?.sha256), dims, config.dtype);
  const state = new CatalogState(dims, config.index, await store.getSetting<TrainingState>(trainingKey(key)), {
    // A big catalog's word-overlap index may land after its first answers: lists shown meanwhile refetch.
    onBuilt: () => life.emit({ type: 'refresh', reason: 'words' }),
    rule: resolveTextRule(config.textRule),
    // Kept for the next worker (each page view of a shop starts one): the latest catalog's, written
    // in parts, so IndexedDB's copies of its 11 MB (32k items) are never alive at once.
    storage: {
      load: () => getFromParts(store, WORD_OVERLAP_KEY),
      save: (saved) => setInParts(store, WORD_OVERLAP_KEY, saved),
      remove: () => removeParts(store, WORD_OVERLAP_KEY),
    },
  });
  return new EngineContext(visit, { key, state, read }, rankers, onTab);
}
