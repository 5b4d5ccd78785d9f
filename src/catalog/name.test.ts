import { describe, expect, it } from 'vitest';
import { itemName } from './name.ts';

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
