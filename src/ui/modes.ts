/**
 * The widget's modes in one table, read by the custom element and the React component alike: what
 * each mode fetches, its default heading, when it refreshes and what it says when empty. A new
 * mode is a new row here (plus its recommender method).
 */
import type { RankOptions, Recommendation, Recommender, RecommenderEvents } from '../types.ts';

/** The modes a widget can show. */
export type Mode = 'similar' | 'for-you' | 'search';

/** What a widget knows when it fetches: its item (similar) or its query (search). */
export interface ModeParams {
  itemId?: string | number | null;
  query?: string | null;
}

/** One mode of the widget. */
export interface ModeSpec {
  /** Heading shown unless the page gives one. */
  heading: string;
  /** The recommendations for `params`; none when the mode's input is missing. */
  fetch(r: Recommender, params: ModeParams, options: RankOptions): Promise<Recommendation[]>;
  /** Whether a change of the visitor's history should refetch this list. */
  refreshOn(event: RecommenderEvents['history']): boolean;
  /** What an empty list says. */
  emptyText(params: ModeParams): string;
}

const NOTHING = 'Nothing to recommend yet.';
/** Dismissals hide items in every mode; `forget` brings them back. */
const dismissOrForget = (e: RecommenderEvents['history']) => e.type === 'dismiss' || e.type === 'forget';

/** Every mode, by name. */
export const MODES: Readonly<Record<Mode, ModeSpec>> = {
  similar: {
    heading: 'Similar items',
    fetch: (r, p, o) => (p.itemId === undefined || p.itemId === null || p.itemId === '' ? Promise.resolve([]) : r.similar(p.itemId, o)),
    refreshOn: dismissOrForget,
    emptyText: () => NOTHING,
  },
  'for-you': {
    heading: 'Recommended for you',
    fetch: (r, _p, o) => r.forYou(o),
    refreshOn: () => true,
    emptyText: () => NOTHING,
  },
  search: {
    heading: 'Search',
    fetch: (r, p, o) => (p.query?.trim() ? r.search(p.query, o) : Promise.resolve([])),
    refreshOn: dismissOrForget,
    emptyText: (p) => (p.query?.trim() ? 'No matches.' : 'Type to search.'),
  },
};

/** The mode named by `value`; `similar` when it names none. */
export function modeOf(value: string | null | undefined): Mode {
  return value !== null && value !== undefined && Object.hasOwn(MODES, value) ? (value as Mode) : 'similar';
}
