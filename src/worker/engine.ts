/**
 * The worker-side engine: a thin facade over the parts that do the work. It owns the lifecycle
 * (phases, errors, one catalog update at a time) and wires catalog sync, the embed loop, the
 * ranking router, the visitor's history and index training together. Everything heavy runs in
 * this worker; the page only renders.
 */

import { resolveModel } from '../encoder/index.ts';
import { createError, ErrorCodes, InpageRecError } from '../errors.ts';
import { modelKey } from '../model-key.ts';
import type { Store } from '../storage/index.ts';
import type { CatalogReport, EngineStatus, Phase, RankOptions, Recommendation, TrackEvent, UpdateResult } from '../types.ts';
import type { TrainingState } from '../vector-index/index.ts';
import { CatalogState } from './catalog-state.ts';
import { applyCatalog, type CatalogSyncHooks, loadFromStore } from './catalog-sync.ts';
import { deferred } from './deferred.ts';
import { Embedding } from './embedding.ts';
import { EncoderLoader } from './encoder-loader.ts';
import { defaultDeps, type EngineDeps } from './engine-deps.ts';
import { buildStatus, type EngineStats } from './engine-status.ts';
import { IndexSaver } from './index-saver.ts';
import { IndexTraining } from './index-training.ts';
import { PrebuiltVectors } from './prebuilt.ts';
import type { EngineApi, EngineConfig, EngineEvent } from './protocol.ts';
import { Ranking } from './ranking.ts';
import { openResilientStore, type StorageMode } from './resilient-store.ts';
import { browserTabApis, type TabMessage, TabSync } from './tab-sync.ts';
import { VisitorHistory } from './visitor-history.ts';

/** The settings key of the stored word-overlap index (src/worker/catalog-terms.ts). */
const TERMS_KEY = 'word-index';

/** The engine behind the worker's comlink endpoint. */
export class Engine implements EngineApi {
  private cfg!: EngineConfig;
  private store!: Store;
  private state!: CatalogState;
  private history!: VisitorHistory;
  private ranking!: Ranking;
  private emit: (e: EngineEvent) => void = () => {};
  private phase: Phase = 'starting';
  private key = '';
  private encoder!: EncoderLoader;
  private prebuilt!: PrebuiltVectors;
  private readonly training = new IndexTraining(
    (index) => {
      this.state.retrained();
      return this.store.setSetting(this.trainingKey(), index.exportTraining());
    },
    (err) => this.emit({ type: 'error', code: ErrorCodes.INDEX_FAILED, message: `index training failed: ${String(err)}` }),
  );
  private readonly started = performance.now();
  private readonly stats: Omit<EngineStats, 'embedMs'> = { embedded: 0, fromCache: 0, firstResultsMs: undefined, readyMs: undefined };
  private report: CatalogReport | undefined;
  private readonly phaseTimes: Partial<Record<Phase, number>> = {};
  private failure: EngineStatus['error'];
  private storageMode: () => StorageMode = () => 'indexeddb';
  private tabs: TabSync | undefined;
  private embedding!: Embedding;
  private saver!: IndexSaver;
  private work: Promise<unknown> = Promise.resolve();
  /** Calls that arrive before init got that far wait on these (comlink delivers them at once). */
  private readonly storeOpen = deferred();
  private readonly catalogKnown = deferred();

  constructor(private readonly deps: EngineDeps = defaultDeps) {}

  async init(config: EngineConfig, onEvent: (event: EngineEvent) => void): Promise<EngineStatus> {
    this.cfg = config;
    this.emit = onEvent;
    this.encoder = new EncoderLoader(
      this.deps,
      config,
      () => this.store,
      (e) => this.emit(e),
      {
        start: () => {
          const previous = this.phase;
          this.setPhase('loading-model');
          return () => {
            if (this.phase === 'loading-model') this.setPhase(previous);
          };
        },
      },
    );
    try {
      const opened = await openResilientStore(config.namespace, this.deps.openStore, (w) => this.emit({ type: 'warning', ...w }));
      this.store = opened.store;
      this.storageMode = opened.mode;
      this.history = new VisitorHistory(this.store);
      await this.history.load();
      this.storeOpen.resolve();
      const spec = resolveModel(config.model);
      const dims = spec.dims ?? (await this.store.getSetting<number>(`dims:${config.model}`)) ?? (await this.encoder.get()).dims;
      this.key = modelKey(config.model, dims, config.dtype);
      const store = this.store;
      this.state = new CatalogState(dims, config.index, await store.getSetting<TrainingState>(this.trainingKey()), {
        // A big catalog's word-overlap index may land after its first answers: lists shown meanwhile refetch.
        onBuilt: () => this.emit({ type: 'refresh', reason: 'words' }),
        // Kept for the next worker (each page view of a shop starts one); one record, the latest catalog's.
        storage: {
          load: () => store.getSetting(TERMS_KEY),
          save: (saved) => store.setSetting(TERMS_KEY, saved),
          remove: () => store.setSetting(TERMS_KEY, undefined),
        },
      });
      this.prebuilt = new PrebuiltVectors({
        url: config.vectors,
        modelKey: this.key,
        textRule: config.textRule,
        store: this.store,
        state: this.state,
        emit: (e) => this.emit(e),
        onIndexed: () => this.markFirstResults(),
      });
      await this.prebuilt.loadSaved();
      this.ranking = new Ranking({
        state: this.state,
        history: this.history,
        ready: () => this.phase === 'ready',
        embedQuery: async (query) => (await this.encoder.get()).embed([query]),
        encoderLoaded: () => this.encoder.loaded !== undefined,
        loadEncoder: () => this.encoder.loadInBackground(),
        signals: () => this.prebuilt.signals,
        keywordsBuilt: () => this.emit({ type: 'refresh', reason: 'keywords' }),
        keywordWaitMs: this.deps.keywordWaitMs,
      });
      this.tabs = new TabSync(config.namespace, this.deps.tabs ?? browserTabApis(), (m) => this.onTabMessage(m));
      this.embedding = new Embedding({
        state: this.state,
        store: this.store,
        modelKey: this.key,
        batchSize: config.batchSize,
        tabs: this.tabs,
        encoder: () => this.encoder.get(),
        syncHooks: () => this.syncHooks(),
        emit: (e) => this.emit(e),
        onStart: () => this.setPhase('embedding'),
        vectorsUsable: () => this.ranking.vectorsUsable(),
        onBatch: (count) => {
          this.stats.embedded += count;
          this.markFirstResults();
          // A big catalog outgrows the exact scan while it embeds: train as soon as the index asks.
          void this.training.schedule(this.state.index);
        },
      });
      this.saver = new IndexSaver({ store: this.store, state: this.state, modelKey: this.key, trainingKey: this.trainingKey() });
      if ((await loadFromStore(this.syncHooks())) > 0) {
        // Whatever came from storage is stored already: an unchanged visit writes nothing back.
        this.saver.markSaved();
        this.setPhase('cached', `${this.state.indexed} items from IndexedDB`);
      }
      // A first visit with prebuilt vectors: download them while the catalog loads and validates.
      else this.prebuilt.prefetch();
      this.prebuilt.revalidate();
      this.setPhase('loading-catalog');
      const first = this.sync(config.catalog);
      this.work = first.catch(() => undefined);
      await first;
      return this.status();
    } catch (err) {
      const e = err instanceof InpageRecError ? err : createError(ErrorCodes.STORAGE_FAILED, String(err), err);
      this.failure = { code: e.code, message: e.message };
      this.storeOpen.reject(e);
      this.catalogKnown.reject(e);
      this.setPhase('failed', e.message);
      this.emit({ type: 'error', code: e.code, message: e.message });
      throw e;
    }
  }

  /** Applies a catalog, then marks the engine ready and schedules index training. */
  private async sync(source: unknown[] | string): Promise<UpdateResult> {
    const result = await applyCatalog(source, this.syncHooks());
    this.stats.readyMs ??= performance.now() - this.started;
    this.setPhase('ready');
    // Train if the index asks, then keep its state and codes for the next visit.
    void this.training.schedule(this.state.index).then(() => this.saver.save());
    if (this.cfg.preloadModel) this.encoder.loadInBackground();
    return result;
  }

  private syncHooks(): CatalogSyncHooks {
    return {
      store: this.store,
      state: this.state,
      modelKey: this.key,
      textRule: this.cfg.textRule,
      embed: (todo) => this.embedding.run(todo),
      onReport: (report) => {
        this.report = report;
        this.emit({ type: 'report', report });
      },
      onEntries: () => {
        this.catalogKnown.resolve();
        this.ranking.prefetchTerms();
      },
      onReused: (count) => {
        this.stats.fromCache += count;
        if (this.state.indexed > 0) this.markFirstResults();
      },
      fromArtifact: this.prebuilt.enabled
        ? (todo) => {
            this.setPhase('loading-vectors');
            return this.prebuilt.adopt(todo);
          }
        : undefined,
      artifactHashes: this.prebuilt.enabled ? (sha256) => this.prebuilt.catalogHashes(sha256) : undefined,
    };
  }

  /** What another tab of this site and namespace did. */
  private onTabMessage(m: TabMessage): void {
    if (m.type === 'progress') {
      // This tab waits for that one's embedding: show its progress here too.
      if (this.embedding.waitingForTab) this.emit({ type: 'progress', done: m.done, total: m.total });
    } else if (m.type === 'history') {
      // A view, dismissal or forget() in another tab: re-read the history so this tab honours it.
      void this.history
        .load()
        .then(() => this.emit({ type: 'history', change: m.event }))
        .catch(() => undefined);
    } else {
      // Another tab applied a catalog update and stored it: adopt it without fetching again.
      const run = this.work.then(async () => {
        await loadFromStore(this.syncHooks());
        this.emit({ type: 'refresh', reason: 'catalog' });
      });
      this.work = run.catch(() => undefined);
    }
  }

  /** Where the index's learnt state (quantizer ranges, centroids) is kept between visits. */
  private trainingKey(): string {
    return `index-training:${this.key}`;
  }

  private setPhase(phase: Phase, message?: string): void {
    this.phaseTimes[phase] ??= Math.round(performance.now() - this.started);
    this.phase = phase;
    this.emit({ type: 'phase', phase, message });
  }

  private markFirstResults(): void {
    this.stats.firstResultsMs ??= performance.now() - this.started;
  }

  async similar(itemId: string | number, options?: RankOptions): Promise<Recommendation[]> {
    await this.catalogKnown.promise;
    return this.ranking.similar(itemId, options);
  }

  async complements(itemId: string | number, options?: RankOptions): Promise<Recommendation[]> {
    await this.catalogKnown.promise;
    return this.ranking.complements(itemId, options);
  }

  async forYou(options?: RankOptions): Promise<Recommendation[]> {
    await this.catalogKnown.promise;
    return this.ranking.forYou(options);
  }

  async search(query: string, options?: RankOptions): Promise<Recommendation[]> {
    await this.catalogKnown.promise;
    return this.ranking.search(query, options);
  }

  /**
   * Builds the keyword index and loads the encoder ahead of a first search (the page has a search
   * box in focus). Without it each waits for a search: a visit that never searches pays neither.
   */
  async prepareSearch(): Promise<void> {
    await this.catalogKnown.promise;
    this.encoder.loadInBackground(); // reports a failure as an `error` event; search then answers by keywords
    await Promise.all([this.state.keywordAsync(), this.encoder.get().catch(() => undefined)]);
  }

  async track(event: TrackEvent): Promise<void> {
    await this.storeOpen.promise;
    await this.history.track(event);
    this.tabs?.post({ type: 'history', event: { type: event.type, itemId: String(event.itemId) } });
  }

  update(catalog: unknown[] | string): Promise<UpdateResult> {
    // Updates run one at a time; queries keep being answered from the current vectors meanwhile.
    const run = this.work.then(async () => {
      try {
        const result = await this.sync(catalog);
        this.emit({ type: 'refresh', reason: 'catalog' });
        this.tabs?.post({ type: 'catalog' });
        return result;
      } catch (err) {
        // The previous catalog's vectors keep answering; the page hears what went wrong.
        const e = err instanceof InpageRecError ? err : createError(ErrorCodes.STORAGE_FAILED, String(err), err);
        const complete = [...this.state.entries.values()].every((entry) => this.state.isCurrent(entry));
        this.setPhase(complete ? 'ready' : 'failed', e.message);
        this.emit({ type: 'error', code: e.code, message: e.message });
        throw e;
      }
    });
    this.work = run.catch(() => undefined);
    return run;
  }

  async forget(): Promise<void> {
    await this.storeOpen.promise;
    await this.history.forget();
    this.tabs?.post({ type: 'history', event: { type: 'forget' } });
  }

  /** Answers in every phase, without waiting for anything. */
  async status(): Promise<EngineStatus> {
    return buildStatus({
      phase: this.phase,
      state: this.state,
      encoder: this.encoder?.loaded,
      stats: { ...this.stats, embedMs: this.embedding?.ms ?? 0 },
      fromArtifact: this.prebuilt?.adopted ?? 0,
      trainMs: this.training.ms,
      indexSavedMs: this.saver?.savedAt === undefined ? undefined : this.saver.savedAt - this.started,
      phaseTimes: this.phaseTimes,
      modelKey: this.key,
      report: this.report,
      failure: this.failure,
      storage: this.storageMode(),
      started: this.started,
    });
  }

  async destroy(): Promise<void> {
    this.tabs?.close();
    this.store?.close();
    await this.encoder?.dispose();
  }
}
