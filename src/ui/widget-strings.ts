/**
 * The widget's own strings, shared by every mode (status line, cards, empty list), with English
 * defaults. Each mode's headings and texts live in its file in src/modes; strings.ts joins both
 * into the one table a page translates.
 */
export const WIDGET_STRINGS = {
  /** While the first results load (beside the placeholder cards). */
  'status.loading': 'Loading recommendations…',
  /** Quick (keyword) results are shown while better ones are prepared, before any progress is known. */
  'status.quick': 'Quick matches for now; better ones are on the way…',
  /** A first visit shows the shop's most popular items while the catalog and recommendations load. */
  'status.popular': 'Popular items for now; recommendations are loading…',
  /** The same with a spread over the catalog (the build had no site signals). */
  'status.sample': 'A selection for now; recommendations are loading…',
  /** Any list's heading while it shows only the shop's popular items (a first visit, before the catalog). */
  'heading.popular': 'Popular in this shop',
  /** The same for a spread over the catalog. */
  'heading.sample': 'From the shop',
  /** The catalog starts to embed (nothing done yet). */
  'status.warming-start': 'Warming up: learning the catalog…',
  /** While the catalog embeds. `{done}`, `{total}`; plural forms by `{count}` = total. */
  'status.warming': 'Warming up: learning the catalog ({done} of {total})…',
  /** While prebuilt vectors download. `{percent}` (0-100). */
  'status.downloading': 'Loading recommendations ({percent}%)…',
  /** The recommender failed, but its simpler (lexical) results are shown. */
  'status.simpler': 'Showing simpler results.',
  /** The recommender failed (or never started) and there is nothing to show. */
  'status.unavailable': 'Recommendations are unavailable.',
  /** The accessible name of the progress bar. */
  'progress.label': 'Learning the catalog',
  'empty.nothing': 'Nothing to recommend yet.',
  /** The dismiss button's accessible name. `{title}`. */
  'card.dismiss': 'Not interested in {title}',
  /** The dismiss button's tooltip. */
  'card.dismiss-tooltip': 'Not interested',
  /** Why an item is shown. `{title}` = the history item. */
  'because.view': 'Because you viewed {title}',
  'because.click': 'Because you viewed {title}',
  'because.cart': 'Because you added {title}',
  'because.purchase': 'Because you bought {title}',
  'because.dismiss': 'Because you dismissed {title}',
} as const;

/** A key of the widget's own strings. */
export type WidgetStringKey = keyof typeof WIDGET_STRINGS;
