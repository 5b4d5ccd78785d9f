/**
 * The ranking router: checks a call's options and input the same way for every mode, gives the
 * mode's ranker (src/modes) the worker's state as a `RankContext`, and turns the ranked keys into
 * the page's recommendations. Vector ranking takes over from each mode's keyword fallback once
 * enough of the catalog has vectors (`MIN_COVERAGE`).
 */
import type { ByteItems } from '../../catalog/byte-items.ts';
import type { CatalogEntry } from '../../catalog/index.ts';
import { createError, ErrorCodes } from '../../errors.ts';
import type { LearnedLookup } from '../../learn/lookup.ts';
import type { AnyMode } from '../../modes/index.ts';
import type { RankContext, Ranked, Ranker, ResolvedOptions } from '../../modes/rankers.ts';
import {
  CONTENT_BLEND,
  DEFAULT_BLEND,
  entryLines,
  FULL_TEXT,
  fieldSpread,
  type KeywordIndex,
  vectorSpread,
  type WordOverlapLookup,
  weighsWordOverlap,
} from '../../recommend/index.ts';
import type { SignalLookup } from '../../signals/index.ts';
import type { Recommendation } from '../../types/index.ts';
import { compileFilter } from '../../vector-index/index.ts';
import { AttributeColumns } from '../catalog/catalog-attributes.ts';
import type { CheckedWords } from '../catalog/catalog-word-overlap.ts';
import type { EngineContext } from '../context.ts';
import { CatalogScale } from './catalog-scale.ts';
import { KeywordWait } from './keyword-wait.ts';
import { LabelSearch } from './label-search.ts';
import { checkInput, checkRankOptions } from './rank-options.ts';

/** Vector ranking takes over from the keyword fallback once this share of items has vectors. */
export const MIN_COVERAGE = 0.5;

/** Whether the blend used with `signals` weighs word overlap, for anchors with lists or without. */
function weighsWords(signals: SignalLookup | undefined): boolean {
  return weighsWordOverlap(signals ? DEFAULT_BLEND : CONTENT_BLEND);
}

/** Answers every mode's calls. */
export class Ranking {
  private readonly scale: CatalogScale;
  private readonly keywordWait: KeywordWait;
  private readonly labels: LabelSearch;
  /** What filters read, by field (catalog-attributes.ts). */
  private readonly attributes = new AttributeColumns();
  private readonly rankers: ReadonlyMap<string, Ranker>;
  private spreadCache: { version: number; byVectors: boolean; keys: readonly string[] } | undefined;

  /**
   * `published`: the site's signals and learned space now (they may change during a visit:
   * published-section.ts). `rankers`: one per mode the engine answers (src/modes/rankers.ts; a
   * test fixture may add one).
   */
  constructor(
    private readonly ctx: EngineContext,
    private readonly published: { signals(): SignalLookup | undefined; learned(): LearnedLookup | undefined },
    rankers: readonly Ranker[],
  ) {
    this.scale = new CatalogScale(ctx.state);
    this.keywordWait = new KeywordWait(
      () => ctx.state.keywordAsync(),
      () => ctx.life.emit({ type: 'refresh', reason: 'keywords' }),
      ctx.deps.keywordWaitMs,
    );
    this.labels = new LabelSearch(() => ctx.encoder.model());
    this.rankers = new Map(rankers.map((r) => [r.mode.method, r]));
  }

  /** Embeds the catalog's labels for search (`prepareSearch`); resolves when they are ready or cannot be. */
  async prepareLabels(index: KeywordIndex): Promise<void> {
    await this.labels.prepare(index);
  }

  /** Answers a call of `mode` with the page's arguments (its input, then its options). */
  async rank(mode: AnyMode, args: readonly unknown[]): Promise<Recommendation[]> {
    const ranker = this.rankers.get(mode.method);
    if (!ranker) throw createError(ErrorCodes.INVALID_OPTION, `${mode.method}: this worker has no such mode`);
    const takesInput = mode.input !== 'none';
    const o = this.resolve(mode.method, takesInput ? args[1] : args[0]);
    const input = takesInput ? this.input(mode, args[0]) : undefined;
    const ranked = await ranker.rank(this.context(), input as never, o);
    prefetchItems(this.ctx.state.entries, ranked);
    return this.toRecommendations(ranked);
  }

  /**
   * True when queries are answered from vectors rather than the keyword fallback. The artifact
   * head's stand-in vectors count (state.addCoarse): their answers are marked warming (`partial`).
   */
  vectorsUsable(): boolean {
    const { state } = this.ctx;
    return this.ctx.life.phase === 'ready' || state.coverage + state.coarseShare >= MIN_COVERAGE;
  }

  /**
   * Starts reading the stored word-overlap index when similar() and for-you would weigh it (not
   * with the site's signals: then only complements' fill-ins use it, and read or build it on use).
   */
  prefetchWordOverlap(fromCheck?: CheckedWords): boolean {
    if (!weighsWords(this.published.signals())) return false;
    this.ctx.state.restoreWordOverlap(fromCheck);
    return true;
  }

  /** The state a ranker reads, as of this call. */
  private context(): RankContext {
    const { ctx } = this;
    const ready = () => ctx.life.phase === 'ready';
    return {
      catalog: ctx.state,
      profile: ctx.history.profile,
      signals: this.published.signals(),
      learned: this.published.learned(),
      scale: this.scale,
      query: {
        encoderLoaded: () => ctx.encoder.loaded !== undefined,
        loadEncoder: () => ctx.encoder.loadInBackground(),
        embed: async (query) => (await ctx.encoder.get()).embed([query]),
        keywordWithin: () => this.keywordWait.within(),
        labelWords: (index) => this.labels.labelWordsNow(index),
        embedWords: (words) => this.labels.embedWords(words),
      },
      vectorsUsable: () => this.vectorsUsable(),
      // While vector results rank only part of the catalog (it is still embedding) they are marked
      // `warming`; once every item has a vector they are not, even if storing them is under way.
      partial: () => !ready() && ctx.state.coverage < 1,
      wordOverlapFor: (signals, fullShare) => this.wordOverlapFor(signals, fullShare),
      known: (key) => ctx.state.entries.has(key),
      spread: () => this.spread(),
    };
  }

  /** The catalog spread for a visitor with no history, once per catalog version (cold-start.ts). */
  private spread(): readonly string[] {
    const { state } = this.ctx;
    const byVectors = state.index !== undefined && this.vectorsUsable();
    const cached = this.spreadCache;
    if (cached?.version === state.version && cached.byVectors === byVectors) return cached.keys;
    // Product lines from the sampled items' titles only (at most SPREAD_SAMPLE parses, once per catalog).
    const keys =
      byVectors && state.index
        ? vectorSpread(state.index, [...state.entries.keys()], entryLines(state.entries))
        : fieldSpread(state.entries);
    this.spreadCache = { version: state.version, byVectors, keys };
    return keys;
  }

  /**
   * The word-overlap index when the blend in use weighs it (content only: yes; with the site's
   * signals validation chose none, so with signals only complements' content fill-ins build it).
   */
  private wordOverlapFor(signals: SignalLookup | undefined, fullShare = FULL_TEXT): WordOverlapLookup | undefined {
    return weighsWords(signals) ? this.ctx.state.wordOverlap?.view(fullShare) : undefined;
  }

  /** The checked input of an item mode (a key in the catalog) or a query mode (a string). */
  private input(mode: AnyMode, value: unknown): string {
    if (mode.input === 'none') return '';
    const key = checkInput(mode.method, mode.input, value);
    if (mode.input === 'item' && !this.ctx.state.entries.has(key))
      throw createError(ErrorCodes.UNKNOWN_ITEM, `item "${key}" is not in the catalog`);
    return key;
  }

  private resolve(method: string, options: unknown): ResolvedOptions {
    const { k, filter, excludeIds, diversity, minScore } = checkRankOptions(method, options);
    const matches = filter && compileFilter(filter, this.attributes.lookup(this.ctx.state.entries, Object.keys(filter)));
    const base = { k, diversity, minScore: minScore ?? 0 };
    if (!excludeIds?.length) return { ...base, filter: matches };
    // Excluded ids become part of the row filter, which every ranking path applies during its scan.
    const excluded = new Set(excludeIds.map(String));
    return { ...base, filter: matches ? (key) => !excluded.has(key) && matches(key) : (key) => !excluded.has(key) };
  }

  private toRecommendations({ items, warming }: Ranked): Recommendation[] {
    const entries = this.ctx.state.entries;
    return items.flatMap((r) => {
      const entry = entries.get(r.key);
      if (!entry) return [];
      const anchor = r.because && entries.get(r.because.key);
      const because = r.because && {
        ...r.because,
        id: anchor ? anchor.item.id : r.because.key,
        title: anchor && typeof anchor.item.title === 'string' ? anchor.item.title : undefined,
      };
      return [{ id: entry.item.id, item: entry.item, score: r.score, because, warming, ...(r.basis ? { basis: r.basis } : {}) }];
    });
  }
}

/**
 * Reads the items of a ranked list at once where they are on disk (a big first visit's catalog
 * once stored: catalog/byte-items.ts `prefetch`), before `toRecommendations` reads them one by one.
 */
function prefetchItems(entries: ReadonlyMap<string, CatalogEntry>, { items }: Ranked): void {
  const byBody = new Map<ByteItems, number[]>();
  const add = (key: string | undefined) => {
    const at = key === undefined ? undefined : entries.get(key)?.place?.();
    if (!at?.items.isMoved) return;
    const indices = byBody.get(at.items) ?? [];
    indices.push(at.index);
    byBody.set(at.items, indices);
  };
  for (const r of items) {
    add(r.key);
    add(r.because?.key);
  }
  for (const [body, indices] of byBody) body.prefetch(indices);
}
