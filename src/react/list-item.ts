/**
 * One card of the React component: the page's own card (`itemComponent`, `renderItem`) or the
 * default one, its link (tracked, then followed unless the page routes itself) and its dismiss
 * button. The same markup and classes as the element's cards (ui/card.ts).
 */
import { createElement as h, type MouseEvent, type ReactNode } from 'react';
import type { Recommendation, Recommender } from '../types/index.ts';
import { trackThenFollow } from '../ui/click.ts';
import { cardDetail } from '../ui/events.ts';
import { titleOf } from '../ui/format.ts';
import type { Mode } from '../ui/modes.ts';
import { safeHttpUrl } from '../ui/safe-url.ts';
import type { MessageVars, StringKey } from '../ui/strings.ts';
import { type CardFormat, defaultCardBody, hasImage } from './card.ts';
import type { RecommendationsProps } from './recommendations.ts';

/** What every card of one list shares. */
export interface CardContext {
  props: Pick<RecommendationsProps, 'itemComponent' | 'renderItem' | 'onItemClick' | 'onDismiss'>;
  mode: Mode;
  /** The recommender, once there is one (clicks are tracked through it). */
  r: Recommender | undefined;
  t: (key: StringKey, vars?: MessageVars) => string;
  format: CardFormat;
  /** The dismiss button inside `li` was pressed: focus will move to a neighbour. */
  dismissing(li: Element | null): void;
  /** Hides `rec` and records the dismissal. */
  dismiss(rec: Recommendation): void;
  /** What tells a card's title apart from a near-identical one in the list, by item id. */
  variants: ReadonlyMap<string, string>;
  /** A card was mounted: watch it for impressions. */
  observe(node: HTMLLIElement, id: string): void;
}

/** The `<li>` of `rec` at `position`. */
export function listItem(rec: Recommendation, position: number, c: CardContext): ReactNode {
  const { props } = c;
  const href = safeHttpUrl(rec.item.url);
  const custom = props.itemComponent || props.renderItem;
  const body = props.itemComponent
    ? h(props.itemComponent, { rec })
    : props.renderItem
      ? props.renderItem(rec)
      : defaultCardBody(rec, c.format, c.variants.get(String(rec.id)));
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    props.onItemClick?.(cardDetail(rec, position, c.mode, href), e);
    if (c.r && href) void trackThenFollow(e, c.r, rec, href, e.defaultPrevented);
  };
  const dismiss = (e: MouseEvent<HTMLButtonElement>) => {
    c.dismissing(e.currentTarget.parentElement);
    props.onDismiss?.(cardDetail(rec, position, c.mode, href));
    c.dismiss(rec);
  };
  return h(
    'li',
    {
      key: String(rec.id),
      className: 'inpage-rec-item',
      'data-id': String(rec.id),
      'data-image': !custom && hasImage(rec) ? '' : undefined,
      'data-custom': custom ? '' : undefined,
      ref: (node: HTMLLIElement | null) => {
        if (node) c.observe(node, String(rec.id));
      },
    },
    href ? h('a', { className: 'inpage-rec-card', href, onClick }, body) : h('div', { className: 'inpage-rec-card' }, body),
    h(
      'button',
      {
        type: 'button',
        className: 'inpage-rec-dismiss',
        'aria-label': c.t('card.dismiss', { title: titleOf(rec.item) }),
        title: c.t('card.dismiss-tooltip'),
        onClick: dismiss,
      },
      '×',
    ),
  );
}
