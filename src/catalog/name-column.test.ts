import { describe, expect, it } from 'vitest';
import { nameFields } from './name.ts';
import { NameColumn } from './name-column.ts';

describe('NameColumn', () => {
  it('gives back each element as nameFields gives it: title, name, both, none; undefined when not added', () => {
    const items = [
      { id: 0, title: 'Portal 2: Soundtrack', price: 3 },
      { id: 1, name: 'Zelte – Großes Set 🏕️' },
      { id: 2, title: 'Lamp', name: 'Desk Lamp' },
      { id: 3, description: 'no name', title: 42 },
    ];
    const column = new NameColumn(6);
    // Added out of order, one twice (a second add changes nothing).
    for (const i of [2, 0, 3, 1, 2]) column.add(i, items[i]!);
    for (const [i, item] of items.entries()) expect(column.get(i)).toEqual(nameFields(item));
    expect(column.get(4)).toBeUndefined();
    expect(column.get(5)).toBeUndefined();
  });

  it('grows past its first guess, and keeps a hostile name cut as nameFields cuts it', () => {
    const count = 2000;
    const column = new NameColumn(count);
    const long = { id: 'x', title: `Line - ${'wörd '.repeat(50_000)}` };
    for (let i = 0; i < count; i++) column.add(i, i === 7 ? long : { id: i, title: `Item ${i} ${'é'.repeat(i % 90)}` });
    expect(column.get(7)).toEqual(nameFields(long));
    for (let i = 0; i < count; i += 97) if (i !== 7) expect(column.get(i)).toEqual({ title: `Item ${i} ${'é'.repeat(i % 90)}` });
  });
});
