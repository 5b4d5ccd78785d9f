/**
 * A first visit's starter (issue 30, useful cards before the catalog): the build writes a few
 * catalog records beside the manifest (src/cli/starter-step.ts); a page whose catalog is still on
 * its way answers from them, marked warming with their basis, then hears `refresh` (`catalog`)
 * and answers from the catalog. Here the catalog is held by a front server until the test lets it
 * through; the starter and the manifest are not.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArtifactManifest, serializeArtifactManifest } from '../src/artifact/manifest.ts';
import { encodeStarter } from '../src/artifact/starter-file.ts';
import { validateCatalog } from '../src/catalog/validate.ts';
import { starterOf } from '../src/cli/starter-step.ts';
import { deferred } from '../src/worker/deferred.ts';
import { E2E_BUILD_DIR } from '../test/paths.ts';
import { writeCopiesCatalog } from './copies-catalog.ts';
import { expect, gotoApiPage, test } from './fixtures.ts';
import { startFront } from './model-server.ts';
import { addWidget } from './widget-helpers.ts';

type Rec = { id: string; warming: boolean; basis?: string };

/** The copies catalog under /e2e-app/starter/ with the starter a build writes beside its manifest; returns the starter's ids. */
async function writeStarterBuild(): Promise<string[]> {
  await writeCopiesCatalog('starter', 8, false);
  const dir = join(E2E_BUILD_DIR, 'starter');
  const path = join(dir, 'manifest.json');
  const manifest = parseArtifactManifest(JSON.parse(readFileSync(path, 'utf8')), path);
  const { entries } = await validateCatalog(JSON.parse(readFileSync(join(dir, 'catalog.json'), 'utf8')), { modelKey: manifest.model.key });
  const starter = starterOf(entries);
  const { bytes, entry } = await encodeStarter(starter);
  writeFileSync(join(dir, entry.file.name), bytes);
  writeFileSync(path, serializeArtifactManifest({ ...manifest, starter: entry }));
  return starter.items.map((item) => String(item.id));
}

test("a first visit answers from the build's starter while the catalog is held, then from the catalog", async ({ page, plainServer }) => {
  const ids = await writeStarterBuild();
  const gate = deferred();
  const requested: string[] = [];
  const front = await startFront({
    upstream: plainServer.url,
    fault: async (path) => {
      requested.push(path);
      if (path === '/e2e-app/starter/catalog.json') await gate.promise;
      return undefined;
    },
  });
  try {
    await gotoApiPage(page, front.url);
    const early = await page.evaluate(async (anchor) => {
      const w = window as unknown as {
        lib: {
          createRecommender(o: unknown): {
            similar(id: string, o: unknown): Promise<Rec[]>;
            on(t: string, f: (e: { reason: string }) => void): void;
          };
        };
        rec: unknown;
        refreshes: string[];
      };
      const rec = w.lib.createRecommender({
        catalog: '/e2e-app/starter/catalog.json',
        vectors: '/e2e-app/starter/manifest.json',
        namespace: 'starter',
      });
      w.rec = rec;
      w.refreshes = [];
      rec.on('refresh', (e) => w.refreshes.push(e.reason));
      return rec.similar(anchor, { k: 8 });
    }, ids[0]!);
    // The catalog was asked for (once the artifact's head is in) and is still held: these are the starter's records, marked.
    await expect.poll(() => requested).toContain('/e2e-app/starter/catalog.json');
    expect(early).toHaveLength(8);
    expect(early.every((r) => r.warming && r.basis === 'sample')).toBe(true);
    expect(early.map((r) => r.id)).toEqual(ids.slice(1, 9));
    expect(requested.some((p) => /\/starter-[0-9a-f]{16}\.json$/.test(p))).toBe(true);

    gate.resolve();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { refreshes: string[] }).refreshes), { timeout: 60_000 })
      .toContain('catalog');
    const late = (await page.evaluate(
      (anchor) => (window as unknown as { rec: { similar(id: string, o: unknown): Promise<Rec[]> } }).rec.similar(anchor, { k: 8 }),
      ids[0]!,
    )) as Rec[];
    expect(late).toHaveLength(8);
    expect(late.some((r) => r.basis === 'sample' || r.basis === 'popular')).toBe(false);
  } finally {
    await front.close();
  }
});

test('the widget shows the stand-ins, saying what they are, then the recommendations', async ({ page, plainServer }) => {
  const ids = await writeStarterBuild();
  const gate = deferred();
  const front = await startFront({
    upstream: plainServer.url,
    fault: async (path) => {
      if (path === '/e2e-app/starter/catalog.json') await gate.promise;
      return undefined;
    },
  });
  try {
    await page.goto(`${front.url}/e2e/widget.html?catalog=/e2e-app/starter/catalog.json&vectors=/e2e-app/starter/manifest.json`);
    await addWidget(page, { id: 'similar', mode: 'similar', 'item-id': ids[0]!, k: '8' });
    const status = page.locator('#similar .status-text');
    await expect(status).toHaveText('A selection for now; recommendations are loading…', { timeout: 30_000 });
    // Not "Similar items" over items that are not: the heading says what they are until the catalog is in.
    const heading = page.locator('#similar h2');
    await expect(heading).toHaveText('From the shop');
    const cards = page.locator('#similar li.item');
    await expect(cards).toHaveCount(8);
    expect(await cards.evaluateAll((li) => li.map((l) => l.getAttribute('data-id')))).toEqual(ids.slice(1, 9));
    gate.resolve();
    await expect(status).not.toHaveText(/A selection for now/, { timeout: 60_000 });
    await expect(heading).toHaveText('Similar items');
    await expect(cards).toHaveCount(8);
  } finally {
    await front.close();
  }
});
