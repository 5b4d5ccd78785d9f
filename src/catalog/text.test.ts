import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../errors.ts';
import { capLength, cleanText } from './clean.ts';
import { DEFAULT_TEXT_RULE, isIdentifierKey, itemText } from './text.ts';

describe('itemText', () => {
  it('builds the documented example', () => {
    const item = {
      id: 1,
      title: 'Trail Shoe',
      brand: 'Acme',
      tags: ['running', 'trail'],
      description: '<p>Light &amp; fast</p>',
      color: 'red',
      specs: { weight: '250g' },
    };
    expect(itemText(item)).toBe('Trail Shoe. Acme. running, trail. Light & fast. color: red. specs.weight: 250g');
  });

  it('uses the listed fields in rule order, not item order', () => {
    const item = { id: 1, description: 'D', category: 'C', tags: 'T', brand: 'B', name: 'N', title: 'Ti' };
    expect(itemText(item)).toBe('Ti. N. B. C. T. D');
  });

  it('never flattens id, url, image or price, but embeds them when listed in fields', () => {
    const item = { id: 9, url: 'https://x/9', image: 'https://x/9.png', price: 12.5, title: 'Mug' };
    expect(itemText(item)).toBe('Mug');
    expect(itemText(item, { fields: ['title', 'price'] })).toBe('Mug. 12.5');
  });

  it('flattens nested objects, arrays, numbers and booleans and skips empty values', () => {
    const item = {
      id: 1,
      title: 'Lamp',
      specs: { size: { h: 30, w: 12 }, dimmable: true, note: null, parts: [] },
      colors: ['red', '', 'blue'],
      blank: '   ',
      missing: undefined,
      variants: [{ color: 'red', size: 'M' }, { color: 'blue' }],
    };
    expect(itemText(item)).toBe(
      'Lamp. specs.size.h: 30. specs.size.w: 12. specs.dimmable: true. colors: red, blue. variants: color: red; size: M, color: blue',
    );
  });

  it('honours flattenOthers: false and exclude (top-level names and dotted paths)', () => {
    const item = { id: 1, title: 'Lamp', sku: 'A-1', specs: { ean: '400', watts: 9 }, description: 'Bright' };
    expect(itemText(item, { flattenOthers: false })).toBe('Lamp. Bright');
    expect(itemText(item, { exclude: ['sku', 'specs.ean', 'description'] })).toBe('Lamp. specs.watts: 9');
  });

  it('drops repeated parts and does not double sentence punctuation', () => {
    const item = { id: 1, title: 'Blue mug', name: 'Blue mug', description: 'Holds tea. Really!', color: 'blue' };
    expect(itemText(item)).toBe('Blue mug. Holds tea. Really! color: blue');
  });

  it('returns an empty string when there is nothing to embed', () => {
    expect(itemText({ id: 1 })).toBe('');
    expect(itemText({ id: 1, url: 'https://x', title: '<img src=x>', tags: [] })).toBe('');
  });

  it('keeps XSS-looking input as plain text, without markup', () => {
    const item = {
      id: 1,
      title: '<script>alert("x")</script>Nice <b>bo</b>ld<br/>shoe',
      description: '<img src=x onerror="alert(1)">Safe &lt;script&gt;alert(2)&lt;/script&gt;',
      note: '<a href="javascript:alert(3)" title="a>b">link</a>',
    };
    const text = itemText(item);
    expect(text).toBe('Nice bold shoe. Safe <script>alert(2)</script>. note: link');
    expect(text).not.toMatch(/onerror|javascript:|alert\(1\)|alert\("x"\)/);
  });

  it('preserves emoji, CJK and accented text', () => {
    const item = { id: 'jp-1', title: '抹茶ラテ 🍵', description: 'Caf&#233; &#x1F600; crème brûlée', origin: '日本' };
    expect(itemText(item)).toBe('抹茶ラテ 🍵. Café 😀 crème brûlée. origin: 日本');
  });

  it('respects maxLength on a word boundary', () => {
    const item = { id: 1, title: 'alpha beta gamma delta epsilon', description: 'zeta '.repeat(500) };
    const text = itemText(item, { maxLength: 20 });
    expect(text).toBe('alpha beta gamma');
    expect(itemText(item).length).toBeLessThanOrEqual(1000);
    for (const max of [1, 7, 13, 50, 333]) expect(itemText(item, { maxLength: max }).length).toBeLessThanOrEqual(max);
  });

  it('never splits a surrogate pair when cutting', () => {
    const item = { id: 1, title: '😀'.repeat(10) };
    for (let max = 1; max <= 21; max++) {
      const text = itemText(item, { maxLength: max });
      expect(text.length).toBeLessThanOrEqual(max);
      expect(text).toBe('😀'.repeat(Math.floor(max / 2)));
    }
  });

  it('stops early on huge items but still fills up to maxLength', () => {
    const item: Record<string, unknown> & { id: number } = { id: 1 };
    for (let i = 0; i < 5000; i++) item[`f${i}`] = `value ${i}`;
    const text = itemText(item, { maxLength: 100 });
    expect(text.length).toBeLessThanOrEqual(100);
    expect(text.length).toBeGreaterThan(80);
    expect(text.startsWith('f0: value 0. f1: value 1')).toBe(true);
  });

  it('survives cyclic objects', () => {
    const specs: Record<string, unknown> = { size: 'L' };
    specs.self = specs;
    expect(itemText({ id: 1, title: 'T', specs })).toBe('T. specs.size: L');
  });

  it('rejects malformed rules with INVALID_OPTION', () => {
    expect(() => itemText({ id: 1 }, { maxLength: 0 })).toThrow(expect.objectContaining({ code: ErrorCodes.INVALID_OPTION }));
    expect(() => itemText({ id: 1 }, { maxLength: 2.5 })).toThrow(/maxLength/);
    expect(() => itemText({ id: 1 }, { fields: 'title' as unknown as string[] })).toThrow(/fields/);
  });

  it('exposes frozen defaults', () => {
    expect(DEFAULT_TEXT_RULE).toEqual({
      fields: ['title', 'name', 'brand', 'category', 'tags', 'description'],
      flattenOthers: true,
      exclude: [],
      maxLength: 1000,
    });
    expect(Object.isFrozen(DEFAULT_TEXT_RULE)).toBe(true);
    expect(Object.isFrozen(DEFAULT_TEXT_RULE.fields)).toBe(true);
  });
});

describe('cleanText', () => {
  it('decodes the common and numeric entities once', () => {
    expect(cleanText('a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39; f&nbsp;g &#65;&#x42;')).toBe('a & b <c> "d" \'e\' f g AB');
    expect(cleanText('&amp;lt; stays escaped')).toBe('&lt; stays escaped');
    expect(cleanText('&bogus; &#0; &#xD800; &#99999999;')).toBe('&bogus; &#0; &#xD800; &#99999999;');
  });

  it('separates words at block tags only and leaves prose comparisons alone', () => {
    expect(cleanText('<ul><li>one</li><li>two</li></ul><p>three</p>')).toBe('one two three');
    expect(cleanText('<em>ex</em>tra')).toBe('extra');
    expect(cleanText('if a < b and c > d')).toBe('if a < b and c > d');
    expect(cleanText('x<!-- hidden -->y<style>p{color:red}</style>')).toBe('x y');
  });

  it('collapses whitespace and drops control characters', () => {
    expect(cleanText('  a\t\tb\n\r\nc\u0000d\u0007  ')).toBe('a b cd');
  });

  it('gives what the unconditional replaces gave, on every mix of spaces, other whitespace and controls', () => {
    // The replaces run only when they would change something (clean.ts); the text must not change,
    // or every content hash (and every prebuilt artifact) would.
    const pieces = ['a', 'é', ' ', '  ', '\t', '\n', '\u00a0', '\u2003', '\ufeff', '\u0000', '\u0085', '\u009f', '&amp;', '日'];
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed;
    };
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the old rule, as it was written.
    const control = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/g;
    const before = (s: string) => s.replace(control, '').replace(/\s+/g, ' ').trim();
    for (let n = 0; n < 5000; n++) {
      const text = Array.from({ length: 1 + (next() % 12) }, () => pieces[next() % pieces.length]).join('');
      expect(cleanText(text), JSON.stringify(text)).toBe(before(text.replace(/&amp;/g, '&')));
    }
  });

  it('drops exactly the control characters (Unicode Cc) other than tab, line feed and carriage return', () => {
    const cc = /\p{Cc}/u;
    const differ: number[] = [];
    for (let c = 0; c <= 0x10ffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const ch = String.fromCodePoint(c);
      const dropped = cleanText(`a${ch}b`) === 'ab';
      const expected = cc.test(ch) && !'\t\n\r'.includes(ch);
      if (dropped !== expected) differ.push(c);
    }
    expect(differ).toEqual([]);
  });
});

describe('capLength', () => {
  it('returns short text unchanged and trims dangling separators', () => {
    expect(capLength('short', 10)).toBe('short');
    expect(capLength('one, two, three', 9)).toBe('one, two');
    expect(capLength('abcdefghij', 4)).toBe('abcd');
  });
});

describe('identifier-like fields', () => {
  it('are never flattened, at any depth, but can still be listed in fields', () => {
    const item = {
      id: 7,
      title: 'Toy Story',
      asin: 'B0000AG93P',
      imdbId: '0114709',
      brand_id: 2,
      tag_ids: [1, 2],
      specs: { ean: '400', sku: 'x', weight: '1kg' },
      paid: 'yes',
      android: 'yes',
    };
    expect(itemText(item)).toBe('Toy Story. specs.weight: 1kg. paid: yes. android: yes');
    expect(itemText(item, { fields: ['title', 'asin'] })).toBe('Toy Story. B0000AG93P. specs.weight: 1kg. paid: yes. android: yes');
  });

  it('isIdentifierKey names codes, not words that merely end in "id"', () => {
    for (const key of ['sku', 'ASIN', 'gtin13', 'isbn10', 'brand_id', 'tag-ids', 'imdbId', 'categoryIds', 'ID', 'uuid'])
      expect(isIdentifierKey(key), key).toBe(true);
    for (const key of ['paid', 'valid', 'android', 'title', 'idea', 'width']) expect(isIdentifierKey(key), key).toBe(false);
  });
});
