/**
 * What a mode is: one way of asking for recommendations ("similar items", "for you", search...).
 * Each mode is one file in this folder holding all of it: the page's call and its doc comment, the
 * widget's strings and rules (heading, empty text, when a list refreshes, how it relates to other
 * lists on the page), and how the worker checks its input and ranks it (ranker.ts).
 *
 * The page's `Recommender` methods, the worker's protocol and the element's mode table are derived
 * from the registry (index.ts), as comlink's `Remote<T>` derives the caller's type from the
 * worker's object: a new mode is one file plus its registry rows.
 */
import type { HistoryChange } from '../types/history.ts';
import type { RankOptions, Recommendation } from '../types/ranking.ts';
import type { WidgetStringKey } from '../ui/widget-strings.ts';

/** What a mode's call takes before its options: an item id, a query, or nothing. */
export type ModeInput = 'item' | 'query' | 'none';

/** The arguments of a call that takes `I`. */
export type ModeArgs<I extends ModeInput> = I extends 'item'
  ? [itemId: string | number, options?: RankOptions]
  : I extends 'query'
    ? [query: string, options?: RankOptions]
    : [options?: RankOptions];

/** What a widget knows when it fetches: its item (item modes) or its query (query modes). */
export interface ModeParams {
  itemId?: string | number | null;
  query?: string | null;
}

/**
 * One mode as the page sees it. `Call` is the interface holding its one `Recommender` method,
 * with that method's doc comment; `Keys` are the keys of the mode's own strings.
 */
export interface Mode<Call = unknown, Keys extends string = string> {
  /** The element's `mode` attribute and React's `mode` prop, e.g. `for-you`. */
  readonly name: string;
  /** The `Recommender` method that fetches it, e.g. `forYou`. */
  readonly method: keyof Call & string;
  /** What that method takes before its options. */
  readonly input: ModeInput;
  /** The mode's own widget strings, English defaults by key (a page translates them by key). */
  readonly strings: Readonly<Record<Keys, string>>;
  /** The key of the heading shown unless the page gives one. */
  readonly heading: Keys;
  /** The heading instead when every item shown is a content-similar fill-in (`basis: 'content'`). */
  readonly contentHeading?: Keys;
  /** The key of what an empty list says. */
  emptyText(params: ModeParams): Keys | WidgetStringKey;
  /** Whether a change of the visitor's history should refetch a list of this mode. */
  refreshOn(change: HistoryChange): boolean;
  /**
   * Where lists of this mode stand in the page's de-duplication (ui/shown.ts): a list leaves out
   * what lists of a lower order show (then those of the same order that joined the page first).
   * Undefined: the mode takes no part (search answers its query whatever the page shows).
   */
  readonly pageOrder?: number;
  /**
   * The mode ranks an item's nearest neighbours by content: a first visit may answer it from the
   * artifact's head before the catalog is in (src/worker/prebuilt/head-answers.ts).
   */
  readonly nearestFirst?: boolean;
  /** The widget may record a view of its item (`track-view`): the page shows that item. */
  readonly tracksView?: boolean;
  /** Type only, never set: the page's call, so the `Recommender` type can be derived. */
  readonly call?: Call;
}

/** Any mode, whatever its call. */
// biome-ignore lint/suspicious/noExplicitAny: a registry holds modes of different calls; each keeps its own type.
export type AnyMode = Mode<any, string>;

/**
 * Declares a mode: `defineMode<SimilarCall>()({ name: 'similar', method: 'similar', ... })`. The
 * call interface comes first (it holds the method's doc comment); the rest is inferred, literal.
 */
export function defineMode<Call>() {
  // The intersection checks the heading and empty-text keys against the mode's own strings.
  return <const D extends Mode<Call>>(definition: D & Mode<Call, keyof D['strings'] & string>): D & { readonly call?: Call } => definition;
}

/** Turns a union into the intersection of its members. */
type Intersect<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** The calls of every mode of a registry, as one object type: what `Recommender` derives its modes from. */
export type ModeCalls<M extends readonly AnyMode[]> = Intersect<NonNullable<M[number]['call']>>;

/** The names of a registry's modes (the element's `mode` values). */
export type ModeNames<M extends readonly AnyMode[]> = M[number]['name'];

/** The keys of one mode's own strings. */
type StringKeysOf<D> = D extends { strings: infer S } ? keyof S & string : never;

/** The keys of the own strings of a registry's modes. */
export type ModeStringKeys<M extends readonly AnyMode[]> = StringKeysOf<M[number]>;

/** A call into a mode, whichever side runs it: the page (over the worker) or the worker (ranking). */
export type ModeRunner = (mode: AnyMode, args: unknown[]) => Promise<Recommendation[]>;

/**
 * One method per mode of `modes`, each running `run(mode, args)`: the page's `Recommender` methods
 * and the worker engine's are both made here, from the registry.
 */
export function modeCalls<M extends readonly AnyMode[]>(modes: M, run: ModeRunner): ModeCalls<M> {
  const calls: Record<string, (...args: unknown[]) => Promise<Recommendation[]>> = {};
  for (const mode of modes) calls[mode.method] = (...args) => run(mode, args);
  return calls as ModeCalls<M>;
}
