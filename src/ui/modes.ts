/**
 * The widget's modes in one table, read by the custom element and the React component alike: what
 * each mode fetches, its default heading, when it refreshes, what it says when empty and how it
 * relates to the other lists on the page. A new mode is a new row here (plus its recommender
 * method and its `heading.<mode>` string).
 */
import type { RankOptions, Recommendation, Recommender, RecommenderEvents } from '../types.ts';
import type { StringKey } from './strings.ts';

/** The modes a widget can show. */
export type Mode = 'similar' | 'complements' | 'for-you' | 'search';

/** What a widget knows when it fetches: its item (similar, complements) or its query (search). */
export interface ModeParams {
  itemId?: string | number | null;
  query?: string | null;
}

/** One mode of the widget. */
export interface ModeSpec {
  /** The string key of the heading shown unless the page gives one. */
  heading: StringKey;
  /** The heading instead when every item shown is a content-similar fill-in (`basis: 'content'`). */
  contentHeading?: StringKey;
  /** The recommendations for `params`; none when the mode's input is missing. */
  fetch(r: Recommender, params: ModeParams, options: RankOptions): Promise<Recommendation[]>;
  /** Whether a change of the visitor's history should refetch this list. */
  refreshOn(event: RecommenderEvents['history']): boolean;
  /** The string key of what an empty list says. */
  emptyText(params: ModeParams): StringKey;
  /**
   * What this list is about on the page: a `context` list (the page's own subject, e.g. similar
   * items of this product) tells lists of the same recommender which ids it shows; an `avoids`
   * list leaves those out, so "for you" never repeats the product page's "similar items".
   */
  shown: 'context' | 'avoids' | 'none';
}

/** Dismissals hide items in every mode; `forget` brings them back. */
const dismissOrForget = (e: RecommenderEvents['history']) => e.type === 'dismiss' || e.type === 'forget';

/** Every mode, by name. */
export const MODES: Readonly<Record<Mode, ModeSpec>> = {
  similar: {
    heading: 'heading.similar',
    fetch: (r, p, o) => (p.itemId === undefined || p.itemId === null || p.itemId === '' ? Promise.resolve([]) : r.similar(p.itemId, o)),
    refreshOn: dismissOrForget,
    emptyText: () => 'empty.nothing',
    shown: 'context',
  },
  complements: {
    heading: 'heading.complements',
    contentHeading: 'heading.complements-content',
    fetch: (r, p, o) => (p.itemId === undefined || p.itemId === null || p.itemId === '' ? Promise.resolve([]) : r.complements(p.itemId, o)),
    refreshOn: dismissOrForget,
    emptyText: () => 'empty.nothing',
    // Bought together with the page's item: about the page's subject, like similar items.
    shown: 'context',
  },
  'for-you': {
    heading: 'heading.for-you',
    fetch: (r, _p, o) => r.forYou(o),
    refreshOn: () => true,
    emptyText: () => 'empty.nothing',
    shown: 'avoids',
  },
  search: {
    heading: 'heading.search',
    fetch: (r, p, o) => (p.query?.trim() ? r.search(p.query, o) : Promise.resolve([])),
    refreshOn: dismissOrForget,
    emptyText: (p) => (p.query?.trim() ? 'empty.no-matches' : 'empty.type-to-search'),
    shown: 'none',
  },
};

/**
 * The string key of the default heading of a `mode` list showing `recs`.
 *
 * Decision: a complements list whose every item is a content fill-in (the catalog has no "bought
 * together" signals for this item, or the build had none) must not claim "Frequently bought
 * together": it gets its own key, `heading.complements-content`, which says "Similar items" (what
 * those items are) and, untranslated, takes the page's `heading.similar` translation. A list with
 * at least one signals item keeps the complements heading (it leads with the signals items); so do
 * placeholders and an empty list, which show no fill-in. A `heading` the page gives always wins.
 */
export function headingKey(mode: Mode, recs: readonly Recommendation[] | undefined): StringKey {
  const spec = MODES[mode];
  if (spec.contentHeading && recs?.length && recs.every((x) => x.basis === 'content')) return spec.contentHeading;
  return spec.heading;
}

/** The mode named by `value`; `similar` when it names none. */
export function modeOf(value: string | null | undefined): Mode {
  return value !== null && value !== undefined && Object.hasOwn(MODES, value) ? (value as Mode) : 'similar';
}
