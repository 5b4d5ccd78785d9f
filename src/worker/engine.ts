/**
 * The worker-side engine: its lifecycle only. `init` opens the visit and the context (context.ts),
 * adopts what IndexedDB holds, applies the catalog and reports; updates run one at a time; calls
 * that arrive early wait for what they need (comlink delivers them at once); `status()` never
 * waits. The work is the context's parts: catalog/ (sync, embedding), prebuilt/ (vectors, site
 * signals), persistence/ (storage, history, tabs, the index's state) and ranking/ (with each mode
 * in src/modes). One method per mode is added from the registry (`createEngine`).
 */
import { type AnyMode, type BuiltInCalls, type ModeCalls, modeCalls } from '../modes/index.ts';
import { RANKERS, type Ranker } from '../modes/rankers.ts';
import type { EngineStatus, Recommendation, TrackEvent, UpdateResult } from '../types/index.ts';
import { applyCatalog, warmStart } from './catalog/catalog-sync.ts';
import { defaultDeps, type EngineContext, type EngineDeps, openContext, openVisit, type Visit } from './context.ts';
import { deferred } from './deferred.ts';
import { engineError, Lifecycle } from './lifecycle.ts';
import type { EngineConfig, EngineCore, EngineEvent } from './protocol.ts';
import { SerialQueue } from './serial.ts';
import { buildStatus } from './status.ts';
import { answerTab } from './tab-messages.ts';

/** The engine behind the worker's comlink endpoint (with its mode methods: `createEngine`). */
export class Engine implements EngineCore {
  private readonly life = new Lifecycle();
  /** The store and history: `track` and `forget` wait for these only. */
  private readonly visit = deferred<Visit>();
  private readonly ctx = deferred<EngineContext>();
  /** Catalog updates (and another tab's), one at a time. */
  private readonly work = new SerialQueue();

  constructor(
    private readonly deps: EngineDeps = defaultDeps,
    private readonly rankers: readonly Ranker[] = Object.values(RANKERS),
  ) {}

  /** The context, once `init` made it (tests read its parts). */
  get context(): EngineContext | undefined {
    return this.ctx.value;
  }

  async init(config: EngineConfig, onEvent: (event: EngineEvent) => void): Promise<EngineStatus> {
    this.life.listen(onEvent);
    this.deps.configure?.(config);
    try {
      const visit = await openVisit(config, this.deps, this.life);
      this.visit.resolve(visit);
      const ctx = await openContext(visit, this.rankers, (m) => answerTab(ctx, this.work, m));
      this.ctx.resolve(ctx);
      if (config.catalog === undefined) return this.remoteOnly();
      await warmStart(ctx);
      this.life.setPhase('loading-catalog');
      const first = this.sync(ctx, config.catalog);
      this.work.adopt(first);
      await first;
      return this.status();
    } catch (err) {
      const e = this.life.failed(err);
      this.visit.reject(e);
      throw e;
    }
  }

  /** Applies a catalog, then marks the engine ready and schedules index training. */
  private async sync(ctx: EngineContext, source: unknown[] | string): Promise<UpdateResult> {
    const result = await applyCatalog(source, ctx);
    this.life.markReady();
    // Train if the index asks, then keep its state and codes for the next visit.
    void ctx.training.schedule(ctx.state.index).then(() => ctx.saver.save());
    if (ctx.config.preloadModel) ctx.encoder.loadInBackground();
    return result;
  }

  /**
   * A page whose retrieval endpoint ranks alone (option `remote` without a catalog): nothing to
   * load; ready at once. A catalog given later with `update()` becomes the fallback.
   */
  private remoteOnly(): Promise<EngineStatus> {
    this.life.catalogKnown.resolve();
    this.life.markReady();
    return this.status();
  }

  /**
   * Answers a call of `mode`: from the retrieval endpoint when the page has one (with its own
   * ranking as the fallback when it has a catalog), else once the catalog is known.
   */
  rank(mode: AnyMode, args: unknown[]): Promise<Recommendation[]> {
    return this.life.calls.track(() => this.rankNow(mode, args));
  }

  private async rankNow(mode: AnyMode, args: unknown[]): Promise<Recommendation[]> {
    // An engine that failed to start rejects `catalogKnown`: the call fails with it, never waits.
    const ctx = await Promise.race([this.ctx.promise, this.life.catalogKnown.promise.then(() => this.ctx.promise)]);
    const local = async () => {
      await this.life.catalogKnown.promise;
      return ctx.ranking.rank(mode, args);
    };
    // A first visit's early answers before the catalog is in (prebuilt/early-answers.ts).
    if (!ctx.remote) return (await ctx.early.answer(mode, args)) ?? local();
    const hasCatalog = ctx.config.catalog !== undefined || ctx.state.entries.size > 0;
    return ctx.remote.rank(mode, args, hasCatalog ? local : undefined);
  }

  /**
   * Builds the keyword index, loads the encoder and embeds the catalog's labels ahead of a first
   * search (the page has a search box in focus). Without it a search waits for the first two, and
   * reads its query as typed until the labels are in: a visit that never searches pays none of it.
   */
  async prepareSearch(): Promise<void> {
    await this.life.catalogKnown.promise;
    const { encoder, state, ranking } = await this.ctx.promise;
    encoder.loadInBackground(); // reports a failure as an `error` event; search then answers by keywords
    const [keyword] = await Promise.all([state.keywordAsync(), encoder.get().catch(() => undefined)]);
    // The catalog's labels as search words (ranking/label-search.ts): a search never waits for them.
    await ranking.prepareLabels(keyword);
  }

  /**
   * Finishes a pending check of prebuilt vectors (prebuilt/sample-check.ts), loading the encoder
   * for it: the page asks once it is idle (src/vectors-check-at-idle.ts). Loads nothing when no
   * check could run. A model that fails to load leaves the check pending, with a warning.
   */
  async checkVectors(): Promise<EngineStatus['vectorsCheck']> {
    await this.life.catalogKnown.promise;
    const { encoder, sampleCheck } = await this.ctx.promise;
    if (!(await sampleCheck.runnable())) return sampleCheck.state;
    const loaded = await encoder.get().catch((err: unknown) => {
      const e = engineError(err);
      this.life.emit({ type: 'warning', code: e.code, message: `the prebuilt vectors stay unchecked: ${e.message}` });
      return undefined;
    });
    if (loaded) await sampleCheck.run(loaded);
    return sampleCheck.state;
  }

  async track(event: TrackEvent): Promise<void> {
    await (await this.visit.promise).history.track(event);
    this.ctx.value?.tabs.post({ type: 'history', event: { type: event.type, itemId: String(event.itemId) } });
  }

  update(catalog: unknown[] | string): Promise<UpdateResult> {
    // Updates run one at a time; queries keep being answered from the current vectors meanwhile.
    return this.work.run(async () => {
      const ctx = await this.ctx.promise;
      try {
        const result = await this.sync(ctx, catalog);
        this.life.emit({ type: 'refresh', reason: 'catalog' });
        ctx.tabs.post({ type: 'catalog' });
        return result;
      } catch (err) {
        // The previous catalog's vectors keep answering; the page hears what went wrong.
        const e = engineError(err);
        const complete = [...ctx.state.entries.values()].every((entry) => ctx.state.isCurrent(entry));
        this.life.setPhase(complete ? 'ready' : 'failed', e.message);
        this.life.emit({ type: 'error', code: e.code, message: e.message });
        throw e;
      }
    });
  }

  async forget(): Promise<void> {
    await (await this.visit.promise).history.forget();
    // The endpoint's vectors of the items the visitor met go with the history.
    await this.ctx.value?.remote?.forget();
    this.ctx.value?.tabs.post({ type: 'history', event: { type: 'forget' } });
  }

  /** Answers in every phase, without waiting for anything. */
  async status(): Promise<EngineStatus> {
    return buildStatus(this.life, this.visit.value, this.ctx.value);
  }

  async destroy(): Promise<void> {
    this.ctx.value?.tabs.close();
    this.visit.value?.store.close();
    await this.visit.value?.encoder.dispose();
  }
}

/** An engine with the built-in modes' methods, as the worker exposes it. */
export type EngineWithModes = Engine & BuiltInCalls;

/**
 * An engine with one method per mode (the built-in modes, or those of `rankers`): what the worker
 * exposes to the page. The methods come from the registry, as the page's do (src/modes/mode.ts).
 */
export function createEngine(deps?: EngineDeps): EngineWithModes;
export function createEngine<const R extends readonly Ranker[]>(deps: EngineDeps, rankers: R): Engine & ModeCalls<R[number]['mode'][]>;
export function createEngine(deps: EngineDeps = defaultDeps, rankers: readonly Ranker[] = Object.values(RANKERS)): Engine {
  const engine = new Engine(deps, rankers);
  const modes = rankers.map((r) => r.mode);
  return Object.assign(
    engine,
    modeCalls(modes, (mode, args) => engine.rank(mode, args)),
  );
}
