/** Text shown on cards, derived from catalog items (always rendered as text, never HTML). */
import type { Recommendation } from '../types.ts';

/** The item's display title: `title`, then `name`, then its id. */
export function titleOf(item: Recommendation['item']): string {
  for (const f of ['title', 'name'] as const) if (typeof item[f] === 'string' && (item[f] as string).trim()) return item[f] as string;
  return String(item.id);
}

/** A price as the page's locale shows it, or undefined. `currency` is an ISO code (default USD). */
export function priceOf(item: Recommendation['item'], currency = 'USD'): string | undefined {
  if (typeof item.price !== 'number' || !Number.isFinite(item.price)) return undefined;
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(item.price);
  } catch {
    return item.price.toFixed(2);
  }
}

const VERBS = { view: 'viewed', click: 'viewed', cart: 'added', purchase: 'bought', dismiss: 'dismissed' } as const;

/** "Because you viewed X", or undefined when the item was not picked because of history. */
export function becauseOf(rec: Recommendation): string | undefined {
  if (!rec.because) return undefined;
  return `Because you ${VERBS[rec.because.type]} ${rec.because.title ?? rec.because.id}`;
}
