/**
 * Catalog patches through the engine (catalog-patch.ts): a returning visitor of a rebuilt catalog
 * takes the patch and never downloads the catalog file, ending with the entries and report a
 * download gives; an unchanged file costs a HEAD request; a file edited without a rebuild, or a
 * patch that does not fit, is downloaded as before.
 */
import 'fake-indexeddb/auto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FileServer, startFileServer } from '../../../test/helpers/file-server.ts';
import { items, MODEL, publish, start } from '../../../test/helpers/prebuilt-fixture.ts';
import { validateCatalog } from '../../catalog/index.ts';
import { ErrorCodes } from '../../errors.ts';
import type { CatalogItem } from '../../types/index.ts';

let server: FileServer;
beforeAll(async () => {
  server = await startFileServer();
});
afterAll(() => server.close());

/** The catalog's URL and the requests for the catalog file and its patches since the last visit. */
const catalogUrl = (dir: string) => `${server.base}/${dir}/catalog.json`;
const gets = (dir: string) => server.requests.filter((p) => p === `/${dir}/catalog.json`);
const heads = (dir: string) => server.requests.filter((p) => p === `HEAD /${dir}/catalog.json`);
const patchGets = (dir: string) => server.requests.filter((p) => p.startsWith(`/${dir}/catalog-patch-`));

/** A shop with prices (a price edit changes no text, so no vector). */
const shop = (n: number): CatalogItem[] => items(n).map((item, i) => ({ ...item, price: 10 + i }));

/** One visit of the catalog at `/<dir>/catalog.json`: ready status, events and every item the engine holds (by a similar list of all). */
async function visit(factory: IDBFactory, dir: string) {
  server.requests.length = 0;
  const v = await start(server, factory, [], `${server.base}/${dir}/manifest.json`, { catalog: catalogUrl(dir) });
  const ready = await v.ready;
  const status = await v.engine.status();
  const held = await v.engine.similar('p1', { k: 1000 });
  v.engine.destroy();
  const prices = new Map(held.map((r) => [r.id, r.item.price]));
  return { ready, events: v.events, report: status.report, prices };
}

/** The report a download of `catalog` gives. */
const reportOf = async (catalog: CatalogItem[]) => (await validateCatalog(catalog, { modelKey: `${MODEL}:16:q8` })).report;

describe('catalog patches for returning visitors', () => {
  it('a rebuilt catalog comes from its patch, never downloaded, with the entries and report a download gives', async () => {
    const records = mkdtempSync(join(tmpdir(), 'catalog-records-'));
    const factory = new IDBFactory();
    const one = shop(40);
    await publish(server, 'c1', one, { catalogRecords: records });
    expect((await visit(factory, 'c1')).ready).toMatchObject({ items: 40, fromArtifact: 40 });
    expect(gets('c1')).toHaveLength(1);

    // Three titles and one price edited, p7 removed, p40 added at the front.
    const two: CatalogItem[] = [
      { id: 'p40', title: 'lamp 40', category: 'lamp', price: 5 },
      ...one
        .filter((item) => item.id !== 'p7')
        .map((item) => (['p3', 'p17', 'p30'].includes(String(item.id)) ? { ...item, title: `${String(item.title)} v2` } : item))
        .map((item) => (item.id === 'p12' ? { ...item, price: 99 } : item)),
    ];
    await publish(server, 'c1', two, { patch: true, catalogRecords: records });
    const second = await visit(factory, 'c1');
    expect(gets('c1')).toEqual([]);
    expect(heads('c1')).toHaveLength(1);
    expect(patchGets('c1')).toHaveLength(1);
    expect(second.events.filter((e) => e.type === 'warning' || e.type === 'error')).toEqual([]);
    expect(second.ready).toMatchObject({ items: 40, indexed: 40, fromArtifact: 4, embedded: 0 });
    expect(second.report).toEqual(await reportOf(two));
    expect(second.prices.get('p12')).toBe(99);
    expect(second.prices.has('p7')).toBe(false);
    expect(second.prices.get('p40')).toBe(5);

    // Unchanged since: a HEAD request, nothing else of the catalog.
    const third = await visit(factory, 'c1');
    expect([gets('c1'), patchGets('c1'), heads('c1').length]).toEqual([[], [], 1]);
    expect(third.prices.get('p12')).toBe(99);
    expect(third.report).toEqual(second.report);
  });

  it('a catalog edited without a rebuild is downloaded, and its edit shown', async () => {
    const records = mkdtempSync(join(tmpdir(), 'catalog-records-'));
    const factory = new IDBFactory();
    const one = shop(30);
    await publish(server, 'c2', one, { catalogRecords: records });
    await visit(factory, 'c2');
    // The site changes a price in the file and publishes no build.
    server.files.set('/c2/catalog.json', JSON.stringify(one.map((item) => (item.id === 'p4' ? { ...item, price: 1 } : item))));
    const second = await visit(factory, 'c2');
    expect(gets('c2')).toHaveLength(1);
    expect(patchGets('c2')).toEqual([]);
    expect(second.prices.get('p4')).toBe(1);
  });

  it('a patch that fails verification is reported, and the catalog downloaded instead', async () => {
    const records = mkdtempSync(join(tmpdir(), 'catalog-records-'));
    const factory = new IDBFactory();
    const one = shop(30);
    await publish(server, 'c3', one, { catalogRecords: records });
    await visit(factory, 'c3');
    const two = one.map((item) => (item.id === 'p2' ? { ...item, price: 7 } : item));
    await publish(server, 'c3', two, { patch: true, catalogRecords: records });
    const [patchPath] = [...server.files.keys()].filter((p) => p.startsWith('/c3/catalog-patch-'));
    server.files.set(patchPath!, String(server.files.get(patchPath!)).replace('"price":7', '"price":8'));
    const second = await visit(factory, 'c3');
    const warnings = second.events.filter((e) => e.type === 'warning');
    expect(warnings).toMatchObject([{ code: ErrorCodes.ARTIFACT_INVALID, message: expect.stringContaining('catalog patch') }]);
    expect(gets('c3')).toHaveLength(1);
    expect(second.prices.get('p2')).toBe(7);
  });
});
