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
import type { RankOptions, Recommendation, Recommender } from '../types.ts';
import { type Layout, readLayout } from '../ui/attributes.ts';
import { trackThenFollow } from '../ui/click.ts';
import type { WidgetError } from '../ui/controller.ts';
import { type CardEventDetail, cardDetail } from '../ui/events.ts';
import { titleOf } from '../ui/format.ts';
import { headingKey, MODES, type Mode } from '../ui/modes.ts';
import { safeHttpUrl } from '../ui/safe-url.ts';
import { type StringKey, type Translations, translate } from '../ui/strings.ts';
import { adoptStyles } from '../ui/stylesheet.ts';
import { type CardFormat, defaultCardBody, hasImage, skeletons } from './card.ts';
import { listInputOf } from './list-input.ts';
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
  /** for-you: may repeat items that similar lists of the same recommender show on the page. */
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
  // A query the visitor typed holds until the page passes a different `query` prop.
  const [typed, setTyped] = useState<{ query: string; over: string | undefined } | undefined>(undefined);
  const query = typed && typed.over === props.query ? typed.query : props.query;
  const input = listInputOf(props, query);
  const { snapshot, controller } = useList(r, input, (e) => props.onError?.(e), setupError);
  const { recs, status } = snapshot;
  const t = (key: StringKey, vars?: Record<string, string | number>) => translate(props.translations, key, vars, locale);
  // The search input's focus prepares search once per recommender (see InpageRecElement.prepareSearch).
  const prepared = useRef<Recommender | undefined>(undefined);
  const prepareSearch = () => {
    if (!r || prepared.current === r) return;
    prepared.current = r;
    r.prepareSearch().catch(() => undefined);
  };
  const listRef = useRef<HTMLUListElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const focus = useListFocus(listRef, headingRef);
  const tracker = useImpressions(recs ?? [], mode, JSON.stringify([mode, itemId, query, props.filter ?? null]), props.onImpression);
  useIsoLayoutEffect(() => {
    if (!props.unstyled) adoptStyles(document);
  }, [props.unstyled]);

  const format: CardFormat = { strings: props.translations, locale, currency: props.currency ?? 'USD' };
  const card = (rec: Recommendation, position: number): ReactNode => {
    const href = safeHttpUrl(rec.item.url);
    const body = props.itemComponent
      ? h(props.itemComponent, { rec })
      : props.renderItem
        ? props.renderItem(rec)
        : defaultCardBody(rec, format);
    const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
      props.onItemClick?.(cardDetail(rec, position, mode, href), e);
      if (r && href) void trackThenFollow(e, r, rec, href, e.defaultPrevented);
    };
    const dismiss = (e: MouseEvent<HTMLButtonElement>) => {
      focus.dismissing(e.currentTarget.parentElement);
      props.onDismiss?.(cardDetail(rec, position, mode, href));
      controller.dismiss(rec);
    };
    return h(
      'li',
      {
        key: String(rec.id),
        className: 'inpage-rec-item',
        'data-id': String(rec.id),
        'data-image': !props.itemComponent && !props.renderItem && hasImage(rec) ? '' : undefined,
        'data-custom': props.itemComponent || props.renderItem ? '' : undefined,
        ref: (node: HTMLLIElement | null) => {
          if (node) tracker.observe(node, String(rec.id));
        },
      },
      href ? h('a', { className: 'inpage-rec-card', href, onClick }, body) : h('div', { className: 'inpage-rec-card' }, body),
      h(
        'button',
        {
          type: 'button',
          className: 'inpage-rec-dismiss',
          'aria-label': t('card.dismiss', { title: titleOf(rec.item) }),
          title: t('card.dismiss-tooltip'),
          onClick: dismiss,
        },
        '×',
      ),
    );
  };

  const heading = props.heading ?? t(headingKey(mode, recs));
  const state = recs ? 'ready' : status.busy ? 'placeholder' : 'unavailable';
  const items: ReactNode[] = recs ? recs.map(card) : status.busy ? skeletons(Math.min(input.k, MAX_SKELETONS)) : [];
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
    mode === 'search'
      ? h(SearchForm, {
          query: query ?? '',
          t,
          onFocus: prepareSearch,
          onSubmit: (q: string) => {
            setTyped({ query: q, over: props.query });
            props.onSearch?.(q);
          },
        })
      : null,
    h(
      'div',
      {
        className: 'inpage-rec-status',
        role: 'status',
        'aria-live': 'polite',
        'data-empty': !status.key && status.progress === undefined ? '' : undefined,
        'data-tone': status.tone,
      },
      status.key ? h('span', { className: 'inpage-rec-status-text' }, t(status.key, status.vars)) : null,
      status.progress !== undefined
        ? h('progress', { className: 'inpage-rec-progress', max: 1, value: status.progress, 'aria-label': t('progress.label') })
        : null,
    ),
    items.length ? h('ul', { className: 'inpage-rec-list', role: 'list', ref: listRef }, items) : null,
    isEmpty ? h('p', { className: 'inpage-rec-empty' }, t(MODES[mode].emptyText({ itemId, query }))) : null,
  );
}

/** The search form: its own input state, submitted as the list's query. */
function SearchForm(props: {
  query: string;
  t: (key: StringKey) => string;
  onFocus: () => void;
  onSubmit: (q: string) => void;
}): ReactNode {
  const [value, setValue] = useState(props.query);
  useEffect(() => setValue(props.query), [props.query]);
  const { t } = props;
  return h(
    'form',
    {
      className: 'inpage-rec-search',
      role: 'search',
      onSubmit: (e: { preventDefault(): void }) => {
        e.preventDefault();
        props.onSubmit(value);
      },
    },
    h('input', {
      className: 'inpage-rec-search-input',
      type: 'search',
      value,
      onChange: (e: { currentTarget: HTMLInputElement }) => setValue(e.currentTarget.value),
      onFocus: props.onFocus,
      'aria-label': t('search.label'),
      placeholder: t('search.placeholder'),
    }),
    h('button', { className: 'inpage-rec-search-button', type: 'submit' }, t('search.button')),
  );
}
