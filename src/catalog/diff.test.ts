import { describe, expect, it } from 'vitest';
import { diffCatalog } from './diff.ts';
import type { CatalogEntry } from './types.ts';
import { validateCatalog } from './validate.ts';

const entry = (key: string, hash: string): CatalogEntry => ({ key, item: { id: key }, text: key, hash });

describe('diffCatalog', () => {
  it('splits entries into added, changed, unchanged and removed', () => {
    const previous = new Map([
      ['a', 'h1'],
      ['b', 'h2'],
      ['c', 'h3'],
      ['d', 'h4'],
    ]);
    const next = [entry('e', 'h5'), entry('b', 'h2'), entry('a', 'changed'), entry('f', 'h6')];
    const diff = diffCatalog(previous, next);
    expect(diff.added.map((e) => e.key)).toEqual(['e', 'f']);
    expect(diff.changed.map((e) => e.key)).toEqual(['a']);
    expect(diff.unchanged.map((e) => e.key)).toEqual(['b']);
    expect(diff.removed).toEqual(['c', 'd']);
    expect(diff.changed[0]).toBe(next[2]);
  });

  it('handles empty sides', () => {
    expect(diffCatalog(new Map(), [entry('a', 'x')])).toMatchObject({ added: [{ key: 'a' }], changed: [], unchanged: [], removed: [] });
    expect(diffCatalog(new Map([['a', 'x']]), [])).toEqual({ added: [], changed: [], unchanged: [], removed: ['a'] });
  });

  it('counts a repeated key once', () => {
    const diff = diffCatalog(new Map(), [entry('a', '1'), entry('a', '2')]);
    expect(diff.added).toHaveLength(1);
    expect(diff.added[0]!.hash).toBe('1');
  });

  it('finds exactly the edited items of a re-validated catalog', async () => {
    const modelKey = 'use-lite-en:512';
    const v1 = await validateCatalog(
      [
        { id: 1, title: 'Mug' },
        { id: 2, title: 'Lamp' },
        { id: 3, title: 'Chair' },
      ],
      { modelKey },
    );
    const stored = new Map(v1.entries.map((e) => [e.key, e.hash]));
    const v2 = await validateCatalog(
      [
        { id: 1, title: 'Mug', price: 12 }, // price is not embedded: unchanged
        { id: '2', title: 'Desk lamp' }, // same key as 2, new text: changed
        { id: 4, title: 'Table' }, // new
      ],
      { modelKey },
    );
    const diff = diffCatalog(stored, v2.entries);
    expect(diff.unchanged.map((e) => e.key)).toEqual(['1']);
    expect(diff.changed.map((e) => e.key)).toEqual(['2']);
    expect(diff.added.map((e) => e.key)).toEqual(['4']);
    expect(diff.removed).toEqual(['3']);

    // A new model invalidates everything.
    const v3 = await validateCatalog([{ id: 1, title: 'Mug' }], { modelKey: 'other-model:256' });
    expect(diffCatalog(stored, v3.entries).changed.map((e) => e.key)).toEqual(['1']);
  });
});
