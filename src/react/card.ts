/**
 * The React component's default card: the same markup and classes as the element's card, so the
 * shared stylesheet gives both the same look. Catalog data is rendered as text (React escapes it);
 * links and images only for http(s) URLs.
 */
import { createElement as h, type ReactNode } from 'react';
import type { Recommendation } from '../types/index.ts';
import { becauseOf, priceOf, titleOf } from '../ui/format.ts';
import { safeHttpUrl } from '../ui/safe-url.ts';
import type { Translations } from '../ui/strings.ts';

/** How default cards format their text. */
export interface CardFormat {
  strings: Translations | undefined;
  locale: string | undefined;
  currency: string;
}

/**
 * The default content of a card: image, title, what tells the title apart from a near-identical
 * one in the list (`variant`, ui/title-variants.ts), price, "because you viewed".
 */
export function defaultCardBody(rec: Recommendation, f: CardFormat, variant?: string): ReactNode {
  const src = safeHttpUrl(rec.item.image);
  const price = priceOf(rec.item, f.currency, f.locale);
  const because = becauseOf(rec, f.strings, f.locale);
  return [
    src ? h('img', { key: 'image', className: 'inpage-rec-image', src, alt: '', loading: 'lazy', decoding: 'async' }) : null,
    h('span', { key: 'title', className: 'inpage-rec-title' }, titleOf(rec.item)),
    variant ? h('span', { key: 'variant', className: 'inpage-rec-variant' }, variant) : null,
    price ? h('span', { key: 'price', className: 'inpage-rec-price' }, price) : null,
    because ? h('span', { key: 'because', className: 'inpage-rec-because' }, because) : null,
  ];
}

/** Whether the default card of `rec` shows an image (the dismiss button then sits over it). */
export function hasImage(rec: Recommendation): boolean {
  return safeHttpUrl(rec.item.image) !== undefined;
}

/** Placeholder cards shown before the first results (hidden from assistive technology). */
export function skeletons(count: number): ReactNode[] {
  return Array.from({ length: count }, (_, i) => h('li', { key: `skeleton-${i}`, className: 'inpage-rec-skeleton', 'aria-hidden': true }));
}
