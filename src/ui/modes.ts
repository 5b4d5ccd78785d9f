/**
 * The widget's mode table, derived from the registry of modes (src/modes): what each mode fetches,
 * its default heading, when it refreshes, what it says when empty and how it relates to the other
 * lists on the page. The custom element and the React component read the same table; an element
 * class may carry another registry (`InpageRecElement.modes`), as a test fixture's does.
 */
import { type AnyMode, MODES, type ModeName, type ModeParams } from '../modes/index.ts';
import type { HistoryChange, RankOptions, Recommendation } from '../types/index.ts';
import { DEFAULT_STRINGS, type StringKey } from './strings.ts';

/** The modes a widget can show. */
export type Mode = ModeName;

/** One mode as a widget uses it. */
export interface WidgetMode {
  readonly definition: AnyMode;
  /** The string key of the heading shown unless the page gives one. */
  readonly heading: StringKey;
  /** The heading instead when every item shown is a content-similar fill-in (`basis: 'content'`). */
  readonly contentHeading?: StringKey;
  /** The recommendations for `params`; none when the mode's input is missing. */
  fetch(r: object, params: ModeParams, options: RankOptions): Promise<Recommendation[]>;
  /** Whether a change of the visitor's history should refetch this list. */
  refreshOn(change: HistoryChange): boolean;
  /** The string key of what an empty list says. */
  emptyText(params: ModeParams): StringKey;
  /** Where its lists stand in the page's de-duplication; undefined: none (ui/shown.ts). */
  readonly pageOrder: number | undefined;
  /** The widget shows a search form (the mode takes a query). */
  readonly searchForm: boolean;
  /** The widget may record a view of its item (`track-view`). */
  readonly tracksView: boolean;
}

/** A mode's fetch: its method with the item or query the widget has, or no results without them. */
function fetchOf(mode: AnyMode): WidgetMode['fetch'] {
  return (r, params, options) => {
    const call = (r as Record<string, (...args: unknown[]) => Promise<Recommendation[]>>)[mode.method];
    if (typeof call !== 'function') return Promise.reject(new Error(`the recommender has no ${mode.method}() for mode "${mode.name}"`));
    if (mode.input === 'none') return call.call(r, options);
    if (mode.input === 'query') return params.query?.trim() ? call.call(r, params.query, options) : Promise.resolve([]);
    const { itemId } = params;
    return itemId === undefined || itemId === null || itemId === '' ? Promise.resolve([]) : call.call(r, itemId, options);
  };
}

/** The widget's table of `modes`, by name. */
export function widgetModes(modes: readonly AnyMode[]): Readonly<Record<string, WidgetMode>> {
  const table: Record<string, WidgetMode> = {};
  for (const mode of modes) {
    table[mode.name] = {
      definition: mode,
      // The registry's keys are the table's own (ui/strings.ts joins every mode's strings).
      heading: mode.heading as StringKey,
      ...(mode.contentHeading ? { contentHeading: mode.contentHeading as StringKey } : {}),
      fetch: fetchOf(mode),
      refreshOn: (change) => mode.refreshOn(change),
      emptyText: (params) => mode.emptyText(params) as StringKey,
      pageOrder: mode.pageOrder,
      searchForm: mode.input === 'query',
      tracksView: mode.tracksView === true,
    };
  }
  return table;
}

const defaults = new WeakMap<object, Readonly<Record<StringKey, string>>>();

/**
 * The English defaults of a widget using `table`: the built-in strings, plus the own strings of
 * modes the registry does not hold (a test fixture's). One object per table.
 */
export function defaultStrings(table: Readonly<Record<string, WidgetMode>>): Readonly<Record<StringKey, string>> {
  let strings = defaults.get(table);
  if (!strings) {
    strings = Object.assign({}, ...Object.values(table).map((m) => m.definition.strings), DEFAULT_STRINGS) as Record<StringKey, string>;
    defaults.set(table, strings);
  }
  return strings;
}

/** The built-in modes' table. */
export const WIDGET_MODES = widgetModes(MODES) as Readonly<Record<Mode, WidgetMode>>;

/** The mode named `name` in `table`; the table's first (similar) when it names none. */
export function widgetMode(name: string, table: Readonly<Record<string, WidgetMode>> = WIDGET_MODES): WidgetMode {
  return (Object.hasOwn(table, name) ? table[name] : Object.values(table)[0])!;
}

/**
 * The string key of the default heading of a `mode` list showing `recs`: a mode's content heading
 * when every item shown is a content fill-in (see src/modes/complements.ts); a heading that does not
 * claim the mode when every item is a first visit's starter record (`popular` or `sample`: "Similar
 * items" over the shop's popular items would mislead); placeholders and an empty list keep the
 * mode's heading. A `heading` the page gives always wins.
 */
export function headingKey(
  mode: string,
  recs: readonly Recommendation[] | undefined,
  table: Readonly<Record<string, WidgetMode>> = WIDGET_MODES,
): StringKey {
  const spec = widgetMode(mode, table);
  if (recs?.length && recs.every((x) => x.basis === 'popular')) return 'heading.popular';
  if (recs?.length && recs.every((x) => x.basis === 'sample')) return 'heading.sample';
  if (spec.contentHeading && recs?.length && recs.every((x) => x.basis === 'content')) return spec.contentHeading;
  return spec.heading;
}

/** The mode named by `value` in `table`; `similar` (the table's first) when it names none. */
export function modeOf(value: string | null | undefined): Mode;
export function modeOf(value: string | null | undefined, table: Readonly<Record<string, WidgetMode>>): string;
export function modeOf(value: string | null | undefined, table: Readonly<Record<string, WidgetMode>> = WIDGET_MODES): string {
  return value !== null && value !== undefined && Object.hasOwn(table, value) ? value : Object.keys(table)[0]!;
}
