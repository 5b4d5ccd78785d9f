/**
 * "Similar items": the items most like one item. By vectors: the content blend (cosine plus word
 * overlap), with the site's signals when the page has them; the plain nearest neighbours while a
 * big catalog's word-overlap index is still being built. Before vectors: the keyword fallback.
 */
import { entryNamesOf, itemName } from '../catalog/index.ts';
import {
  capSimilarLines,
  type RankedItem,
  SIMILAR_BLEND,
  SIMILAR_FULL_SHARE,
  similarBlended,
  similarItems,
  similarPool,
  widerSimilarPool,
} from '../recommend/index.ts';
import type { RankOptions, Recommendation } from '../types/ranking.ts';
import { defineMode } from './mode.ts';
import { type RankContext, rankerFor } from './ranker.ts';
import { dismissOrForget } from './refresh.ts';

/** The page's call. */
export interface SimilarCall {
  /** Items similar to `itemId`. */
  similar(itemId: string | number, options?: RankOptions): Promise<Recommendation[]>;
}

/** "Similar items" on the page. */
export const similar = defineMode<SimilarCall>()({
  name: 'similar',
  method: 'similar',
  input: 'item',
  strings: { 'heading.similar': 'Similar items' },
  heading: 'heading.similar',
  emptyText: () => 'empty.nothing',
  refreshOn: dismissOrForget,
  // The page's own subject (similar items of this product): first on the page.
  pageOrder: 0,
  // Content nearest neighbours: what a first visit's artifact head can rank alone.
  nearestFirst: true,
  tracksView: true,
});

/** Ranks similar items in the worker. */
export const similarRanker = rankerFor(
  similar,
  (ctx, key, o) => {
    const { index } = ctx.catalog;
    const dismissed = ctx.profile.dismissed;
    if (!ctx.vectorsUsable() || !index?.has(key)) {
      const rank = (pool: number) => ctx.catalog.keyword.similar(key, pool, o.filter, dismissed);
      return { items: capLines(ctx, key, rank, o.k), warming: true };
    }
    const { signals } = ctx;
    // Word overlap whether or not the page has signals: SIMILAR_BLEND is the content blend, which
    // weighs it (with signals, the for-you blend does not; asking with `signals` left it out here and
    // put similar + signals at cosine order: Office substitute P@8 .6915 against .7505). In the
    // described view mostly: a shared name ("Stardew Valley", "Sky Valley") says little of what an item
    // is, a shared model ("Inkwell 78" and its twin pack) still something (SIMILAR_FULL_SHARE).
    const wordOverlap = ctx.wordOverlapFor(undefined, SIMILAR_FULL_SHARE);
    const cut = ctx.scale.cutOff(o.minScore, (r) => ctx.scale.cosine(r.key, key));
    // The blend (content and word overlap, plus signals when the page has them); the plain nearest
    // neighbours only while a big catalog's word index is still being built (the cut-off follows
    // their cosine order there, so cutting after taking k loses nothing).
    // Signals reorder the content neighbours; they never bring items of their own ("bought together"
    // items are complements, not substitutes: issue 27).
    const blendOptions = {
      signals,
      calibration: ctx.scale.calibrate(),
      diversity: o.diversity,
      wordOverlap,
      known: ctx.known,
      cut,
      signalCandidates: false,
      weights: SIMILAR_BLEND,
    };
    const rank = (pool: number) =>
      signals || o.diversity || wordOverlap
        ? similarBlended(index, key, pool, o.filter, dismissed, blendOptions)
        : (cut ?? ((x: RankedItem[]) => x))(similarItems(index, key, pool, o.filter, dismissed));
    return { items: capLines(ctx, key, rank, o.k), warming: ctx.partial() };
  },
  // A retrieval endpoint answers with the item's nearest neighbours (and the item's vector, kept for
  // "for you"); it learns the item id, as any request for its page does.
  async (_tools, key) => ({ fields: { item: key }, warming: false }),
);

/**
 * The first `k` items `rank(pool)` gives, with the item's own family and each product line capped
 * (`capSimilarLines`); ranked again from a wider pool when a family filled the first.
 */
function capLines(ctx: RankContext, key: string, rank: (pool: number) => RankedItem[], k: number): RankedItem[] {
  // Names only: product lines read ~50 candidates' (`entryNames`: from memory when items are on disk).
  const itemOf = entryNamesOf(ctx.catalog.entries);
  const anchor = itemOf(key);
  const cap = (ranked: RankedItem[]) => capSimilarLines(ranked, k, anchor && itemName(anchor), itemOf);
  const pool = similarPool(k);
  const first = rank(pool);
  const capped = cap(first);
  return capped.full || first.length < pool ? capped.items : cap(rank(widerSimilarPool(pool))).items;
}
