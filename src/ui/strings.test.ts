import { afterEach, describe, expect, it, vi } from 'vitest';
import { becauseOf, priceOf } from './format.ts';
import { DEFAULT_STRINGS, parseTranslations, translate } from './strings.ts';

afterEach(() => vi.restoreAllMocks());

describe('widget strings', () => {
  it('fills placeholders, formats numbers for the locale, and falls back to English', () => {
    expect(translate(undefined, 'status.warming', { done: 1234, total: 5000, count: 5000 }, 'en-US')).toBe(
      'Warming up: learning the catalog (1,234 of 5,000)…',
    );
    expect(translate({ 'status.warming': '{done} sur {total}' }, 'status.warming', { done: 1234, total: 5000 }, 'fr-FR')).toBe(
      '1\u202f234 sur 5\u202f000',
    );
    expect(translate({}, 'heading.for-you')).toBe(DEFAULT_STRINGS['heading.for-you']);
    // An unknown placeholder stays visible instead of vanishing.
    expect(translate({ 'card.dismiss': 'Hide {title} ({oops})' }, 'card.dismiss', { title: 'Tent' })).toBe('Hide Tent ({oops})');
  });

  it('picks plural forms by count with the locale rules (Polish: one / few / many)', () => {
    const pl = {
      'status.warming': {
        one: '{done} z {total} produktu',
        few: '{done} z {total} produktów (few)',
        many: '{done} z {total} produktów',
        other: '{done} z {total}',
      },
    };
    const say = (total: number) => translate(pl, 'status.warming', { done: 1, total, count: total }, 'pl');
    expect(say(1)).toBe('1 z 1 produktu');
    expect(say(3)).toBe('1 z 3 produktów (few)');
    expect(say(5)).toBe('1 z 5 produktów');
    expect(say(1.5)).toBe('1 z 1,5');
  });

  it("the content-only complements heading takes the page's own translation, else its heading.similar one", () => {
    expect(translate({}, 'heading.complements-content')).toBe('You may also like');
    expect(translate({ 'heading.similar': 'Ähnliche Artikel' }, 'heading.complements-content')).toBe('Ähnliche Artikel');
    expect(translate({ 'heading.similar': 'Ähnlich', 'heading.complements-content': 'Passt dazu' }, 'heading.complements-content')).toBe(
      'Passt dazu',
    );
  });

  it('keeps valid overrides and reports unknown keys, bad values and bad JSON by name', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(parseTranslations('{"heading.search":"Suche","heading.serch":"x","search.button":3,"status.simpler":{"one":"a"}}')).toEqual({
      'heading.search': 'Suche',
    });
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([
      expect.stringContaining('unknown key "heading.serch"'),
      expect.stringContaining('["search.button"]'),
      expect.stringContaining('["status.simpler"]'),
    ]);
    expect(parseTranslations('{not json')).toEqual({});
    expect(parseTranslations('[1]')).toEqual({});
    expect(warn).toHaveBeenCalledTimes(5);
    // Inherited names are not keys.
    expect(parseTranslations({ toString: 'x' } as never)).toEqual({});
  });

  it('formats prices by currency and locale, and "because" lines from the string table', () => {
    const item = { id: 1, price: 6.5 };
    expect(priceOf(item, 'USD', 'en-US')).toBe('$6.50');
    expect(priceOf(item, 'EUR', 'de-DE')).toBe('6,50\u00a0€');
    expect(priceOf(item, 'not a currency', 'en-US')).toBe('6.50');
    expect(priceOf({ id: 2, price: '6.50' }, 'USD')).toBeUndefined();
    const rec = { id: 3, item: { id: 3 }, score: 1, warming: false, because: { key: 'k', type: 'cart' as const, id: 9, title: 'Stove' } };
    expect(becauseOf(rec)).toBe('Because you added Stove');
    expect(becauseOf(rec, { 'because.cart': 'Weil du {title} gekauft hast' })).toBe('Weil du Stove gekauft hast');
  });
});
