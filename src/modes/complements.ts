/**
 * "Frequently bought together": an item's strongest "together" neighbours from the site's signals
 * (`inpage-rec build --interactions`), then content-similar items when it has fewer; each result's
 * `basis` says which. A list of content fill-ins only is headed as similar items.
 */
import { entryNamesOf } from '../catalog/index.ts';
import {
  type BlendOptions,
  capComplementLines,
  complementItems,
  LEARNED_COMPLEMENTS_BLEND,
  type RankedItem,
  SIMILAR_BLEND,
  SIMILAR_FULL_SHARE,
  similarPool,
  togetherItems,
  widerSimilarPool,
} from '../recommend/index.ts';
import { DEFAULT_K, type RankOptions, type Recommendation } from '../types/ranking.ts';
import type { VectorIndex } from '../vector-index/index.ts';
import { defineMode } from './mode.ts';
import { type RankContext, type Ranked, type ResolvedOptions, rankerFor } from './ranker.ts';
import { dismissOrForget } from './refresh.ts';
import { similarRanker } from './similar.ts';

/** The page's call. */
export interface ComplementsCall {
  /**
   * "Frequently bought together" with `itemId`, from the site's signals
   * (`inpage-rec build --interactions`); content-similar items (`basis: 'content'`) when it has
   * none or too few.
   */
  complements(itemId: string | number, options?: RankOptions): Promise<Recommendation[]>;
}

/**
 * "Frequently bought together" on the page.
 *
 * Decision: a list whose every item is a content fill-in (the catalog has no "bought together"
 * signals for this item, or the build had none) must not claim "Frequently bought together": it
 * gets its own key, `heading.complements-content`, "You may also like". It said "Similar items"
 * until the page's similar list showed right above it under the same heading (issue 27); a page
 * that translated `heading.similar` but not this key still gets its `heading.similar` translation
 * (strings.ts). A list with at least one signals item keeps the complements heading; so do
 * placeholders and an empty list.
 */
export const complements = defineMode<ComplementsCall>()({
  name: 'complements',
  method: 'complements',
  input: 'item',
  strings: {
    'heading.complements': 'Frequently bought together',
    /**
     * Complements when every item is a content-similar fill-in (none comes from the site's "bought
     * together" signals). A page that translated `heading.similar` only gets that translation.
     */
    'heading.complements-content': 'You may also like',
  },
  heading: 'heading.complements',
  contentHeading: 'heading.complements-content',
  emptyText: () => 'empty.nothing',
  refreshOn: dismissOrForget,
  // About the page's item too, after its similar items: never repeats them.
  pageOrder: 1,
});

/**
 * Ranks complements in the worker. What "similar" shows for the same item (its default list of
 * `DEFAULT_K`) is never repeated here: those are substitutes. A page showing a longer similar
 * list is covered by the page's de-duplication (ui/shown.ts).
 */
export const complementsRanker = rankerFor(
  complements,
  async (ctx, key, given) => {
    const shown = await similarRanker.rank(ctx, key, { ...given, k: DEFAULT_K, diversity: undefined, minScore: 0 });
    const similarKeys = new Set(shown.items.map((r) => r.key));
    const o = { ...given, filter: (x: string) => !similarKeys.has(x) && (!given.filter || given.filter(x)) };
    const { index } = ctx.catalog;
    if (!ctx.vectorsUsable() || !index?.has(key)) return beforeVectors(ctx, key, o);
    // The content fill-ins ("You may also like") rank as similar items do, so they continue its list:
    // similar's blend (word overlap weighs 8: on the validation half of Office's complement truth,
    // HR@10 .1841 against .1715 with the for-you content blend's 4, also_bought .5556 against .5078;
    // eval/mode-truth/tune-complements.ts) and its word overlap, mostly the described view. The full
    // text alone filled "Stardew Valley"'s list with "Valley", "Train Valley" and "Sleeping Valley".
    // The call's diversity and cut-off apply (signal neighbours are bought together, whatever their text).
    const content: ComplementContent = {
      weights: SIMILAR_BLEND,
      calibration: ctx.scale.calibrate(),
      wordOverlap: ctx.wordOverlapFor(undefined, SIMILAR_FULL_SHARE),
      diversity: o.diversity,
      cut: ctx.scale.cutOff(o.minScore, (r) => ctx.scale.cosine(r.key, key)),
      known: ctx.known,
    };
    // A pool of fill-ins, so that product lines can be capped as similar's are, the item's own
    // line excepted (capComplementLines), and a wider one when the caps leave too few; the
    // "together" items stand as the signals give them.
    // Names only: product lines read ~50 candidates' (`entryNames`: from memory when items are on disk).
    const itemOf = entryNamesOf(ctx.catalog.entries);
    const fills = fillSpace(ctx, index, content);
    const rank = (pool: number) => {
      const c = complementItems(fills.index, key, pool, o.filter, ctx.profile.dismissed, ctx.signals, fills.content);
      const together = c.items.filter((r) => r.basis === 'signals').slice(0, o.k);
      const fill = c.items.filter((r) => r.basis !== 'signals');
      const capped = capComplementLines(fill, o.k - together.length, itemOf(key), itemOf);
      return { together, fill: capped.items, done: capped.full || fill.length < pool - c.fromSignals };
    };
    const first = rank(similarPool(o.k));
    const { together, fill } = first.done ? first : rank(widerSimilarPool(similarPool(o.k)));
    return { items: [...together, ...fill], warming: ctx.partial() };
  },
  // A retrieval endpoint answers from the signals it was loaded with, then content fill-ins.
  async (_tools, key) => ({ fields: { item: key }, warming: false }),
);

/**
 * Where the content fill-ins rank: the raw text space, or the shop's learned space when the page
 * has it (the artifact's `learned` section): query(item) . target(candidate), what the site's
 * sessions open after the item, plus word overlap (`LEARNED_COMPLEMENTS_BLEND`). Items the build
 * never saw are placed from their text vectors first, as "for you" does.
 */
function fillSpace(
  ctx: RankContext,
  index: VectorIndex,
  content: ComplementContent,
): { index: VectorIndex; content: ComplementContent & Pick<BlendOptions, 'anchorQuery'> } {
  const { learned } = ctx;
  if (!learned) return { index, content };
  learned.placeCatalog(ctx.catalog.entries, (key) => index.vector(key));
  const weights = LEARNED_COMPLEMENTS_BLEND;
  // Not `textFallback` as "for you" has: Office validation also_bought .6140 -> .6131 and minus
  // substitutes .2793 -> .2772 with it (docs/notes/learned-space.md).
  return { index: learned.targets, content: { ...content, weights, calibration: learned.calibration(), anchorQuery: learned.query } };
}

/** How the content fill-ins rank (`complementItems`'s `content`). */
type ComplementContent = Pick<BlendOptions, 'calibration' | 'wordOverlap' | 'diversity' | 'cut' | 'known' | 'weights'>;

/** No vector for the item yet: its "bought together" list still comes first, keywords fill in. */
function beforeVectors(ctx: RankContext, key: string, o: ResolvedOptions): Ranked {
  const dismissed = ctx.profile.dismissed;
  const together = togetherItems(key, o.k, o.filter, dismissed, ctx.signals, ctx.known);
  const taken = new Set(together.map((r) => r.key));
  const rest = (x: string) => !taken.has(x) && (!o.filter || o.filter(x));
  const fill = together.length < o.k ? ctx.catalog.keyword.similar(key, o.k - together.length, rest, dismissed) : [];
  const items = [...together, ...fill.map((r): RankedItem => ({ ...r, basis: 'content' }))];
  return { items, warming: true };
}
