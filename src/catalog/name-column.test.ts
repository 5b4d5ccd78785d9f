import { describe, expect, it } from 'vitest';
import { itemLine, itemTitle } from '../recommend/product-line.ts';
import { itemName } from './name.ts';
import { NameColumn } from './name-column.ts';

describe('NameColumn', () => {
  it("gives back each element's name fields: title, name, both, none; undefined when not added", () => {
    const items = [
      { id: 0, title: 'Portal 2: Soundtrack', price: 3 },
      { id: 1, name: 'Zelte – Großes Set 🏕️' },
      { id: 2, title: 'Lamp', name: 'Desk Lamp', description: 'long text', tags: ['a'] },
      { id: 3, description: 'no name', title: 42 },
    ];
    const column = new NameColumn(6);
    // Added out of order, one twice (a second add changes nothing).
    for (const i of [2, 0, 3, 1, 2]) column.add(i, items[i]!);
    expect([0, 1, 2, 3].map((i) => column.get(i))).toEqual([
      { title: 'Portal 2: Soundtrack' },
      { name: 'Zelte – Großes Set 🏕️' },
      { title: 'Lamp', name: 'Desk Lamp' },
      {},
    ]);
    expect(column.get(4)).toBeUndefined();
    expect(column.get(5)).toBeUndefined();
  });

  it('grows past its first guess, and keeps a hostile name cut to 1,000 characters', () => {
    const count = 2000;
    const column = new NameColumn(count);
    const long = { id: 'x', title: `Line - ${'wörd '.repeat(50_000)}` };
    for (let i = 0; i < count; i++) column.add(i, i === 7 ? long : { id: i, title: `Item ${i} ${'é'.repeat(i % 90)}` });
    const cut = String(column.get(7)!.title);
    expect(cut.length).toBeLessThanOrEqual(1000);
    expect(cut.length).toBeGreaterThan(900);
    expect(long.title.startsWith(cut)).toBe(true);
    for (let i = 0; i < count; i += 97) if (i !== 7) expect(column.get(i)).toEqual({ title: `Item ${i} ${'é'.repeat(i % 90)}` });
  });

  it('gives every name reader (name, title, product line) what the whole item gives', () => {
    const items = [
      { id: 1, title: 'Trail &amp; Road <b>Shoe</b>', name: 'other', description: 'long text', tags: ['a'] },
      { id: 2, title: '   ', name: 'Desk Lamp - Brass' },
      { id: 3, title: 42, name: 'Portal 2: Soundtrack' },
      { id: 4, description: 'no name' },
      { id: 5, title: '<br>', name: 'Lamp' },
      { id: 6, title: `Line - ${'word '.repeat(100_000)}` },
    ];
    const column = new NameColumn(items.length);
    for (const [i, item] of items.entries()) column.add(i, item);
    for (const [i, item] of items.entries()) {
      const named = column.get(i)!;
      expect(itemName(named)).toBe(itemName(item));
      // Only a title over 1,000 characters reads shorter (a prefix of it).
      if (item.id === 6) expect(itemTitle(item)!.startsWith(String(itemTitle(named)))).toBe(true);
      else expect(itemTitle(named)).toBe(itemTitle(item));
      expect(itemLine(named)).toBe(itemLine(item));
    }
  });

  it('copies elements into another order, and is stored and read back as it was', () => {
    const items = [{ title: 'Portal 2' }, { name: 'Zelte – Set' }, { title: 'Lamp', name: 'Desk Lamp' }, { price: 3 }];
    const body = new NameColumn(4);
    for (const [i, item] of items.entries()) body.add(i, item);
    const ordered = new NameColumn(5);
    // Entry k holds element 3 - k; entry 4 has no element added.
    for (let k = 0; k < 4; k++) expect(ordered.copy(k, body, 3 - k)).toBe(true);
    expect(ordered.copy(0, body, 1)).toBe(false); // added already
    expect(ordered.copy(4, new NameColumn(1), 0)).toBe(false); // not added there
    const expected = [{}, { title: 'Lamp', name: 'Desk Lamp' }, { name: 'Zelte – Set' }, { title: 'Portal 2' }, undefined];
    expect([0, 1, 2, 3, 4].map((k) => ordered.get(k))).toEqual(expected);
    const back = NameColumn.fromStored(structuredClone(ordered.toStored()))!;
    expect(back.length).toBe(5);
    expect([0, 1, 2, 3, 4].map((k) => back.get(k))).toEqual(expected);
  });

  it('refuses a stored column that is not one', () => {
    const column = new NameColumn(3);
    column.add(0, { title: 'Portal 2' });
    const stored = column.toStored();
    expect(NameColumn.fromStored(stored)).toBeDefined();
    for (const bad of [
      undefined,
      'names',
      { ...stored, bytes: [1, 2] },
      { ...stored, starts: new Uint32Array(2) },
      { ...stored, lengths: Uint16Array.of(60, 0, 0) },
      { ...stored, tags: Uint8Array.of(9, 0, 0) },
      { ...stored, secondNames: [[0, 7]] },
    ])
      expect(NameColumn.fromStored(bad)).toBeUndefined();
  });
});
