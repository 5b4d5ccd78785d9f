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
import {
  ADD_ON_WEIGHT,
  arrangeLines,
  COMMON_WORD_SHARE,
  DESCRIBED_VIEW,
  entryLines,
  entryTitles,
  expandWithLabels,
  FEEDBACK_HITS,
  HYBRID_DEPTH,
  HYBRID_FULL_MATCH_WEIGHT,
  HYBRID_KEYWORD_WEIGHT,
  type KeywordIndex,
  MMR_POOL_FACTOR,
  ScoreCalibration,
  type SearchLines,
  searchItems,
} from '../recommend/index.ts';
import type { RankOptions, Recommendation } from '../types/ranking.ts';
import { dotF32 } from '../vector-index/dot.ts';
import { defineMode } from './mode.ts';
import { type RankContext, type Ranked, type Ranker, type ResolvedOptions, rankerFor } from './ranker.ts';
import { dismissOrForget } from './refresh.ts';
import { fuseSearch, type SearchFusion } from './search-fusion.ts';

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

/** How search decides what is an answer; the defaults are `SEARCH_POLICY`, the eval tries others. */
export interface SearchPolicy {
  /**
   * A query the catalog does not recognise (no word of it is a catalog word, and not every word is a
   * typo of a common one: `KeywordIndex.recognises`) gets no answer: gibberish ("qwxz") and queries about
   * things the catalog lacks have nearest items all the same, and the model's cosines cannot tell
   * them from real queries (Office: best cosines 0.31-0.50 for keyboard mashes, 0.45-0.71 for
   * product queries; Steam: 0.38-0.56 for natural queries). The widget then says "No matches".
   * Unless its words look like words of the catalog's language (`KeywordIndex.looksLikeWords`):
   * then the vectors answer alone, above `minUnknownWordCosine`.
   */
  requireKnownWord: boolean;
  /** The vector half's floor: a vector hit less similar to the query than this cosine is no answer. */
  minCosine: number;
  /**
   * The vector floor for a query of real-looking words the catalog does not have (word-shape.ts):
   * the vectors alone answer it, so they must be surer. 1 or more: no answer (a known word required).
   */
  minUnknownWordCosine: number;
  /**
   * A keyword hit holding only some of the query's strong words ("electric" of "electric guitar"
   * in an electric pencil sharpener) is an answer only when its cosine with the query reaches this;
   * a hit holding all of them always is.
   */
  minPartialCosine: number;
  /** Keyword search's common-word share (src/recommend/query-words.ts). */
  commonShare: number;
  /** The fusion's keyword weight when no keyword hit matched a query word (src/recommend/hybrid.ts). */
  keywordWeight: number;
  /** The keyword weight when some keyword hit holds every strong query word (1: keyword order stands). */
  fullMatchWeight: number;
  /** Divide vector cosines by the query's best before blending. */
  scaleVectors: boolean;
  /** Read query words as the catalog's labels they mean in the keyword half (recommend/label-words.ts). */
  labelWords: boolean;
  /** The share of its score an add-on the query did not ask for keeps (recommend/product-line.ts `weighAddOns`; 1: off). */
  addOnWeight: number;
  /** First results a broad query's other results are compared with (recommend/search-feedback.ts; 0: off). */
  feedbackHits: number;
}

/**
 * The shipped policy, chosen on the validation split of the judged search queries
 * (eval/search-truth/tune.ts, 60 policies, then the full-match weight against the known-item
 * queries too: hybrid.ts): natural NDCG@10 .713 against .687 for keyword order on every full match
 * (the previous fusion) and .731 for the best natural-only policy (which puts a shopper typing a
 * product's own title words .027 MRR below keyword search on Office), every keyboard mash answered
 * with nothing, 94.7% of answerable queries with a relevant item in the first 8. The vector floor
 * does not bind there (0.2 and 0.3 tie); the keyword weight .2 at no word matched, .8 at all strong
 * words matched.
 */
export const SEARCH_POLICY: Readonly<SearchPolicy> = Object.freeze({
  requireKnownWord: true,
  minCosine: 0.3,
  minUnknownWordCosine: 0.45,
  minPartialCosine: 0,
  commonShare: COMMON_WORD_SHARE,
  keywordWeight: HYBRID_KEYWORD_WEIGHT,
  fullMatchWeight: HYBRID_FULL_MATCH_WEIGHT,
  scaleVectors: false,
  labelWords: true,
  addOnWeight: ADD_ON_WEIGHT,
  feedbackHits: FEEDBACK_HITS,
});

/** The search ranking under `policy`: the shipped ranker is `rankSearch(SEARCH_POLICY)`. */
export function rankSearch(policy: Readonly<SearchPolicy>): Ranker<typeof search>['rank'] {
  return async (ctx, query, o) => {
    // Nothing to match (blank, punctuation or symbols only): every score would be 0 and the list arbitrary.
    if (NOTHING_TO_SEARCH.test(query)) return { items: [], warming: false };
    const { index } = ctx.catalog;
    // Built in slices on a big catalog's first search: other queries are answered meanwhile.
    if (!index || !ctx.vectorsUsable()) return byKeywords(await ctx.catalog.keywordAsync(), query, o, ctx, policy);
    let keyword = await ctx.query.keywordWithin();
    if (keyword && !ctx.query.encoderLoaded()) {
      ctx.query.loadEncoder();
      return byKeywords(keyword, query, o, ctx, policy);
    }
    let vector: Float32Array;
    try {
      vector = await ctx.query.embed(query); // loads the encoder if the keyword index was slower
    } catch (e) {
      if (keyword) throw e;
      return byKeywords(await ctx.catalog.keywordAsync(), query, o, ctx, policy);
    }
    keyword ??= ctx.catalog.builtKeyword; // built while the encoder loaded
    // A query the catalog does not recognise: nothing for a keyboard mash; the vectors alone, held
    // to a higher floor, for real words the catalog never uses ("bicycle" where it says "bike").
    // Its keyword hits are typo matches the catalog's words were too rare to vouch for: left out.
    const reading = await keywordReading(ctx, keyword, query, policy);
    if (!reading) return { items: [], warming: ctx.partial() };
    const { keywordQuery } = reading;
    const unknownWords = !reading.recognised;
    const minCosine = unknownWords ? Math.max(policy.minCosine, policy.minUnknownWordCosine) : policy.minCosine;
    const depth = Math.max(HYBRID_DEPTH, o.k * (o.diversity ? MMR_POOL_FACTOR : 1));
    const dismissed = ctx.profile.dismissed;
    const vectorHits = searchItems(index, vector, depth, o.filter, dismissed).filter((h) => h.score >= minCosine);
    const cosine = (key: string) => {
      const v = index.vector(key);
      return v ? dotF32(vector, 0, v, 0, v.length) : 0;
    };
    const keywordHits = (unknownWords ? undefined : keyword)
      ?.search(keywordQuery, depth, o.filter, dismissed, policy.commonShare)
      .filter((h) => h.matched >= 1 || cosine(h.key) >= policy.minPartialCosine);
    const scale = o.minScore > 0 ? ScoreCalibration.fromQuery(index, ctx.scale.keys(), vector) : undefined;
    // The cut-off never drops a hit holding every word typed: with labels searched too, `matched`
    // counts them as query words, so those hits come from the query as typed.
    const exact =
      scale && keyword && keywordQuery !== query
        ? new Set(keyword.search(query, depth, o.filter, dismissed, policy.commonShare).flatMap((h) => (h.matched === 1 ? [h.key] : [])))
        : undefined;
    const fusion = {
      ...o,
      ...(exact ? { exact } : {}),
      depth,
      scale,
      keywordWeight: policy.keywordWeight,
      fullMatchWeight: policy.fullMatchWeight,
      scaleVectors: policy.scaleVectors,
      lines: searchLines(ctx, query, policy),
      feedback: searchFeedback(ctx, policy),
    };
    const items = fuseSearch(index, vector, keywordHits, vectorHits, fusion);
    return { items, warming: ctx.partial() || !keyword };
  };
}

/**
 * What the keyword half searches, and whether the catalog recognises the query; undefined for a
 * keyboard mash (a query the catalog does not recognise whose words do not look like words). The
 * keyword half reads a query word as the catalog's label it means ("kids": Children, "coop": Co-op),
 * as far as the catalog has labels (label-words.ts); the vector half reads the query as typed. A
 * label typed as one word ("permadeath": Perma Death) is read before anything else, exactly, and a
 * query whose words the catalog does not use as typed is recognised when a label it means is.
 */
async function keywordReading(
  ctx: RankContext,
  keyword: KeywordIndex | undefined,
  query: string,
  policy: Readonly<SearchPolicy>,
): Promise<{ keywordQuery: string; recognised: boolean } | undefined> {
  const labels = keyword && policy.labelWords ? ctx.query.labelWords(keyword) : undefined;
  const spelled = labels ? labels.expand(query, () => undefined) : query;
  // Never fatal: a failure to embed the words leaves the labels typed as one word.
  const read = async () => (labels ? expandWithLabels(labels, query, (words) => ctx.query.embedWords(words)).catch(() => spelled) : query);
  if (!policy.requireKnownWord || !keyword || keyword.recognises(spelled)) return { keywordQuery: await read(), recognised: true };
  if (!keyword.looksLikeWords(query)) return undefined;
  const expanded = await read();
  return expanded !== query && keyword.recognises(expanded)
    ? { keywordQuery: expanded, recognised: true }
    : { keywordQuery: query, recognised: false };
}

/** Ranks a search in the worker. */
export const searchRanker = rankerFor(search, rankSearch(SEARCH_POLICY), async (tools, query) => {
  // Until the encoder is loaded the endpoint answers by its keyword half alone: marked warming.
  const vector = await tools.queryVector(query);
  return { fields: vector ? { query, vector } : { query }, warming: !vector };
});

/** Keyword results alone: the fallback, marked `warming`. */
function byKeywords(keyword: KeywordIndex, query: string, o: ResolvedOptions, ctx: RankContext, policy: SearchPolicy): Ranked {
  // The same gate as with vectors: an unrecognised query's keyword hits are loose typo matches
  // ("bicycle" matched "Icicle" while the model loaded). Warming: the vectors may answer it later.
  if (policy.requireKnownWord && !keyword.recognises(query)) return { items: [], warming: true };
  const hits = keyword.search(query, Math.max(HYBRID_DEPTH, o.k), o.filter, ctx.profile.dismissed, policy.commonShare);
  // The same product lines as the hybrid list (search-fusion.ts), so the list does not change shape once vectors rank.
  return { items: arrangeLines(hits, searchLines(ctx, query, policy)).slice(0, o.k), warming: true };
}

/**
 * The first results' pull on a broad query's other results (recommend/search-feedback.ts), read in
 * word overlap's described view; none until a big catalog's word-overlap index is built. Asking for
 * it starts the build, as "similar" does: a first visit's check builds it anyway and a returning
 * visit reads it back, so only a catalog without either pays for it here (~2 s of the worker at 100k).
 */
function searchFeedback(ctx: RankContext, policy: Readonly<SearchPolicy>): SearchFusion['feedback'] {
  const words = policy.feedbackHits > 0 ? ctx.wordOverlapFor(undefined, DESCRIBED_VIEW) : undefined;
  return words && { similarity: (a, b) => words.similarity(a, b), hits: policy.feedbackHits };
}

/** Each result's product line and title, from the catalog's entries, for `query`. */
function searchLines(ctx: RankContext, query: string, policy: Readonly<SearchPolicy>): SearchLines {
  const { entries } = ctx.catalog;
  return { query, lineOf: entryLines(entries), titleOf: entryTitles(entries), addOnWeight: policy.addOnWeight };
}
