/**
 * The worker-side engine: owns the store, the encoder, the index and the catalog, and answers the
 * page's queries. Everything heavy (validation, hashing, encoding, indexing, ranking) runs here.
 */
import { type CatalogEntry, itemText, loadCatalog, validateCatalog } from '../catalog/index.ts';
import { createEncoder, type Encoder, resolveModel } from '../encoder/index.ts';
import { createError, ErrorCodes, InpageRecError } from '../errors.ts';
import {
  forYouItems,
  type HistoryProfile,
  LexicalIndex,
  profileFromHistory,
  type RankedItem,
  searchItems,
  similarItems,
} from '../recommend/index.ts';
import { openStore, type Store } from '../storage/index.ts';
import {
  type CatalogItem,
  type EngineStatus,
  EVENT_TYPES,
  type EventType,
  type HistoryEvent,
  type Phase,
  type RankOptions,
  type Recommendation,
  type UpdateResult,
} from '../types.ts';
import { compileFilter, createIndex, type RowFilter, type VectorIndex } from '../vector-index/index.ts';
import type { EngineApi, EngineConfig, EngineEvent } from './protocol.ts';

/** Above this many items `index: 'auto'` scans int8 codes (then re-ranks in float32) instead of float32. */
const AUTO_INT8_ABOVE = 50_000;
/** Vector ranking takes over from the lexical fallback once this share of items has vectors. */
const MIN_COVERAGE = 0.5;
const DEFAULT_K = 8;

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

export class Engine implements EngineApi {
  private cfg!: EngineConfig;
  private store!: Store;
  private emit: (e: EngineEvent) => void = () => {};
  private phase: Phase = 'starting';
  private modelKey = '';
  private dims = 0;
  private index: VectorIndex | undefined;
  private encoder: Promise<Encoder> | undefined;
  private entries = new Map<string, CatalogEntry>();
  private lexical = new LexicalIndex([]);
  /** Vectors by content hash: views into what was loaded from IndexedDB or just embedded. */
  private vectors = new Map<string, Float32Array>();
  /** The hash each indexed key's vector was made from, to spot stale vectors. */
  private indexedHash = new Map<string, string>();
  private events: HistoryEvent[] = [];
  private profile: HistoryProfile = profileFromHistory([]);
  private readonly started = performance.now();
  private stats = {
    embedded: 0,
    fromCache: 0,
    embedMs: 0,
    firstResultsMs: undefined as number | undefined,
    readyMs: undefined as number | undefined,
  };
  private report: EngineStatus['report'];
  private work: Promise<unknown> = Promise.resolve();
  /** Calls that arrive before init got that far wait on these (comlink delivers them at once). */
  private readonly storeOpen = deferred();
  private readonly catalogKnown = deferred();

  async init(config: EngineConfig, onEvent: (event: EngineEvent) => void): Promise<EngineStatus> {
    this.cfg = config;
    this.emit = onEvent;
    try {
      this.store = await openStore(config.namespace);
      this.events = await this.store.recentEvents();
      this.profile = profileFromHistory(this.events);
      this.storeOpen.resolve();
      const spec = resolveModel(config.model);
      this.dims = spec.dims ?? (await this.store.getSetting<number>(`dims:${config.model}`)) ?? (await this.getEncoder()).dims;
      this.modelKey = `${config.model}:${this.dims}:${config.dtype}`;
      await this.warmStart();
      this.setPhase('loading-catalog');
      const first = this.applyCatalog(config.catalog);
      this.work = first.catch(() => undefined);
      await first;
      return this.status();
    } catch (err) {
      const e = err instanceof InpageRecError ? err : createError(ErrorCodes.STORAGE_FAILED, String(err), err);
      this.storeOpen.reject(e);
      this.catalogKnown.reject(e);
      this.setPhase('failed', e.message);
      this.emit({ type: 'error', code: e.code, message: e.message });
      throw e;
    }
  }

  /** Serves the previous visit's catalog and vectors from IndexedDB before anything is fetched. */
  private async warmStart(): Promise<void> {
    const snapshot = await this.store.loadSnapshot();
    if (!snapshot || snapshot.modelKey !== this.modelKey || snapshot.entries.length === 0) return;
    const stored = await this.store.loadVectors(this.modelKey);
    stored.hashes.forEach((h, i) => {
      this.vectors.set(h, stored.vectors.subarray(i * this.dims, (i + 1) * this.dims));
    });
    const entries = snapshot.entries.map((e) => ({
      key: e.key,
      hash: e.hash,
      item: e.item as CatalogItem,
      text: itemText(e.item as CatalogItem, this.cfg.textRule),
    }));
    this.setEntries(entries);
    this.indexKnownVectors(entries);
    this.markFirstResults();
    this.setPhase('cached', `${this.index?.size ?? 0} items from IndexedDB`);
  }

  private setEntries(entries: CatalogEntry[]): void {
    this.entries = new Map(entries.map((e) => [e.key, e]));
    this.catalogKnown.resolve();
    this.lexical = new LexicalIndex(
      entries.map((e) => ({ key: e.key, text: e.text, category: typeof e.item.category === 'string' ? e.item.category : undefined })),
    );
  }

  private ensureIndex(): VectorIndex {
    if (!this.index) {
      const kind = this.cfg.index === 'auto' ? (this.entries.size > AUTO_INT8_ABOVE ? 'int8' : 'flat') : this.cfg.index;
      this.index = createIndex(kind, this.dims);
    }
    return this.index;
  }

  /** Adds every entry whose current hash already has a vector; returns the entries still to embed. */
  private indexKnownVectors(entries: CatalogEntry[]): CatalogEntry[] {
    const index = this.ensureIndex();
    const todo: CatalogEntry[] = [];
    const keys: string[] = [];
    const rows: Float32Array[] = [];
    for (const e of entries) {
      const v = this.vectors.get(e.hash);
      if (!v) {
        todo.push(e);
        continue;
      }
      if (this.indexedHash.get(e.key) === e.hash) continue;
      keys.push(e.key);
      rows.push(v);
      this.indexedHash.set(e.key, e.hash);
    }
    if (keys.length) {
      const flat = new Float32Array(keys.length * this.dims);
      rows.forEach((r, i) => {
        flat.set(r, i * this.dims);
      });
      index.add(keys, flat);
      this.stats.fromCache += keys.length;
    }
    return todo;
  }

  /** Loads, validates and applies a catalog; embeds only items whose content is new. */
  private async applyCatalog(source: unknown[] | string): Promise<UpdateResult> {
    const raw = await loadCatalog(source);
    const { entries, report } = await validateCatalog(raw, { rule: this.cfg.textRule, modelKey: this.modelKey });
    this.report = report;
    this.emit({ type: 'report', report });
    const before = new Map([...this.entries].map(([k, e]) => [k, e.hash]));
    const nextKeys = new Set(entries.map((e) => e.key));
    const removed = [...before.keys()].filter((k) => !nextKeys.has(k));
    if (removed.length) {
      this.index?.remove(removed);
      removed.forEach((k) => {
        this.indexedHash.delete(k);
      });
    }
    this.setEntries(entries);
    const todo = this.indexKnownVectors(entries);
    if ((this.index?.size ?? 0) > 0) this.markFirstResults();
    await this.store.saveSnapshot(
      this.modelKey,
      entries.map((e) => ({ key: e.key, hash: e.hash, item: e.item })),
    );
    if (todo.length) await this.embed(todo);
    const keep = new Set(entries.map((e) => e.hash));
    await this.store.pruneVectors(this.modelKey, keep);
    for (const h of [...this.vectors.keys()]) if (!keep.has(h)) this.vectors.delete(h);
    this.stats.readyMs ??= performance.now() - this.started;
    this.setPhase('ready');
    const changed = entries.filter((e) => before.has(e.key) && before.get(e.key) !== e.hash).length;
    const added = entries.filter((e) => !before.has(e.key)).length;
    return { added, changed, removed: removed.length, unchanged: entries.length - added - changed, report };
  }

  /** Embeds `todo` in batches; each batch is indexed and persisted before the next starts. */
  private async embed(todo: CatalogEntry[]): Promise<void> {
    const encoder = await this.getEncoder();
    this.setPhase('embedding');
    const t0 = performance.now();
    const chunk = this.cfg.batchSize;
    this.emit({ type: 'progress', done: 0, total: todo.length });
    for (let start = 0; start < todo.length; start += chunk) {
      const batch = todo.slice(start, start + chunk);
      const vectors = await encoder.embed(
        batch.map((e) => e.text),
        { batchSize: chunk },
      );
      const hashes = batch.map((e) => e.hash);
      hashes.forEach((h, i) => {
        this.vectors.set(h, vectors.subarray(i * this.dims, (i + 1) * this.dims));
      });
      this.ensureIndex().add(
        batch.map((e) => e.key),
        vectors,
      );
      batch.forEach((e) => {
        this.indexedHash.set(e.key, e.hash);
      });
      await this.store.putVectors(this.modelKey, this.dims, hashes, vectors);
      this.stats.embedded += batch.length;
      this.markFirstResults();
      this.emit({ type: 'progress', done: Math.min(start + chunk, todo.length), total: todo.length });
    }
    this.stats.embedMs += performance.now() - t0;
  }

  private getEncoder(): Promise<Encoder> {
    this.encoder ??= (async () => {
      const previous = this.phase;
      this.setPhase('loading-model');
      const encoder = await createEncoder({
        model: this.cfg.model,
        dtype: this.cfg.dtype,
        device: this.cfg.device,
        modelBase: new URL('models/', this.cfg.assetsBase).href,
        wasmBase: new URL('ort/', this.cfg.assetsBase).href,
        batchSize: this.cfg.batchSize,
        allowRemote: this.cfg.allowRemoteModels,
      });
      await this.store.setSetting(`dims:${this.cfg.model}`, encoder.dims);
      this.emit({ type: 'backend', backend: encoder.backend });
      if (this.phase === 'loading-model') this.setPhase(previous);
      return encoder;
    })();
    return this.encoder;
  }

  private setPhase(phase: Phase, message?: string): void {
    this.phase = phase;
    this.emit({ type: 'phase', phase, message });
  }

  private markFirstResults(): void {
    this.stats.firstResultsMs ??= performance.now() - this.started;
  }

  private vectorsUsable(): boolean {
    return this.phase === 'ready' || (this.index?.size ?? 0) >= this.entries.size * MIN_COVERAGE;
  }

  private filterOf(options: RankOptions | undefined): RowFilter | undefined {
    if (!options?.filter) return undefined;
    return compileFilter(options.filter, (key) => this.entries.get(key)?.item);
  }

  private keyOf(itemId: string | number): string {
    const key = String(itemId);
    if (!this.entries.has(key)) throw createError(ErrorCodes.UNKNOWN_ITEM, `item "${key}" is not in the catalog`);
    return key;
  }

  private toRecommendations(ranked: RankedItem[], warming: boolean): Recommendation[] {
    return ranked.flatMap((r) => {
      const entry = this.entries.get(r.key);
      if (!entry) return [];
      const anchor = r.because && this.entries.get(r.because.key);
      const because = r.because && {
        ...r.because,
        id: anchor ? anchor.item.id : r.because.key,
        title: anchor && typeof anchor.item.title === 'string' ? anchor.item.title : undefined,
      };
      return [{ id: entry.item.id, item: entry.item, score: r.score, because, warming }];
    });
  }

  async similar(itemId: string | number, options?: RankOptions): Promise<Recommendation[]> {
    await this.catalogKnown.promise;
    const key = this.keyOf(itemId);
    const k = options?.k ?? DEFAULT_K;
    const filter = this.filterOf(options);
    const warming = this.phase !== 'ready';
    if (this.vectorsUsable() && this.index?.has(key))
      return this.toRecommendations(similarItems(this.index, key, k, filter, this.profile.dismissed), warming);
    return this.toRecommendations(this.lexical.similar(key, k, filter, this.profile.dismissed), true);
  }

  async forYou(options?: RankOptions): Promise<Recommendation[]> {
    await this.catalogKnown.promise;
    const k = options?.k ?? DEFAULT_K;
    const filter = this.filterOf(options);
    const warming = this.phase !== 'ready';
    const index = this.index;
    if (index && this.vectorsUsable() && this.profile.anchors.some((a) => index.has(a.key))) {
      return this.toRecommendations(forYouItems(index, this.profile, k, filter), warming);
    }
    // No usable history yet (or no vectors): the lexical fallback, which without history keeps the catalog's own order.
    return this.toRecommendations(this.lexical.forYou(this.profile, k, filter), warming || this.profile.anchors.length > 0);
  }

  async search(query: string, options?: RankOptions): Promise<Recommendation[]> {
    await this.catalogKnown.promise;
    if (typeof query !== 'string') throw createError(ErrorCodes.INVALID_OPTION, 'search query must be a string');
    const k = options?.k ?? DEFAULT_K;
    const filter = this.filterOf(options);
    if (!query.trim()) return [];
    if (!this.vectorsUsable() || !this.index)
      return this.toRecommendations(this.lexical.search(query, k, filter, this.profile.dismissed), true);
    const encoder = await this.getEncoder();
    const vector = await encoder.embed([query]);
    return this.toRecommendations(searchItems(this.index, vector, k, filter, this.profile.dismissed), this.phase !== 'ready');
  }

  async track(event: { type: EventType; itemId: string | number }): Promise<void> {
    await this.storeOpen.promise;
    if (!EVENT_TYPES.includes(event?.type))
      throw createError(
        ErrorCodes.INVALID_OPTION,
        `track: type must be one of ${EVENT_TYPES.join(', ')}, got ${JSON.stringify(event?.type)}`,
      );
    if (typeof event.itemId !== 'string' && typeof event.itemId !== 'number')
      throw createError(ErrorCodes.INVALID_OPTION, 'track: itemId must be a string or a number');
    const e: HistoryEvent = { type: event.type, itemId: String(event.itemId), ts: Date.now() };
    await this.store.addEvent(e);
    this.events = [e, ...this.events].slice(0, 200);
    this.profile = profileFromHistory(this.events);
  }

  update(catalog: unknown[] | string): Promise<UpdateResult> {
    // Updates run one at a time; queries keep being answered from the current vectors meanwhile.
    const run = this.work.then(() => this.applyCatalog(catalog));
    this.work = run.catch(() => undefined);
    return run;
  }

  async forget(): Promise<void> {
    await this.storeOpen.promise;
    await this.store.clearHistory();
    this.events = [];
    this.profile = profileFromHistory([]);
  }

  async status(): Promise<EngineStatus> {
    const encoder = this.encoder ? await this.encoder : undefined;
    return {
      phase: this.phase,
      items: this.entries.size,
      indexed: this.index?.size ?? 0,
      embedded: this.stats.embedded,
      fromCache: this.stats.fromCache,
      encoderRuns: encoder?.runs ?? 0,
      backend: encoder?.backend,
      indexKind: this.index?.kind,
      modelKey: this.modelKey,
      timings: { firstResultsMs: this.stats.firstResultsMs, readyMs: this.stats.readyMs, embedMs: this.stats.embedMs },
      report: this.report,
    };
  }

  async destroy(): Promise<void> {
    this.store?.close();
    if (this.encoder) await (await this.encoder).dispose();
  }
}
