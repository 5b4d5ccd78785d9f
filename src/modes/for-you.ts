/**
 * "Recommended for you", from the visitor's own history (kept in this browser only): the items
 * nearest its anchors, blended with the site's signals when the page has them. Without a usable
 * history (or vectors), the keyword fallback from the newest anchor, else the catalog's own order.
 */
import { CONTENT_DIVERSITY, DEFAULT_DIVERSITY, forYouBlended } from '../recommend/index.ts';
import type { RankOptions, Recommendation } from '../types/ranking.ts';
import { defineMode } from './mode.ts';
import { type RankContext, type Ranked, type ResolvedOptions, rankerFor } from './ranker.ts';

/** The page's call. */
export interface ForYouCall {
  /** Items for this visitor, from their own history (kept in this browser only). */
  forYou(options?: RankOptions): Promise<Recommendation[]>;
}

/** "Recommended for you" on the page. */
export const forYou = defineMode<ForYouCall>()({
  name: 'for-you',
  method: 'forYou',
  input: 'none',
  strings: { 'heading.for-you': 'Recommended for you' },
  heading: 'heading.for-you',
  emptyText: () => 'empty.nothing',
  // Every change of the history changes what is "for you".
  refreshOn: () => true,
  // Never repeats what the page's similar items and complements show.
  pageOrder: 2,
});

/** Ranks "for you" in the worker. */
export const forYouRanker = rankerFor(forYou, (ctx, _input, o) => {
  const { index } = ctx.catalog;
  const { profile } = ctx;
  if (!index || !ctx.vectorsUsable() || !profile.anchors.some((a) => index.has(a.key))) return beforeVectors(ctx, o);
  const { signals } = ctx;
  const diversity = o.diversity ?? (signals ? DEFAULT_DIVERSITY : CONTENT_DIVERSITY);
  // Judged by the cosine with the anchor that contributed most (not judged when it has no vector).
  const cut = ctx.scale.cutOff(o.minScore, (r) => (r.because ? ctx.scale.cosine(r.key, r.because.key) : undefined));
  const options = {
    signals,
    calibration: ctx.scale.calibrate(),
    diversity,
    wordOverlap: ctx.wordOverlapFor(signals),
    known: ctx.known,
    cut,
  };
  return { items: forYouBlended(index, profile, o.k, o.filter, options), warming: ctx.partial() };
});

/**
 * No usable history yet (or no vectors): the keyword fallback from the newest anchor in the
 * catalog; without one, the catalog's own order (what the fallback would give, without its index).
 */
function beforeVectors(ctx: RankContext, o: ResolvedOptions): Ranked {
  const { catalog, profile } = ctx;
  const anchored = profile.anchors.some((a) => catalog.entries.has(a.key));
  const keep = (key: string) => !profile.seen.has(key) && !profile.dismissed.has(key) && (!o.filter || o.filter(key));
  const items = anchored ? catalog.keyword.forYou(profile, o.k, o.filter) : catalog.firstKeys(o.k, keep).map((key) => ({ key, score: 0 }));
  // Warming while the catalog embeds, or while the history's items wait for vectors; history made
  // only of items no longer in the catalog will never have any, so that list is final.
  return { items, warming: !ctx.ready() || anchored };
}
