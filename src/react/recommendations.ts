/**
 * `<Recommendations mode="similar" itemId="sku-42" catalog="/catalog.json" />`: the widget as a
 * React component, with the element's behaviour (one shared list state machine, see
 * ui/controller.ts), markup classes and stylesheet. Safe on a server: it renders a labelled
 * placeholder there and on the first client render, and starts the worker in an effect.
 */
import {
  type ComponentType,
  createElement as h,
  type MouseEvent,
  type ReactNode,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import type { RankOptions, Recommendation, Recommender } from '../types/index.ts';
import { type Layout, readLayout } from '../ui/attributes.ts';
import type { WidgetError } from '../ui/controller.ts';
import type { CardEventDetail } from '../ui/events.ts';
import { headingKey, type Mode, WIDGET_MODES } from '../ui/modes.ts';
import { type StringKey, type Translations, translate } from '../ui/strings.ts';
import { adoptStyles } from '../ui/stylesheet.ts';
import { variantsOf } from '../ui/title-variants.ts';
import { skeletons } from './card.ts';
import { SearchForm, StatusRegion } from './frame.ts';
import { listInputOf } from './list-input.ts';
import { type CardContext, listItem } from './list-item.ts';
import { useListFocus } from './use-focus.ts';
import { useImpressions } from './use-impressions.ts';
import { type RecommenderSource, useList, useRecommender } from './use-list.ts';

/** Props of `<Recommendations>`. */
export interface RecommendationsProps extends RecommenderSource {
  mode: Mode;
  itemId?: string | number;
  /** search: the query (the component also shows a search form). */
  query?: string;
  /** Number of cards, a whole number from 1 to 100 (default 8). */
  k?: number;
  filter?: RankOptions['filter'];
  /** Ids never to show. */
  excludeIds?: readonly (string | number)[];
  /** 0..1: relevance traded for variety (default: the API's, chosen per mode). */
  diversity?: number;
  /** 0..1: the calibrated similarity cut-off (default: none); see `RankOptions.minScore`. */
  minScore?: number;
  /** May repeat items other lists of the same recommender show (by default the page shows an item once). */
  allowRepeats?: boolean;
  heading?: string;
  /** similar: record a view of `itemId` when mounted. */
  trackView?: boolean;
  /** ISO 4217 code for prices (default USD). */
  currency?: string;
  /** BCP 47 locale for prices, numbers and plurals (default: the browser's). */
  locale?: string;
  layout?: Layout;
  /** Overrides for any of the widget's strings (keys: see `DEFAULT_STRINGS`). */
  translations?: Translations;
  renderItem?: (rec: Recommendation) => ReactNode;
  itemComponent?: ComponentType<{ rec: Recommendation }>;
  className?: string;
  /** Do not add the widget's stylesheet to the document (you style the `inpage-rec-*` classes). */
  unstyled?: boolean;
  /** A card's link was clicked. Call `event.preventDefault()` to navigate yourself (SPA routers). */
  onItemClick?: (detail: CardEventDetail, event: MouseEvent<HTMLAnchorElement>) => void;
  /** A card was at least half visible for the first time in this list. */
  onImpression?: (detail: CardEventDetail) => void;
  /** The visitor dismissed a card. */
  onDismiss?: (detail: CardEventDetail) => void;
  /** The list saw a failure (the status line tells the visitor). */
  onError?: (error: WidgetError) => void;
  /** search: the visitor submitted a query. */
  onSearch?: (query: string) => void;
}

const MAX_SKELETONS = 8;
const useIsoLayoutEffect = typeof document === 'undefined' ? useEffect : useLayoutEffect;

/** The recommendations widget as a React component. */
export function Recommendations(props: RecommendationsProps): ReactNode {
  const { mode, itemId, locale } = props;
  const { r, error: setupError } = useRecommender(props);
  const [query, setTyped] = useTypedQuery(props.query);
  const input = listInputOf(props, query);
  const { snapshot, controller } = useList(r, input, (e) => props.onError?.(e), setupError);
  const { recs, status } = snapshot;
  const t = (key: StringKey, vars?: Record<string, string | number>) => translate(props.translations, key, vars, locale);
  const prepareSearch = usePrepareSearch(r);
  const listRef = useRef<HTMLUListElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const focus = useListFocus(listRef, headingRef);
  const tracker = useImpressions(recs ?? [], mode, JSON.stringify([mode, itemId, query, props.filter ?? null]), props.onImpression);
  useIsoLayoutEffect(() => {
    if (!props.unstyled) adoptStyles(document);
  }, [props.unstyled]);

  const cards: CardContext = {
    props,
    mode,
    r,
    t,
    format: { strings: props.translations, locale, currency: props.currency ?? 'USD' },
    dismissing: (li) => focus.dismissing(li),
    dismiss: (rec) => controller.dismiss(rec),
    observe: (node, id) => tracker.observe(node, id),
    variants: variantsOf(recs ?? []),
  };
  const heading = props.heading ?? t(headingKey(mode, recs));
  const state = recs ? 'ready' : status.busy ? 'placeholder' : 'unavailable';
  const items: ReactNode[] = recs
    ? recs.map((rec, i) => listItem(rec, i, cards))
    : status.busy
      ? skeletons(Math.min(input.k, MAX_SKELETONS))
      : [];
  const isEmpty = recs?.length === 0 && status.key !== 'status.unavailable';
  return h(
    'section',
    {
      className: props.className ? `inpage-rec ${props.className}` : 'inpage-rec',
      'aria-label': heading,
      'aria-busy': status.busy,
      'data-inpage-rec': state,
      'data-layout': readLayout(props.layout),
      onFocus: focus.onFocus,
      onBlur: focus.onBlur,
    },
    h('h2', { className: 'inpage-rec-heading', ref: headingRef, tabIndex: -1 }, heading),
    WIDGET_MODES[mode].searchForm
      ? h(SearchForm, {
          query: query ?? '',
          t,
          onFocus: prepareSearch,
          onSubmit: (q: string) => {
            setTyped(q);
            props.onSearch?.(q);
          },
        })
      : null,
    h(StatusRegion, { status, t }),
    items.length ? h('ul', { className: 'inpage-rec-list', role: 'list', ref: listRef }, items) : null,
    isEmpty ? h('p', { className: 'inpage-rec-empty' }, t(WIDGET_MODES[mode].emptyText({ itemId, query }))) : null,
  );
}

/**
 * The query a search list shows: one the visitor typed holds until the page passes a different
 * `query` prop. Returns it and the setter for a typed query.
 */
function useTypedQuery(prop: string | undefined): [string | undefined, (typed: string) => void] {
  const [typed, setTyped] = useState<{ query: string; over: string | undefined } | undefined>(undefined);
  const query = typed && typed.over === prop ? typed.query : prop;
  return [query, (q) => setTyped({ query: q, over: prop })];
}

/** The search input's focus prepares search once per recommender (see InpageRecElement.prepareSearch). */
function usePrepareSearch(r: Recommender | undefined): () => void {
  const prepared = useRef<Recommender | undefined>(undefined);
  return () => {
    if (!r || prepared.current === r) return;
    prepared.current = r;
    r.prepareSearch().catch(() => undefined);
  };
}
