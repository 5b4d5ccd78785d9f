/**
 * The ranking router: for each query, vector ranking when enough of the catalog has vectors, else
 * the keyword fallback (marked `warming`); the site's signals blended in where the page has them;
 * then the relevance cut-off, diversity, and ranked keys become the page's recommendations. The
 * ranking itself lives in src/recommend as pure functions, shared with `npm run eval`, which chose
 * every default used here on a validation split (README, "Quality").
 */
import { createError, ErrorCodes } from '../errors.ts';
import {
  CONTENT_BLEND,
  CONTENT_DIVERSITY,
  complementItems,
  DEFAULT_BLEND,
  DEFAULT_DIVERSITY,
  forYouBlended,
  HYBRID_DEPTH,
  type KeywordIndex,
  MMR_POOL_FACTOR,
  type RankedItem,
  ScoreCalibration,
  searchItems,
  similarBlended,
  similarItems,
  togetherItems,
  type WordOverlapLookup,
} from '../recommend/index.ts';
import type { SignalLookup } from '../signals/index.ts';
import type { RankOptions, Recommendation } from '../types.ts';
import { compileFilter, type RowFilter } from '../vector-index/index.ts';
import { CatalogScale } from './catalog-scale.ts';
import type { CatalogState } from './catalog-state.ts';
import { KeywordWait } from './keyword-wait.ts';
import { checkRankOptions } from './rank-options.ts';
import { fuseSearch } from './search-fusion.ts';
import type { VisitorHistory } from './visitor-history.ts';

/** Vector ranking takes over from the keyword fallback once this share of items has vectors. */
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
  /** The site's signals ("bought together", "viewed next", popularity), when the page has them. */
  signals(): SignalLookup | undefined;
  /** A search answered from vectors alone while the keyword index was building: it is built now. */
  keywordsBuilt(): void;
  /** How long a search waits for the keyword index; default `KEYWORD_WAIT_MS`. */
  keywordWaitMs?: number;
}

/** A ranked list plus how its items were chosen. */
interface Ranked {
  items: RankedItem[];
  warming: boolean;
}

/** A search query with nothing to match: no letter or digit (blank, punctuation, symbols only). */
const NOTHING_TO_SEARCH = /^[^\p{L}\p{N}]*$/u;

/** Checked options with the filter compiled (excluded ids folded into it). */
interface Resolved {
  k: number;
  filter: RowFilter | undefined;
  diversity: number | undefined;
  minScore: number;
}

/** Answers similar / for-you / complements / search queries. */
export class Ranking {
  private readonly scale: CatalogScale;

  private readonly keywordWait: KeywordWait;

  constructor(private readonly h: RankingHooks) {
    this.scale = new CatalogScale(h.state);
    this.keywordWait = new KeywordWait(
      () => h.state.keywordAsync(),
      () => h.keywordsBuilt(),
      h.keywordWaitMs,
    );
  }

  /** Items similar to `itemId` (blended with its "together" and "next" neighbours when signals exist). */
  similar(itemId: string | number, options?: RankOptions): Recommendation[] {
    const o = this.resolve('similar', options);
    const key = this.keyOf(itemId);
    const { index } = this.h.state;
    const dismissed = this.h.history.profile.dismissed;
    if (!this.vectorsUsable() || !index?.has(key)) {
      return this.toRecommendations({ items: this.h.state.keyword.similar(key, o.k, o.filter, dismissed), warming: true });
    }
    const signals = this.h.signals();
    const terms = this.termsFor(signals);
    const cut = this.scale.cutOff(o.minScore, (r) => this.scale.cosine(r.key, key));
    // The blend (content and word overlap, plus signals when the page has them); the plain nearest
    // neighbours only while a big catalog's word index is still being built (the cut-off follows
    // their cosine order there, so cutting after taking k loses nothing).
    const blendOptions = { signals, calibration: this.scale.calibrate(), diversity: o.diversity, terms, known: this.known, cut };
    const items =
      signals || o.diversity || terms
        ? similarBlended(index, key, o.k, o.filter, dismissed, blendOptions)
        : (cut ?? ((x: RankedItem[]) => x))(similarItems(index, key, o.k, o.filter, dismissed));
    return this.toRecommendations({ items, warming: this.partial() });
  }

  /** Items for this visitor, from their own history (and the site's signals when it has them). */
  forYou(options?: RankOptions): Recommendation[] {
    const o = this.resolve('forYou', options);
    const { index } = this.h.state;
    const profile = this.h.history.profile;
    if (index && this.vectorsUsable() && profile.anchors.some((a) => index.has(a.key))) {
      const signals = this.h.signals();
      const diversity = o.diversity ?? (signals ? DEFAULT_DIVERSITY : CONTENT_DIVERSITY);
      const terms = this.termsFor(signals);
      // Judged by the cosine with the anchor that contributed most (not judged when it has no vector).
      const cut = this.scale.cutOff(o.minScore, (r) => (r.because ? this.scale.cosine(r.key, r.because.key) : undefined));
      const options = { signals, calibration: this.scale.calibrate(), diversity, terms, known: this.known, cut };
      const items = forYouBlended(index, profile, o.k, o.filter, options);
      return this.toRecommendations({ items, warming: this.partial() });
    }
    // No usable history yet (or no vectors): the keyword fallback from the newest anchor in the
    // catalog; without one, the catalog's own order (what the fallback would give, without its index).
    const { state } = this.h;
    const anchored = profile.anchors.some((a) => state.entries.has(a.key));
    const keep = (key: string) => !profile.seen.has(key) && !profile.dismissed.has(key) && (!o.filter || o.filter(key));
    const items = anchored ? state.keyword.forYou(profile, o.k, o.filter) : state.firstKeys(o.k, keep).map((key) => ({ key, score: 0 }));
    // Warming while the catalog embeds, or while the history's items wait for vectors; history made
    // only of items no longer in the catalog will never have any, so that list is final.
    return this.toRecommendations({ items, warming: !this.h.ready() || anchored });
  }

  /**
   * "Frequently bought together" with `itemId`: its strongest "together" neighbours from the site's
   * signals, then content-similar items when it has fewer (each result says which: `basis`).
   */
  complements(itemId: string | number, options?: RankOptions): Recommendation[] {
    const o = this.resolve('complements', options);
    const key = this.keyOf(itemId);
    const { index } = this.h.state;
    const dismissed = this.h.history.profile.dismissed;
    const signals = this.h.signals();
    if (!this.vectorsUsable() || !index?.has(key)) {
      // No vector for the item yet: its "bought together" list still comes first, keywords fill in.
      const together = togetherItems(key, o.k, o.filter, dismissed, signals, this.known);
      const taken = new Set(together.map((r) => r.key));
      const rest = (x: string) => !taken.has(x) && (!o.filter || o.filter(x));
      const fill = together.length < o.k ? this.h.state.keyword.similar(key, o.k - together.length, rest, dismissed) : [];
      const items = [...together, ...fill.map((r): RankedItem => ({ ...r, basis: 'content' }))];
      return this.toRecommendations({ items, warming: true });
    }
    // The content fill-ins rank as similar() does without signals: cosine plus word overlap, with
    // the call's diversity and cut-off (signal neighbours are bought together, whatever their text).
    const cut = this.scale.cutOff(o.minScore, (r) => this.scale.cosine(r.key, key));
    const content = {
      calibration: this.scale.calibrate(),
      terms: this.termsFor(undefined),
      diversity: o.diversity,
      cut,
      known: this.known,
    };
    const c = complementItems(index, key, o.k, o.filter, dismissed, signals, content);
    return this.toRecommendations({ items: c.items, warming: this.partial() });
  }

  /**
   * Hybrid search: keyword (BM25, typo-tolerant, field boosts) fused with vector search. Keyword
   * only (marked `warming`) while the catalog is mostly without vectors, and while the encoder is
   * not loaded yet: prebuilt vectors let a page rank without ever loading the model, so the first
   * search starts loading it and answers by keywords meanwhile. Vectors only (marked `warming`)
   * while a big catalog's keyword index is still building past `KEYWORD_WAIT_MS` (keyword-wait.ts):
   * loading the encoder then is quicker than the build (~1-3 s against ~6-9 s at 100k items).
   */
  async search(query: string, options?: RankOptions): Promise<Recommendation[]> {
    const o = this.resolve('search', options);
    if (typeof query !== 'string') throw createError(ErrorCodes.INVALID_OPTION, 'search: the query must be a string');
    // Nothing to match (blank, punctuation or symbols only): every score would be 0 and the list arbitrary.
    if (NOTHING_TO_SEARCH.test(query)) return [];
    const { index } = this.h.state;
    const dismissed = this.h.history.profile.dismissed;
    const byKeywords = (keyword: KeywordIndex) =>
      this.toRecommendations({ items: keyword.search(query, o.k, o.filter, dismissed), warming: true });
    // Built in slices on a big catalog's first search: other queries are answered meanwhile.
    if (!index || !this.vectorsUsable()) return byKeywords(await this.h.state.keywordAsync());
    let keyword = await this.keywordWait.within();
    if (keyword && !this.h.encoderLoaded()) {
      this.h.loadEncoder();
      return byKeywords(keyword);
    }
    let vector: Float32Array;
    try {
      vector = await this.h.embedQuery(query); // loads the encoder if the keyword index was slower
    } catch (e) {
      if (keyword) throw e;
      return byKeywords(await this.h.state.keywordAsync());
    }
    keyword ??= this.h.state.builtKeyword; // built while the encoder loaded
    const depth = Math.max(HYBRID_DEPTH, o.k * (o.diversity ? MMR_POOL_FACTOR : 1));
    const vectorHits = searchItems(index, vector, depth, o.filter, dismissed);
    const keywordHits = keyword?.search(query, depth, o.filter, dismissed);
    const scale = o.minScore > 0 ? ScoreCalibration.fromQuery(index, this.scale.keys(), vector) : undefined;
    const items = fuseSearch(index, vector, keywordHits, vectorHits, { ...o, depth, scale });
    return this.toRecommendations({ items, warming: this.partial() || !keyword });
  }

  /** True when queries are answered from vectors rather than the keyword fallback. */
  vectorsUsable(): boolean {
    return this.h.ready() || this.h.state.coverage >= MIN_COVERAGE;
  }

  /**
   * True while vector results rank only part of the catalog (it is still embedding): they are then
   * marked `warming`. Once every item has a vector they are not, even if storing them is still
   * under way (a first visit with prebuilt vectors ranks at once and persists afterwards).
   */
  private partial(): boolean {
    return !this.h.ready() && this.h.state.coverage < 1;
  }

  /**
   * The word-overlap index when the blend in use weighs it (content only: yes; with the site's
   * signals validation chose none, so with signals only complements' content fill-ins build it).
   */
  private termsFor(signals: SignalLookup | undefined): WordOverlapLookup | undefined {
    return (signals ? DEFAULT_BLEND : CONTENT_BLEND).terms > 0 ? this.h.state.terms : undefined;
  }

  /**
   * Starts reading the stored word-overlap index when similar() and for-you would weigh it (not
   * with the site's signals: then only complements' fill-ins use it, and read or build it on use).
   */
  prefetchTerms(): void {
    if ((this.h.signals() ? DEFAULT_BLEND : CONTENT_BLEND).terms > 0) this.h.state.restoreTerms();
  }

  /** Whether the page's catalog holds `key` (signals name the artifact's items, which may be gone). */
  private readonly known = (key: string): boolean => this.h.state.entries.has(key);

  private resolve(method: string, options: RankOptions | undefined): Resolved {
    const { k, filter, excludeIds, diversity, minScore } = checkRankOptions(method, options);
    const entries = this.h.state.entries;
    const matches = filter && compileFilter(filter, (key) => entries.get(key)?.item);
    const base = { k, diversity, minScore: minScore ?? 0 };
    if (!excludeIds?.length) return { ...base, filter: matches };
    // Excluded ids become part of the row filter, which every ranking path applies during its scan.
    const excluded = new Set(excludeIds.map(String));
    return { ...base, filter: matches ? (key) => !excluded.has(key) && matches(key) : (key) => !excluded.has(key) };
  }

  private keyOf(itemId: string | number): string {
    const key = String(itemId);
    if (!this.h.state.entries.has(key)) throw createError(ErrorCodes.UNKNOWN_ITEM, `item "${key}" is not in the catalog`);
    return key;
  }

  private toRecommendations({ items, warming }: Ranked): Recommendation[] {
    const entries = this.h.state.entries;
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
