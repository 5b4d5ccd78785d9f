/**
 * Word overlap in the real browser: the real model embeds the catalog in the worker, and similar()
 * and "for you" lift the item that shares a rare brand and model number with the anchor, which the
 * model's cosine alone ranks below three other items (checked here in Node with the same model files: browser and Node embed
 * to cosine >= 0.999, e2e/demo.spec.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { itemText } from '../src/catalog/index.ts';
import type { CatalogItem } from '../src/types.ts';
import { ROOT } from '../test/paths.ts';
import { embedCached } from '../tools/embed-cache.ts';
import { expect, test } from './fixtures.ts';

/**
 * The demo's 60-item test catalog, nine colour cartridges of nine brands and a twin pack of the
 * same model as the first: the model ranks the other brands' cartridges nearer to it (their words
 * are the same but the brand and number), word overlap counts the rare "Inkwell" and "78".
 */
function catalog(): CatalogItem[] {
  const small = JSON.parse(readFileSync(join(ROOT, 'e2e', 'pages', 'catalog-small.json'), 'utf8')) as CatalogItem[];
  const others = ['Canon 245 Color', 'Epson 212 Color', 'Brother LC203 Color', 'Lexmark 14 Color', 'Dell Series 9 Color', 'Kodak 30 Color'];
  return [
    ...small,
    { id: 'ink-78', title: 'Inkwell 78 Tri-Color Printer Cartridge', category: 'Office > Ink' },
    ...others.map((name, i) => ({ id: `ink-${i}`, title: `${name} Printer Cartridge`, category: 'Office > Ink' })),
    { id: 'ink-78-twin', title: 'Inkwell 78 Tri-Color Twin Pack', category: 'Office > Ink' },
  ];
}

test('similar() and "for you" rank the twin pack of the same model first, which cosine alone ranks below other brands', async ({
  context,
  server,
  external,
}) => {
  const items = catalog();
  // The control, in Node with the same model: by cosine alone the twin pack is not among the cartridge's 3 nearest items.
  const texts = items.map((i) => itemText(i));
  const { vectors, dims } = await embedCached(texts, { name: 'e2e-word-overlap' });
  const row = (id: string) => items.findIndex((i) => i.id === id);
  const cos = (a: number, b: number) => {
    let dot = 0;
    for (let d = 0; d < dims; d++) dot += vectors[a * dims + d]! * vectors[b * dims + d]!;
    return dot;
  };
  const anchor = row('ink-78');
  const byCosine = items
    .map((_, j) => j)
    .filter((j) => j !== anchor)
    .sort((a, b) => cos(anchor, b) - cos(anchor, a));
  expect(byCosine.slice(0, 3).map((j) => items[j]!.id)).not.toContain('ink-78-twin');

  const page = await context.newPage();
  await page.goto(`${server.url}/e2e/api.html`);
  await page.waitForFunction(() => (window as unknown as { libReady?: boolean }).libReady === true);
  const got = await page.evaluate(async (catalog) => {
    type Rec = {
      ready: Promise<unknown>;
      similar(id: string, o: { k: number }): Promise<{ id: string; warming: boolean }[]>;
      forYou(o: { k: number }): Promise<{ id: string; warming: boolean }[]>;
      track(e: { type: string; itemId: string }): Promise<void>;
    };
    const lib = (window as unknown as { lib: { createRecommender(o: unknown): Rec } }).lib;
    const rec = lib.createRecommender({ catalog, namespace: 'word-overlap' });
    await rec.ready;
    const similar = await rec.similar('ink-78', { k: 3 });
    await rec.track({ type: 'view', itemId: 'ink-78' });
    const forYou = await rec.forYou({ k: 3 });
    return { similar, forYou };
  }, items);
  expect(got.similar.every((r) => !r.warming)).toBe(true);
  expect(got.similar[0]!.id).toBe('ink-78-twin');
  expect(got.forYou.every((r) => !r.warming)).toBe(true);
  expect(got.forYou[0]!.id).toBe('ink-78-twin');
  expect(external).toEqual([]);
});
