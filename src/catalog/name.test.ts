import { describe, expect, it } from 'vitest';
import { itemLine, itemTitle } from '../recommend/product-line.ts';
import { itemName, nameFields } from './name.ts';

describe('itemName', () => {
  it('is the first non-blank title or name, as the text rule writes it (tags stripped, entities decoded)', () => {
    expect(itemName({ id: 1, title: 'Trail &amp; Road <b>Shoe</b>', name: 'other' })).toBe('Trail & Road Shoe');
    expect(itemName({ id: 2, title: '   ', name: 'Desk Lamp' })).toBe('Desk Lamp');
    expect(itemName({ id: 3, title: 42, name: 'Lamp' })).toBe('Lamp'); // a number is not a name
    expect(itemName({ id: 4, description: 'no name' })).toBeUndefined();
  });

  it('reads at most the first 1,000 characters of a hostile title', () => {
    const name = itemName({ id: 5, title: `${'word '.repeat(100_000)}` });
    expect(name!.length).toBeLessThanOrEqual(1000);
  });
});

describe('nameFields', () => {
  const items = [
    { id: 1, title: 'Trail &amp; Road <b>Shoe</b>', name: 'other', description: 'long text', tags: ['a'] },
    { id: 2, title: '   ', name: 'Desk Lamp - Brass' },
    { id: 3, title: 42, name: 'Portal 2: Soundtrack' },
    { id: 4, description: 'no name' },
    { id: 5, title: '<br>', name: 'Lamp' },
    { id: 6, title: `Line - ${'word '.repeat(100_000)}` },
  ];

  it('keeps only the name fields, cut as itemName reads them, and a hostile title short', () => {
    expect(nameFields(items[0]!)).toEqual({ title: 'Trail &amp; Road <b>Shoe</b>', name: 'other' });
    expect(nameFields(items[2]!)).toEqual({ name: 'Portal 2: Soundtrack' });
    expect(nameFields(items[3]!)).toEqual({});
    expect(String(nameFields(items[5]!).title).length).toBeLessThanOrEqual(1000);
  });

  it('gives every name reader (name, title, product line) what the whole item gives', () => {
    for (const item of items) {
      const named = nameFields(item);
      expect(itemName(named)).toBe(itemName(item));
      // Only a title over 1,000 characters reads shorter (a prefix of it).
      if (item.id === 6) expect(itemTitle(item)!.startsWith(String(itemTitle(named)))).toBe(true);
      else expect(itemTitle(named)).toBe(itemTitle(item));
      expect(itemLine(named)).toBe(itemLine(item));
    }
  });
});
