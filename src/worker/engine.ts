/**
 * The worker-side engine: a thin facade over the parts that do the work. It owns the lifecycle
 * (phases, errors, one catalog update at a time) and wires catalog sync, the embed loop, the
 * ranking router, the visitor's history and index training together. Everything heavy runs in
 * this worker; the page only renders.
 */

import type { Artifact } from '../artifact/index.ts';
import type { CatalogEntry } from '../catalog/index.ts';
import { type Encoder, resolveModel } from '../encoder/index.ts';
import { createError, ErrorCodes, InpageRecError } from '../errors.ts';
import { modelKey } from '../model-key.ts';
import { decodeSignals, SignalLookup } from '../signals/index.ts';
import type { Store } from '../storage/index.ts';
import type { CatalogReport, EngineStatus, Phase, RankOptions, Recommendation, TrackEvent, UpdateResult } from '../types.ts';
import { decodeTrainingState, type TrainingState } from '../vector-index/index.ts';
import { ArtifactSource, adoptArtifact as adoptArtifactVectors } from './artifact-source.ts';
import { CatalogState } from './catalog-state.ts';
import { adoptStoredVectors, applyCatalog, type CatalogSyncHooks, loadFromStore } from './catalog-sync.ts';
import { runEmbedLoop } from './embed-loop.ts';
import { defaultDeps, type EngineDeps } from './engine-deps.ts';
import { IndexTraining } from './index-training.ts';
import type { EngineApi, EngineConfig, EngineEvent } from './protocol.ts';
import { Ranking } from './ranking.ts';
import { openResilientStore, type StorageMode } from './resilient-store.ts';
import { browserTabApis, type TabMessage, TabSync } from './tab-sync.ts';
import { VisitorHistory } from './visitor-history.ts';

/** A promise with its resolve/reject exposed; rejections are also observed so none goes unhandled. */
function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

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
  private encoder: Promise<Encoder> | undefined;
  private loadedEncoder: Encoder | undefined;
  private readonly training = new IndexTraining(
    (index) => this.store.setSetting(this.trainingKey(), index.exportTraining()),
    (err) => this.emit({ type: 'error', code: ErrorCodes.INDEX_FAILED, message: `index training failed: ${String(err)}` }),
  );
  private readonly started = performance.now();
  private artifact: ArtifactSource | undefined;
  /** The site's signals from the prebuilt artifact (stored, so return visits have them too). */
  private signals: SignalLookup | undefined;
  private readonly stats = {
    fromArtifact: 0,
    embedded: 0,
    fromCache: 0,
    embedMs: 0,
    firstResultsMs: undefined as number | undefined,
    readyMs: undefined as number | undefined,
  };
  private report: CatalogReport | undefined;
  private readonly phaseTimes: Partial<Record<Phase, number>> = {};
  private failure: EngineStatus['error'];
  private storageMode: () => StorageMode = () => 'indexeddb';
  private tabs: TabSync | undefined;
  /** True while another tab holds the embedding lock and this one waits for it. */
  private waitingForTab = false;
  private work: Promise<unknown> = Promise.resolve();
  /** Calls that arrive before init got that far wait on these (comlink delivers them at once). */
  private readonly storeOpen = deferred();
  private readonly catalogKnown = deferred();

  constructor(private readonly deps: EngineDeps = defaultDeps) {}

  async init(config: EngineConfig, onEvent: (event: EngineEvent) => void): Promise<EngineStatus> {
    this.cfg = config;
    this.emit = onEvent;
    try {
      const opened = await openResilientStore(config.namespace, this.deps.openStore, (w) => this.emit({ type: 'warning', ...w }));
      this.store = opened.store;
      this.storageMode = opened.mode;
      this.history = new VisitorHistory(this.store);
      await this.history.load();
      this.storeOpen.resolve();
      const spec = resolveModel(config.model);
      const dims = spec.dims ?? (await this.store.getSetting<number>(`dims:${config.model}`)) ?? (await this.getEncoder()).dims;
      this.key = modelKey(config.model, dims, config.dtype);
      this.state = new CatalogState(dims, config.index, await this.store.getSetting<TrainingState>(this.trainingKey()));
      const savedSignals = await this.store.getSetting<{ bytes: Uint8Array; keys: string[] }>(this.signalsKey());
      if (savedSignals) this.useSignals(savedSignals.bytes, savedSignals.keys);
      this.ranking = new Ranking({
        state: this.state,
        history: this.history,
        ready: () => this.phase === 'ready',
        embedQuery: async (query) => (await this.getEncoder()).embed([query]),
        encoderLoaded: () => this.loadedEncoder !== undefined,
        loadEncoder: () => this.loadEncoderInBackground(),
        signals: () => this.signals,
      });
      if (config.vectors) {
        this.artifact = new ArtifactSource({
          url: config.vectors,
          modelKey: this.key,
          textRule: config.textRule,
          onProgress: (done, total) => this.emit({ type: 'progress', done, total, unit: 'bytes' }),
          onProblem: (kind, code, message) => this.emit({ type: kind, code, message }),
        });
      }
      this.tabs = new TabSync(config.namespace, this.deps.tabs ?? browserTabApis(), (m) => this.onTabMessage(m));
      if ((await loadFromStore(this.syncHooks())) > 0) this.setPhase('cached', `${this.state.indexed} items from IndexedDB`);
      // A first visit with prebuilt vectors: download them while the catalog loads and validates.
      else void this.artifact?.get();
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
    void this.training.schedule(this.state.index);
    if (this.cfg.preloadModel) this.loadEncoderInBackground();
    return result;
  }

  private syncHooks(): CatalogSyncHooks {
    return {
      store: this.store,
      state: this.state,
      modelKey: this.key,
      textRule: this.cfg.textRule,
      embed: (todo) => this.embed(todo),
      onReport: (report) => {
        this.report = report;
        this.emit({ type: 'report', report });
      },
      onEntries: () => this.catalogKnown.resolve(),
      onReused: (count) => {
        this.stats.fromCache += count;
        if (this.state.indexed > 0) this.markFirstResults();
      },
      fromArtifact: this.artifact && ((todo) => this.adoptArtifact(todo)),
    };
  }

  /** Takes vectors for `todo` from the prebuilt artifact (fetched once): indexes them, then stores them. */
  private async adoptArtifact(todo: CatalogEntry[]): Promise<{ persisted: Promise<void> }> {
    this.setPhase('loading-vectors');
    const artifact = await this.artifact!.get();
    if (!artifact) return { persisted: Promise.resolve() };
    await this.adoptSections(artifact);
    const { persisted } = adoptArtifactVectors(
      artifact,
      todo,
      (entries, vectors) => {
        this.state.addVectors(entries, vectors);
        this.stats.fromArtifact += entries.length;
        this.markFirstResults();
      },
      (entries, vectors) =>
        this.store.putVectors(
          this.key,
          this.state.dims,
          entries.map((e) => e.hash),
          vectors,
        ),
    );
    return { persisted };
  }

  /** Embeds `todo`, one tab of this namespace at a time; what another tab stored meanwhile is reused. */
  private async embed(todo: CatalogEntry[]): Promise<void> {
    if (todo.length === 0) return;
    this.waitingForTab = true;
    await this.tabs!.withEmbedLock(async () => {
      this.waitingForTab = false;
      const remaining = await adoptStoredVectors(this.syncHooks(), todo);
      await this.embedHere(remaining);
    });
  }

  private async embedHere(todo: CatalogEntry[]): Promise<void> {
    this.stats.embedMs += await runEmbedLoop(todo, {
      encoder: () => this.getEncoder(),
      batchSize: this.cfg.batchSize,
      onStart: () => this.setPhase('embedding'),
      onBatch: async (batch, vectors) => {
        const before = this.ranking.vectorsUsable();
        this.state.addVectors(batch, vectors);
        // Half the catalog has vectors now: every list would rank better, so tell the page.
        if (!before && this.ranking.vectorsUsable()) this.emit({ type: 'refresh', reason: 'vectors' });
        await this.store.putVectors(
          this.key,
          this.state.dims,
          batch.map((e) => e.hash),
          vectors,
        );
        this.stats.embedded += batch.length;
        this.markFirstResults();
        // A big catalog outgrows the exact scan while it embeds: train as soon as the index asks.
        void this.training.schedule(this.state.index);
      },
      onProgress: (done, total) => {
        this.emit({ type: 'progress', done, total });
        this.tabs?.post({ type: 'progress', done, total });
      },
    });
  }

  /** What another tab of this site and namespace did. */
  private onTabMessage(m: TabMessage): void {
    if (m.type === 'progress') {
      // This tab waits for that one's embedding: show its progress here too.
      if (this.waitingForTab) this.emit({ type: 'progress', done: m.done, total: m.total });
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

  private getEncoder(): Promise<Encoder> {
    this.encoder ??= (async () => {
      const previous = this.phase;
      this.setPhase('loading-model');
      const encoder = await this.deps.createEncoder({
        model: this.cfg.model,
        dtype: this.cfg.dtype,
        device: this.cfg.device,
        modelBase: new URL('models/', this.cfg.assetsBase).href,
        wasmBase: new URL('ort/', this.cfg.assetsBase).href,
        batchSize: this.cfg.batchSize,
        allowRemote: this.cfg.allowRemoteModels,
      });
      this.loadedEncoder = encoder;
      await this.store.setSetting(`dims:${this.cfg.model}`, encoder.dims);
      this.emit({ type: 'backend', backend: encoder.backend });
      if (this.phase === 'loading-model') this.setPhase(previous);
      return encoder;
    })();
    return this.encoder;
  }

  /** Where the index's learnt state (quantizer ranges, centroids) is kept between visits. */
  private trainingKey(): string {
    return `index-training:${this.key}`;
  }

  /**
   * The artifact's optional sections: the index's learnt state (installed before its vectors, so a
   * first visit never trains) and the site's signals (kept in IndexedDB for later visits). A
   * section that does not fit this catalog is reported and ignored.
   */
  private async adoptSections(artifact: Artifact): Promise<void> {
    const index = artifact.sections.get('index');
    if (index) {
      try {
        this.state.useTraining(decodeTrainingState(index));
      } catch (err) {
        this.emit({ type: 'warning', code: ErrorCodes.ARTIFACT_INVALID, message: `prebuilt index state ignored: ${String(err)}` });
      }
    }
    const bytes = artifact.sections.get('signals');
    if (!bytes) return;
    const keys = [...artifact.keys];
    if (this.useSignals(bytes, keys)) await this.store.setSetting(this.signalsKey(), { bytes, keys });
  }

  /** Installs the site's signals; false (reported) when they do not decode for `keys`. */
  private useSignals(bytes: Uint8Array, keys: string[]): boolean {
    try {
      this.signals = new SignalLookup(decodeSignals(bytes, keys), keys);
      return true;
    } catch (err) {
      this.emit({
        type: 'warning',
        code: ErrorCodes.ARTIFACT_INVALID,
        message: `the site signals were ignored: ${(err as Error).message}`,
      });
      return false;
    }
  }

  /** Where the site's signals are kept between visits. */
  private signalsKey(): string {
    return `signals:${this.key}`;
  }

  /** Loads the encoder off any query; the page hears `refresh` (searches rank by vectors from now on). */
  private loadEncoderInBackground(): void {
    if (this.encoder) return;
    this.getEncoder().then(
      () => this.emit({ type: 'refresh', reason: 'model' }),
      (err) => {
        const e = err instanceof InpageRecError ? err : createError(ErrorCodes.MODEL_FAILED, String(err), err);
        this.emit({ type: 'error', code: e.code, message: e.message });
      },
    );
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
    const index = this.state?.index;
    const encoder = this.loadedEncoder;
    return {
      phase: this.phase,
      items: this.state?.entries.size ?? 0,
      indexed: this.state?.indexed ?? 0,
      embedded: this.stats.embedded,
      fromCache: this.stats.fromCache,
      fromArtifact: this.stats.fromArtifact,
      encoderRuns: encoder?.runs ?? 0,
      backend: encoder?.backend,
      indexKind: index?.kind,
      indexTrained: index ? !index.needsTraining : undefined,
      indexKernels: index?.kernels,
      modelKey: this.key,
      timings: {
        firstResultsMs: this.stats.firstResultsMs,
        readyMs: this.stats.readyMs,
        embedMs: this.stats.embedMs,
        trainMs: this.training.ms,
        phases: { ...this.phaseTimes },
      },
      report: this.report,
      error: this.failure,
      storage: this.storageMode(),
    };
  }

  async destroy(): Promise<void> {
    this.tabs?.close();
    this.store?.close();
    const encoder = await this.encoder?.catch(() => undefined);
    await encoder?.dispose();
  }
}
