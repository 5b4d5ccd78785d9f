/**
 * "Recommended for you", from the visitor's own history (kept in this browser only): the items
 * nearest its anchors, blended with the site's signals when the page has them. A visitor with no
 * history gets the site's popular items or a spread over the catalog; history without vectors
 * yet, the keyword fallback from the newest anchor.
 */
import {
  CONTENT_DIVERSITY,
  DEFAULT_DIVERSITY,
  forYouBlended,
  LEARNED_BLEND,
  MMR_POOL_FACTOR,
  mmrRerank,
  popularStart,
  type RankedItem,
} from '../recommend/index.ts';
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

/**
 * MMR diversity of the learned space's list for a new visitor, on the text vectors: a guard
 * against one department filling the cards (the demo's first 4 held 3 climbing items). Validation,
 * first item, 0 against .5: Office HR@10 .0145 either way (NDCG .0097 / .0096); the eval's lists
 * already spread (6 Office categories, 4 MovieLens genres in the first 8 either way).
 */
export const COLD_DIVERSITY = 0.5;

/** Ranks "for you" in the worker. */
export const forYouRanker = rankerFor(
  forYou,
  (ctx, _input, o) => {
    const { index } = ctx.catalog;
    const { profile } = ctx;
    if (!profile.anchors.some((a) => ctx.catalog.entries.has(a.key))) return coldStart(ctx, o);
    if (!index || !ctx.vectorsUsable() || !profile.anchors.some((a) => index.has(a.key))) return beforeVectors(ctx, o);
    const { signals } = ctx;
    const diversity = o.diversity ?? (signals ? DEFAULT_DIVERSITY : CONTENT_DIVERSITY);
    // Judged by the cosine with the anchor that contributed most (not judged when it has no vector).
    const cut = ctx.scale.cutOff(o.minScore, (r) => (r.because ? ctx.scale.cosine(r.key, r.because.key) : undefined));
    const { learned } = ctx;
    if (learned) {
      // Items the build never saw (added since, or left out) are placed from their text vectors first.
      learned.placeCatalog(ctx.catalog.entries, (key) => index.vector(key));
      // Word overlap too: the learned space knows what the logs show, the words what they miss (model
      // numbers, series). LEARNED_BLEND says how much it weighs.
      const wordOverlap = ctx.wordOverlapFor(signals);
      const raw = ctx.scale.calibrate();
      const options = {
        signals,
        calibration: learned.calibration(),
        // Items the logs never named rank by their text, as the raw space would (LearnedLookup.textOnly).
        textFallback: raw && learned.textFallback(index, raw),
        weights: LEARNED_BLEND,
        diversity,
        wordOverlap,
        known: ctx.known,
        cut,
      };
      const items = forYouBlended(learned.targets, profile, o.k, o.filter, { ...options, anchorQuery: learned.query });
      return { items, warming: ctx.partial() };
    }
    const wordOverlap = ctx.wordOverlapFor(signals);
    const options = { signals, calibration: ctx.scale.calibrate(), diversity, wordOverlap, known: ctx.known, cut };
    return { items: forYouBlended(index, profile, o.k, o.filter, options), warming: ctx.partial() };
  },
  // A retrieval endpoint gets the profile vector and the ids to leave out, never the events.
  async (tools) => ({ fields: await tools.profile(), warming: false }),
);

/** Not seen, not dismissed, in the catalog and through the call's filter. */
function keeper(ctx: RankContext, o: ResolvedOptions): (key: string) => boolean {
  const { profile } = ctx;
  return (key) => ctx.known(key) && !profile.seen.has(key) && !profile.dismissed.has(key) && (!o.filter || o.filter(key));
}

/**
 * A visitor with no history in this catalog: the site's most popular items when it publishes its
 * signals, then those its learned space expects most (when the page has one), then the catalog
 * spread, one item of each kind first (cold-start.ts); never the catalog file's first items.
 * Warming while the catalog embeds (the spread is by category until vectors rank).
 */
function coldStart(ctx: RankContext, o: ResolvedOptions): Ranked {
  const keep = keeper(ctx, o);
  const items: RankedItem[] = ctx.signals ? popularStart(ctx.signals, o.k, keep) : [];
  const taken = new Set(items.map((r) => r.key));
  // Then, with the shop's learned space, what it expects next from anywhere (LearnedLookup.popular):
  // validation HR@10 of the first item, Office .0103 -> .0145, MovieLens .0000 -> .0690
  // (docs/notes/learned-space.md). Diversified on the text vectors, so a new visitor is not shown
  // one department (the space's favourites bunch: 3 of the demo's first 4 were climbing gear).
  const wanted = o.k - items.length;
  const expected = ctx.learned?.popular(wanted * MMR_POOL_FACTOR, (x) => !taken.has(x) && keep(x)) ?? [];
  for (const { key } of mmrRerank(expected, (key) => ctx.catalog.index?.vector(key), wanted, COLD_DIVERSITY)) {
    items.push({ key, score: 0 });
    taken.add(key);
  }
  for (const key of ctx.spread()) {
    if (items.length >= o.k) break;
    if (!taken.has(key) && keep(key)) items.push({ key, score: 0 });
  }
  // Warming only while vectors are still coming (or stand in): a first visit whose prebuilt vectors
  // cover the catalog has its final spread before `ready` (storing them), and says nothing is coming.
  return { items, warming: ctx.partial() };
}

/** History in the catalog but no vectors for it yet: the keyword fallback from the newest anchor. */
function beforeVectors(ctx: RankContext, o: ResolvedOptions): Ranked {
  // Warming while the catalog embeds, or while the history's items wait for vectors.
  return { items: ctx.catalog.keyword.forYou(ctx.profile, o.k, o.filter), warming: true };
}
