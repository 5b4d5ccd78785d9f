/**
 * The element's card markup, built with DOM calls: catalog data goes in as text only, and links
 * and images only for http(s) URLs. Every node carries its `part` name (for `::part()`) as a class,
 * plus the shared stylesheet's `inpage-rec-` class.
 */
import type { Recommendation } from '../types/index.ts';
import { becauseOf, priceOf, titleOf } from './format.ts';
import { safeHttpUrl } from './safe-url.ts';
import { type Translations, translate } from './strings.ts';

/** A custom card renderer: return the card's content (it is placed inside the card's link). */
export type CardRenderer = (rec: Recommendation) => Node;

/** What a card needs from its list. */
export interface CardContext {
  strings: Translations;
  locale: string | undefined;
  currency: string;
  renderItem: CardRenderer | undefined;
  /** A changing number when something every card shows changed (strings, currency, renderer). */
  look: number;
  /** The card's link was clicked; `rec` is the one the card was built from (it may be stale since). */
  onClick(rec: Recommendation, e: MouseEvent, href: string, li: HTMLLIElement): void;
  /** The card's dismiss button was clicked; `rec` as for `onClick`. */
  onDismiss(rec: Recommendation, li: HTMLLIElement): void;
  /** What tells a card's title apart from a near-identical one in the list, by item id (title-variants.ts). */
  variants: ReadonlyMap<string, string>;
}

/** Creates `<tag part="name" class="name inpage-rec-name">`. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  part: string,
  attrs: Record<string, string> = {},
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.setAttribute('part', part);
  node.className = `${part} inpage-rec-${part}`;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

/**
 * Everything a card shows: a card is rebuilt only when this changes. The default card shows the
 * item and `because`; a custom `renderItem` may show any field of the recommendation (a
 * "bought together" badge from `basis`, a score, a warming mark), so for it they all count. The
 * card's event handlers do not rely on this: a kept card reports its item's current
 * recommendation (the element looks it up by id when the event fires).
 */
export function cardSignature(rec: Recommendation, ctx: CardContext): string {
  const custom = ctx.renderItem ? [rec.warming, rec.basis ?? null, rec.score] : null;
  return JSON.stringify([ctx.look, rec.item, rec.because ?? null, custom, ctx.variants.get(String(rec.id)) ?? null]);
}

/** Builds the card of `rec`. */
export function buildCard(rec: Recommendation, ctx: CardContext): HTMLLIElement {
  const li = el('li', 'item');
  const title = titleOf(rec.item);
  const href = safeHttpUrl(rec.item.url);
  const link = href ? el('a', 'link', { href }) : el('div', 'link');
  link.classList.add('card', 'inpage-rec-card');
  const src = safeHttpUrl(rec.item.image);
  if (ctx.renderItem) {
    link.append(ctx.renderItem(rec));
    li.setAttribute('data-custom', ''); // the stylesheet keeps custom content clear of the dismiss button
  } else {
    if (src) {
      link.append(el('img', 'image', { src, alt: '', loading: 'lazy', decoding: 'async' }));
      li.setAttribute('data-image', '');
    }
    const text = (part: string, value: string | undefined) => value && link.append(Object.assign(el('span', part), { textContent: value }));
    text('title', title);
    text('variant', ctx.variants.get(String(rec.id)));
    text('price', priceOf(rec.item, ctx.currency, ctx.locale));
    text('because', becauseOf(rec, ctx.strings, ctx.locale));
  }
  if (href) (link as HTMLElement).addEventListener('click', (e: MouseEvent) => ctx.onClick(rec, e, href, li));
  const dismiss = el('button', 'dismiss', {
    type: 'button',
    'aria-label': translate(ctx.strings, 'card.dismiss', { title }, ctx.locale),
    title: translate(ctx.strings, 'card.dismiss-tooltip', {}, ctx.locale),
  });
  dismiss.textContent = '×';
  dismiss.addEventListener('click', () => ctx.onDismiss(rec, li));
  li.append(link, dismiss);
  return li;
}

/** A placeholder card shown before the first results (hidden from assistive technology). */
export function buildSkeleton(): HTMLLIElement {
  const li = el('li', 'skeleton', { 'aria-hidden': 'true' });
  return li;
}
