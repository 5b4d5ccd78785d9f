import { describe, expect, it } from 'vitest';
import { ByteItems } from './byte-items.ts';
import { jsonArrayElements } from './json-elements.ts';
import { leadingId, quickScreen } from './quick-screen.ts';
import { screenCatalog } from './screen.ts';

const idOf = (json: string) => {
  const bytes = new TextEncoder().encode(json);
  return leadingId(bytes, 0, bytes.length, new TextDecoder());
};
const bytesOf = (json: string) => {
  const bytes = new TextEncoder().encode(json);
  return new ByteItems(bytes, jsonArrayElements(bytes)!);
};

describe('leadingId', () => {
  it('reads a leading string or number id from the bytes', () => {
    expect(idOf('{"id":"a-1","title":"x"}')).toBe('a-1');
    expect(idOf(' {\n  "id" : "Ünï 🎮" }')).toBe('Ünï 🎮');
    expect(idOf('{"id": 42, "title": "x"}')).toBe(42);
    expect(idOf('{"id":1.50}')).toBe(1.5);
    expect(idOf('{"id":-3e2,"x":1}')).toBe(-300);
  });

  it('says nothing for any other shape, so the caller parses', () => {
    expect(idOf('{"title":"x","id":"a"}')).toBeUndefined();
    expect(idOf('{"id":"a\\"b"}')).toBeUndefined();
    expect(idOf('{"id":"a\\u0062"}')).toBeUndefined();
    expect(idOf('{"id":null}')).toBeUndefined();
    expect(idOf('{"id":{"x":1}}')).toBeUndefined();
    expect(idOf('{"id":"a" "b"}')).toBeUndefined();
    expect(idOf('{"id":01}')).toBeUndefined();
    expect(idOf('["id"]')).toBeUndefined();
  });
});

describe('quickScreen', () => {
  const catalog = [
    { id: 'a', title: 'Tent' },
    { id: 7, title: 'Stove', price: '12.50' },
    { id: 'c', title: { bold: true }, description: 'a lamp' },
    { id: 'd' },
  ];
  const json = JSON.stringify(catalog, null, 1);

  it('keeps what screening keeps, with the same items and problems once each item is read', () => {
    const full = screenCatalog(bytesOf(json));
    const quick = quickScreen(bytesOf(json));
    expect(quick.kept.map((s) => s.key)).toEqual(full.kept.map((s) => s.key));
    expect(quick.problems).toEqual([]);
    // Every read gives screening's item: the faulty fields are never seen.
    expect(quick.kept.map((s) => s.item)).toEqual(full.kept.map((s) => s.item));
    expect(quick.kept.flatMap((s) => quick.fieldProblems(s))).toEqual(full.problems);
    // Reported once.
    expect(quick.kept.flatMap((s) => quick.fieldProblems(s))).toEqual([]);
    // Each item points at its fetched JSON; the copies name the fields they are read without.
    const elements = quick.kept.map((s) => s.element?.());
    expect(elements.map((at) => at?.index)).toEqual([0, 1, 2, 3]);
    expect(elements.map((at) => at?.items.omittedFields(at.index))).toEqual([undefined, ['price'], ['title'], undefined]);
  });

  it('checks an item never read before its problems are asked for', () => {
    const full = screenCatalog(bytesOf(json));
    const quick = quickScreen(bytesOf(json));
    expect(quick.kept.flatMap((s) => quick.fieldProblems(s))).toEqual(full.problems);
  });

  it('screens what the bytes do not settle as screenCatalog does: the same kept items and problems', () => {
    // A repeated id (as text: 1 and "1"), an invalid one, one not first, one with an escape, junk.
    const messy = [{ id: 1 }, { id: '1' }, { id: '' }, { title: 't', id: 'b' }, { id: 'c"d', tags: 3 }, 'junk', { id: 'e' }, { id: 'b' }];
    const json = JSON.stringify(messy);
    const full = screenCatalog(bytesOf(json));
    const quick = quickScreen(bytesOf(json));
    expect(quick.kept.map((s) => [s.index, s.key])).toEqual(full.kept.map((s) => [s.index, s.key]));
    expect(quick.kept.map((s) => s.item)).toEqual(full.kept.map((s) => s.item));
    const problems = [...quick.problems, ...quick.kept.flatMap((s) => quick.fieldProblems(s))].sort((a, b) => a.index - b.index);
    expect(problems).toEqual(full.problems);
  });
});
