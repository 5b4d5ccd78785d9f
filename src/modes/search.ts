/**
 * Search: hybrid keyword (BM25, typo-tolerant, field boosts) and vector search, fused.
 *
 * Keyword only (marked `warming`) while the catalog is mostly without vectors, and while the
 * encoder is not loaded yet: prebuilt vectors let a page rank without ever loading the model, so
 * the first search starts loading it and answers by keywords meanwhile. Vectors only (marked
 * `warming`) while a big catalog's keyword index is still building past `KEYWORD_WAIT_MS`
 * (keyword-wait.ts): loading the encoder then is quicker than the build (~1-3 s against ~6-9 s at
 * 100k items).
 */
import { HYBRID_DEPTH, type KeywordIndex, MMR_POOL_FACTOR, ScoreCalibration, searchItems } from '../recommend/index.ts';
import type { RankOptions, Recommendation } from '../types/ranking.ts';
import { defineMode } from './mode.ts';
import { type RankContext, type Ranked, type ResolvedOptions, rankerFor } from './ranker.ts';
import { dismissOrForget } from './refresh.ts';
import { fuseSearch } from './search-fusion.ts';

/** The page's call. */
export interface SearchCall {
  /** Semantic search over the catalog. */
  search(query: string, options?: RankOptions): Promise<Recommendation[]>;
}

/** Search on the page: the widget shows a search form and what the visitor typed. */
export const search = defineMode<SearchCall>()({
  name: 'search',
  method: 'search',
  input: 'query',
  strings: {
    'heading.search': 'Search',
    'search.label': 'Search the catalog',
    'search.placeholder': 'Search…',
    'search.button': 'Search',
    'empty.no-matches': 'No matches.',
    'empty.type-to-search': 'Type to search.',
  },
  heading: 'heading.search',
  emptyText: (p) => (p.query?.trim() ? 'empty.no-matches' : 'empty.type-to-search'),
  refreshOn: dismissOrForget,
});

/** A search query with nothing to match: no letter or digit (blank, punctuation, symbols only). */
const NOTHING_TO_SEARCH = /^[^\p{L}\p{N}]*$/u;

/** Ranks a search in the worker. */
export const searchRanker = rankerFor(search, async (ctx, query, o) => {
  // Nothing to match (blank, punctuation or symbols only): every score would be 0 and the list arbitrary.
  if (NOTHING_TO_SEARCH.test(query)) return { items: [], warming: false };
  const { index } = ctx.catalog;
  // Built in slices on a big catalog's first search: other queries are answered meanwhile.
  if (!index || !ctx.vectorsUsable()) return byKeywords(await ctx.catalog.keywordAsync(), query, o, ctx);
  let keyword = await ctx.query.keywordWithin();
  if (keyword && !ctx.query.encoderLoaded()) {
    ctx.query.loadEncoder();
    return byKeywords(keyword, query, o, ctx);
  }
  let vector: Float32Array;
  try {
    vector = await ctx.query.embed(query); // loads the encoder if the keyword index was slower
  } catch (e) {
    if (keyword) throw e;
    return byKeywords(await ctx.catalog.keywordAsync(), query, o, ctx);
  }
  keyword ??= ctx.catalog.builtKeyword; // built while the encoder loaded
  const depth = Math.max(HYBRID_DEPTH, o.k * (o.diversity ? MMR_POOL_FACTOR : 1));
  const dismissed = ctx.profile.dismissed;
  const vectorHits = searchItems(index, vector, depth, o.filter, dismissed);
  const keywordHits = keyword?.search(query, depth, o.filter, dismissed);
  const scale = o.minScore > 0 ? ScoreCalibration.fromQuery(index, ctx.scale.keys(), vector) : undefined;
  const items = fuseSearch(index, vector, keywordHits, vectorHits, { ...o, depth, scale });
  return { items, warming: ctx.partial() || !keyword };
});

/** Keyword results alone: the fallback, marked `warming`. */
function byKeywords(keyword: KeywordIndex, query: string, o: ResolvedOptions, ctx: RankContext): Ranked {
  return { items: keyword.search(query, o.k, o.filter, ctx.profile.dismissed), warming: true };
}
