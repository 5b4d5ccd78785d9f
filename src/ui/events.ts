/**
 * The widget's analytics and state events. The element dispatches them as DOM CustomEvents on
 * itself (they bubble; `inpage-rec:click` is cancelable); the React component calls the matching
 * callback props. They carry what the page needs to report them to its own analytics: the widget
 * itself never sends anything anywhere.
 */
import type { Recommendation } from '../types/index.ts';
import type { WidgetError } from './controller.ts';
import type { Mode } from './modes.ts';

/** Which card: the item, its place in the list and the list it is in. */
export interface CardEventDetail {
  id: string | number;
  item: Recommendation['item'];
  /** 0-based position in the list. */
  position: number;
  mode: Mode;
  /** The recommendation came from the warming-up fallback. */
  warming: boolean;
  /** Complements: `signals` ("bought together" on this site) or `content` (a content-similar fill-in). */
  basis?: Recommendation['basis'];
  /** The card's link, when it has one. */
  href?: string;
}

/** `inpage-rec:render`: a list rendered results. */
export interface RenderEventDetail {
  count: number;
  warming: boolean;
}

/** Every event `<inpage-rec>` dispatches, by name. */
export interface InpageRecEventMap {
  /** A card's link was followed. Cancel it (`preventDefault()`) to navigate yourself (SPA routers); the click is recorded either way. */
  'inpage-rec:click': CustomEvent<CardEventDetail>;
  /** A card was at least half visible for the first time in this list. */
  'inpage-rec:impression': CustomEvent<CardEventDetail>;
  /** The visitor dismissed a card ("not interested"). */
  'inpage-rec:dismiss': CustomEvent<CardEventDetail>;
  /** The list rendered results. */
  'inpage-rec:render': CustomEvent<RenderEventDetail>;
  /** The list saw a failure (the status line says so to the visitor). */
  'inpage-rec:error': CustomEvent<WidgetError>;
}

declare global {
  interface HTMLElementEventMap extends InpageRecEventMap {}
}

/** The detail of card `rec` at `position`. */
export function cardDetail(rec: Recommendation, position: number, mode: Mode, href: string | undefined): CardEventDetail {
  return {
    id: rec.id,
    item: rec.item,
    position,
    mode,
    warming: rec.warming,
    ...(rec.basis ? { basis: rec.basis } : {}),
    ...(href ? { href } : {}),
  };
}
