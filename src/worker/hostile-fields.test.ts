/**
 * A catalog of hostile fields through the whole engine (issue 29, point 5): 101 items, each with a
 * 1 MB description holding an unclosed `<b` every 100 characters. Validation already bounded its
 * text work; the keyword index did not (the tag pattern scanned to the end of the string from each
 * `<b`), so the first search, and every call queued behind it, got no answer for minutes. Each
 * call must now answer; the bound asserted is the library's: 5 ms per KB of input per item.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { engineConfig, fakeEngine } from '../../test/helpers/fake-engine.ts';

describe('hostile 1 MB fields', () => {
  it('similar, search and status answer once ready', { timeout: 60_000 }, async () => {
    const description = `${'x'.repeat(97)}<b `.repeat(10_486);
    // Titles are hostile too; one item has a word of its own for the search to find.
    const catalog = Array.from({ length: 101 }, (_, i) => ({
      id: `f-${i}`,
      title: i === 7 ? 'titanium kettle <b' : `camp stove ${i} <b`,
      description,
    }));
    const { engine } = await fakeEngine(new IDBFactory(), 'fake', 16);
    const ready = await engine.init(engineConfig('fake', { catalog }), () => undefined);
    expect(ready).toMatchObject({ phase: 'ready', items: 101 });
    const budgetMs = 5 * (description.length / 1024);
    const t = performance.now();
    expect(await engine.similar('f-1', { k: 4 })).toHaveLength(4);
    const search = await engine.search('kettle', { k: 4 });
    expect(search[0]?.item.id).toBe('f-7');
    expect(await engine.status()).toMatchObject({ phase: 'ready', items: 101 });
    // The calls' time, keyword index build included, against the per-item promise for one item.
    expect(performance.now() - t).toBeLessThan(budgetMs);
  });
});
