/**
 * The ranking router: for each query, vector ranking when enough of the catalog has vectors, else
 * the lexical fallback (marked `warming`), then ranked keys become the page's recommendations.
 * The ranking itself lives in src/recommend as pure functions, shared with `npm run eval`.
 */
import { createError, ErrorCodes } from '../errors.ts';
import { forYouItems, type RankedItem, searchItems, similarItems } from '../recommend/index.ts';
import type { RankOptions, Recommendation } from '../types.ts';
import { compileFilter, type RowFilter } from '../vector-index/index.ts';
import type { CatalogState } from './catalog-state.ts';
import { checkRankOptions } from './rank-options.ts';
import type { VisitorHistory } from './visitor-history.ts';

/** Vector ranking takes over from the lexical fallback once this share of items has vectors. */
export const MIN_COVERAGE = 0.5;

/** What the router needs from the engine. */
export interface RankingHooks {
  state: CatalogState;
  history: VisitorHistory;
  /** True once every item has its vector. */
  ready(): boolean;
  /** Embeds a search query with the loaded encoder. */
  embedQuery(query: string): Promise<Float32Array>;
  /** True once the encoder is loaded. */
  encoderLoaded(): boolean;
  /** Starts loading the encoder in the background (the page hears `refresh` when it is ready). */
  loadEncoder(): void;
}

/** Answers similar / for-you / search queries. */
export class Ranking {
  constructor(private readonly h: RankingHooks) {}

  /** Items similar to `itemId`. */
  similar(itemId: string | number, options?: RankOptions): Recommendation[] {
    const { k, filter } = this.resolve('similar', options);
    const key = this.keyOf(itemId);
    const { index, lexical } = this.h.state;
    const dismissed = this.h.history.profile.dismissed;
    if (this.vectorsUsable() && index?.has(key))
      return this.toRecommendations(similarItems(index, key, k, filter, dismissed), this.partial());
    return this.toRecommendations(lexical.similar(key, k, filter, dismissed), true);
  }

  /** Items for this visitor, from their own history. */
  forYou(options?: RankOptions): Recommendation[] {
    const { k, filter } = this.resolve('forYou', options);
    const { index, lexical } = this.h.state;
    const profile = this.h.history.profile;
    if (index && this.vectorsUsable() && profile.anchors.some((a) => index.has(a.key))) {
      return this.toRecommendations(forYouItems(index, profile, k, filter), this.partial());
    }
    // No usable history yet (or no vectors): the lexical fallback, which without history keeps the catalog's own order.
    return this.toRecommendations(lexical.forYou(profile, k, filter), !this.h.ready() || profile.anchors.length > 0);
  }

  /**
   * Semantic search; lexical (marked `warming`) while the catalog is still mostly without vectors,
   * and while the encoder is not loaded yet: prebuilt vectors let a page rank without ever loading
   * the model, so the first search starts loading it and answers lexically meanwhile.
   */
  async search(query: string, options?: RankOptions): Promise<Recommendation[]> {
    const { k, filter } = this.resolve('search', options);
    if (typeof query !== 'string') throw createError(ErrorCodes.INVALID_OPTION, 'search: the query must be a string');
    if (!query.trim()) return [];
    const { index, lexical } = this.h.state;
    const dismissed = this.h.history.profile.dismissed;
    if (!index || !this.vectorsUsable()) return this.toRecommendations(lexical.search(query, k, filter, dismissed), true);
    if (!this.h.encoderLoaded()) {
      this.h.loadEncoder();
      return this.toRecommendations(lexical.search(query, k, filter, dismissed), true);
    }
    const vector = await this.h.embedQuery(query);
    return this.toRecommendations(searchItems(index, vector, k, filter, dismissed), this.partial());
  }

  private resolve(method: string, options: RankOptions | undefined): { k: number; filter: RowFilter | undefined } {
    const { k, filter, excludeIds } = checkRankOptions(method, options);
    const entries = this.h.state.entries;
    const matches = filter && compileFilter(filter, (key) => entries.get(key)?.item);
    if (!excludeIds?.length) return { k, filter: matches };
    // Excluded ids become part of the row filter, which every ranking path applies during its scan.
    const excluded = new Set(excludeIds.map(String));
    return { k, filter: matches ? (key) => !excluded.has(key) && matches(key) : (key) => !excluded.has(key) };
  }

  /**
   * True while vector results rank only part of the catalog (it is still embedding): they are then
   * marked `warming`. Once every item has a vector they are not, even if storing them is still
   * under way (a first visit with prebuilt vectors ranks at once and persists afterwards).
   */
  private partial(): boolean {
    return !this.h.ready() && this.h.state.coverage < 1;
  }

  /** True when queries are answered from vectors rather than the lexical fallback. */
  vectorsUsable(): boolean {
    return this.h.ready() || this.h.state.coverage >= MIN_COVERAGE;
  }

  private keyOf(itemId: string | number): string {
    const key = String(itemId);
    if (!this.h.state.entries.has(key)) throw createError(ErrorCodes.UNKNOWN_ITEM, `item "${key}" is not in the catalog`);
    return key;
  }

  private toRecommendations(ranked: RankedItem[], warming: boolean): Recommendation[] {
    const entries = this.h.state.entries;
    return ranked.flatMap((r) => {
      const entry = entries.get(r.key);
      if (!entry) return [];
      const anchor = r.because && entries.get(r.because.key);
      const because = r.because && {
        ...r.because,
        id: anchor ? anchor.item.id : r.because.key,
        title: anchor && typeof anchor.item.title === 'string' ? anchor.item.title : undefined,
      };
      return [{ id: entry.item.id, item: entry.item, score: r.score, because, warming }];
    });
  }
}
