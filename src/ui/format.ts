/** Text shown on cards, derived from catalog items (always rendered as text, never HTML). */
import type { Recommendation } from '../types/index.ts';
import { type Translations, translate } from './strings.ts';

/** The item's display title: `title`, then `name`, then its id. */
export function titleOf(item: Recommendation['item']): string {
  for (const f of ['title', 'name'] as const) if (typeof item[f] === 'string' && (item[f] as string).trim()) return item[f] as string;
  return String(item.id);
}

const priceFormats = new Map<string, Intl.NumberFormat | null>();

function priceFormat(currency: string, locale: string | undefined): Intl.NumberFormat | null {
  const key = `${currency}|${locale ?? ''}`;
  if (!priceFormats.has(key)) {
    let f: Intl.NumberFormat | null = null;
    for (const l of [locale, undefined]) {
      try {
        f = new Intl.NumberFormat(l, { style: 'currency', currency });
        break;
      } catch {
        // an invalid locale tag falls back to the browser's; an invalid currency to a plain number
      }
    }
    priceFormats.set(key, f);
  }
  return priceFormats.get(key) ?? null;
}

/**
 * A price as the locale shows it (`$6.50`, `6,50 €`), or undefined when the item has no numeric
 * price. `currency` is an ISO 4217 code (default USD); an unknown one shows the bare number.
 */
export function priceOf(item: Recommendation['item'], currency = 'USD', locale?: string): string | undefined {
  if (typeof item.price !== 'number' || !Number.isFinite(item.price)) return undefined;
  return priceFormat(currency, locale)?.format(item.price) ?? item.price.toFixed(2);
}

/** "Because you viewed X", or undefined when the item was not picked because of history. */
export function becauseOf(rec: Recommendation, strings?: Translations, locale?: string): string | undefined {
  if (!rec.because) return undefined;
  return translate(strings, `because.${rec.because.type}`, { title: rec.because.title ?? String(rec.because.id) }, locale);
}
