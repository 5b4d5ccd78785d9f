import { describe, expect, it } from 'vitest';
import { ByteItems, RECENT_ITEMS } from './byte-items.ts';
import { jsonArrayElements } from './json-elements.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const elements = (bytes: Uint8Array) => {
  const ranges = jsonArrayElements(bytes);
  if (!ranges) return undefined;
  const items = new ByteItems(bytes, ranges);
  return Array.from({ length: items.length }, (_, i) => items.parse(i));
};

describe('a JSON array split into its elements from its bytes', () => {
  const items = [
    { id: 'a', title: 'Comma, "quotes" and \\ backslash', tags: ['x', 'y'] },
    { id: 'b', title: 'Brackets ] } [ { inside a string', nested: { deep: [1, [2, { c: 3 }]] } },
    { id: 'c', title: 'Ünïcödé, 日本語 and 🎮, escaped \u00e9 \\u00e9' },
    { id: 'd', price: 12.5, empty: {}, list: [] },
    { id: 'e', ends: 'a backslash \\', next: '\\"', more: '\\\\"]' },
    'not an object',
    null,
    42,
  ];

  it("gives exactly JSON.parse's elements, compact or indented, after a byte order mark and blanks", () => {
    for (const text of [JSON.stringify(items), JSON.stringify(items, null, 2), `\ufeff \n${JSON.stringify(items, null, '\t')}\n `]) {
      expect(elements(utf8(text))).toEqual(items);
    }
  });

  it('never cuts inside a multi-byte character', () => {
    const bytes = utf8(JSON.stringify(items));
    const { starts, ends } = jsonArrayElements(bytes)!;
    const strict = new TextDecoder('utf-8', { fatal: true });
    for (let i = 0; i < starts.length; i++) expect(() => strict.decode(bytes.subarray(starts[i], ends[i]))).not.toThrow();
  });

  it('finds every string end wherever it falls against 4-byte words, at any offset of the bytes in their buffer', () => {
    // The scan skips whole 32-bit words that hold no quote or backslash: escapes and quotes at each
    // position of a word, strings of every length, and bytes that start 0-3 bytes into their buffer
    // (an unaligned start has no word view and is scanned byte by byte).
    let seed = 5;
    const next = () => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed >>> 8;
    };
    const pieces = ['a', 'é', '"', '\\', '\\"', 'xyz', '日', ']', '},{', '\\\\'];
    const strings = Array.from({ length: 400 }, () => {
      let t = '';
      for (let k = next() % 12; k > 0; k--) t += pieces[next() % pieces.length];
      return t;
    });
    const list = strings.map((t, i) => (i % 3 === 0 ? { id: `i${i}`, t, [t]: [t, i] } : t));
    const bytes = utf8(JSON.stringify(list));
    for (const offset of [0, 1, 2, 3, 4, 8]) {
      const buffer = new Uint8Array(bytes.length + offset);
      buffer.set(bytes, offset);
      expect(elements(buffer.subarray(offset))).toEqual(list);
    }
    // Unclosed at every length, or ending in an escape: no word read runs past the end.
    for (let cut = 1; cut < 12; cut++) {
      expect(jsonArrayElements(utf8(`["${'a'.repeat(cut)}`))).toBeUndefined();
      expect(jsonArrayElements(utf8(`["${'a'.repeat(cut)}\\`))).toBeUndefined();
      expect(jsonArrayElements(utf8(`["${'a'.repeat(cut)}\\"]`))).toBeUndefined();
      expect(elements(utf8(`["${'a'.repeat(cut)}\\\\"]`))).toEqual([`${'a'.repeat(cut)}\\`]);
    }
  });

  it('gives no elements for an empty array', () => {
    expect(elements(utf8('[]'))).toEqual([]);
    expect(elements(utf8(' [ \n ] '))).toEqual([]);
  });

  it('gives undefined for anything but one top-level array, so the caller parses the body and reports it', () => {
    for (const bad of [
      '{"items": []}',
      '[1, 2,]',
      '[1,,2]',
      '[,1]',
      '[1, 2',
      '[1, 2] trailing',
      '["unclosed]',
      '[{"a": 1}}]',
      '',
      'not json',
      '{"a":1}\n{"a":2}',
    ]) {
      expect(jsonArrayElements(utf8(bad)), bad).toBeUndefined();
    }
  });

  it('leaves element syntax to the parse: a bad element throws a SyntaxError there', () => {
    const bytes = utf8('[{"id": 1}, {"id": tru}]');
    const items = new ByteItems(bytes, jsonArrayElements(bytes)!);
    expect(items.parse(0)).toEqual({ id: 1 });
    expect(() => items.parse(1)).toThrow(SyntaxError);
  });
});

describe('items kept as bytes', () => {
  const list = Array.from({ length: RECENT_ITEMS + 10 }, (_, i) => ({ id: i, title: `item ${i}` }));
  const bytes = utf8(JSON.stringify(list));
  const make = () => new ByteItems(bytes, jsonArrayElements(bytes)!);

  it('reads each item as parsed, the same object while it is among the recent reads, a new one after', () => {
    const items = make();
    const first = items.item(0);
    expect(first).toEqual(list[0]);
    expect(items.item(0)).toBe(first);
    for (let i = 1; i <= RECENT_ITEMS; i++) expect(items.item(i)).toEqual(list[i]);
    // The recent reads are bounded: item 0 was pushed out and is parsed again.
    const again = items.item(0);
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
  });

  it('keeps no item it parses during a scan, and leaves the recent reads as they were', () => {
    const items = make();
    const recent = items.item(5);
    const seen = items.scan(() => {
      const first = items.item(7);
      // Read again (the check reads each item once and hands it on): parsed afresh, the same item.
      const again = items.item(7);
      expect(again).not.toBe(first);
      expect(again).toEqual(first);
      // A recent read is used, not parsed again.
      expect(items.item(5)).toBe(recent);
      for (let i = 10; i < 10 + RECENT_ITEMS; i++) expect(items.item(i)).toEqual(list[i]);
      return first;
    });
    expect(seen).toEqual(list[7]);
    // Nothing the scan read was kept, and it pushed nothing out: 5 is still the recent object.
    expect(items.item(5)).toBe(recent);
    expect(items.item(7)).not.toBe(seen);
  });

  it('reads an item without the fields it was told to omit, every time, and says so', () => {
    const items = make();
    const before = items.item(3);
    expect(Object.keys(before).length).toBeGreaterThan(1);
    const kept = Object.keys(before).filter((k) => k !== 'id');
    items.omit(3, kept);
    // The recent read held the whole item: it is not served again.
    expect(items.item(3)).toEqual({ id: (list[3] as { id: unknown }).id });
    expect(items.scan(() => items.item(3))).toEqual({ id: (list[3] as { id: unknown }).id });
    expect(items.item(4)).toEqual(list[4]);
    expect(items.omittedFields(3)).toEqual(kept);
    expect(items.omittedFields(4)).toBeUndefined();
    expect(new TextDecoder().decode(items.raw(4))).toBe(JSON.stringify(list[4]));
    // A run of neighbours, with the separators between them: a JSON array's inside.
    expect(JSON.parse(`[${new TextDecoder().decode(items.raw(2, 5))}]`)).toEqual(list.slice(2, 5));
  });
});
