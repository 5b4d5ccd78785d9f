/**
 * A first visit's head-ranked answers before the catalog (issue 30, vector-ranked cards in 3.5 s on
 * a phone): a build of a big catalog writes its records in parts beside the manifest; a page on a
 * slow link ranks "similar" by the artifact's head (sign bits) while the catalog is not in, with
 * the records of the shown items from the parts, marked warming, and only then downloads the
 * catalog and the rest of the artifact. Here a front server makes the artifact's bytes slow (so
 * the head is worth it, as on a phone) and holds the catalog until the test lets it through.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeCatalogParts } from '../src/artifact/catalog-parts.ts';
import { sortKeys } from '../src/artifact/keys.ts';
import { parseArtifactManifest, serializeArtifactManifest } from '../src/artifact/manifest.ts';
import { validateCatalog } from '../src/catalog/validate.ts';
import { deferred } from '../src/worker/deferred.ts';
import { ArtifactHead } from '../src/worker/prebuilt/artifact-head.ts';
import { E2E_BUILD_DIR } from '../test/paths.ts';
import { writeCopiesCatalog } from './copies-catalog.ts';
import { expect, gotoApiPage, test } from './fixtures.ts';
import { startFront } from './model-server.ts';
import { addWidget } from './widget-helpers.ts';

type Rec = { id: string; warming: boolean; basis?: string; item: { id: string; title: string } };
type PageRec = {
  similar(id: string, o: unknown): Promise<Rec[]>;
  ready: Promise<unknown>;
  on(t: string, f: (e: { reason: string }) => void): void;
};
const ANCHOR = 'nw-0317';

/**
 * The copies catalog (8 x 659 items, a 2.9 MB artifact of 512-d codes) under /e2e-app/<name>/ with
 * its catalog parts, as `inpage-rec build` writes them from 5,000 items. Returns the head's 8
 * nearest ids to ANCHOR (what the page should show) and the catalog's titles by id.
 */
async function writeEarlyBuild(name: string): Promise<{ nearest: string[]; titles: Map<string, string> }> {
  await writeCopiesCatalog(name, 8, false);
  const dir = join(E2E_BUILD_DIR, name);
  const path = join(dir, 'manifest.json');
  const manifest = parseArtifactManifest(JSON.parse(readFileSync(path, 'utf8')), path);
  const { entries } = await validateCatalog(JSON.parse(readFileSync(join(dir, 'catalog.json'), 'utf8')), { modelKey: manifest.model.key });
  const byKey = new Map(entries.map((e) => [e.key, e.item]));
  const { files, entry } = await encodeCatalogParts(sortKeys([...byKey.keys()]).map((key) => byKey.get(key)!));
  for (const f of files) writeFileSync(join(dir, f.name), f.bytes);
  writeFileSync(path, serializeArtifactManifest({ ...manifest, catalogParts: entry }));
  const binary = readFileSync(join(dir, manifest.files[0]!.name));
  const sections = new Map(
    ArtifactHead.sectionNames(manifest).map((name) => {
      const s = manifest.sections.find((x) => x.name === name)!;
      return [name, new Uint8Array(binary.subarray(s.offset, s.offset + s.bytes))] as const;
    }),
  );
  const head = ArtifactHead.fromSections(manifest, sections, path);
  const nearest = head.nearest(ANCHOR, 8, () => false)!.map((r) => r.key);
  return { nearest, titles: new Map(entries.map((e) => [e.key, String(e.item.title)])) };
}

/**
 * The early build in a folder of this test worker (repeated runs in parallel must not rewrite each
 * other's files), behind a front that makes the artifact's bytes slow, as on a phone's link (its
 * head is then worth ranking by), and holds the catalog until `release`.
 */
async function slowSite(plainServer: { url: string }, label: string) {
  const name = `early-${label}-${test.info().workerIndex}`;
  const build = await writeEarlyBuild(name);
  const catalog = `/e2e-app/${name}/catalog.json`;
  const held = deferred();
  const requested: string[] = [];
  const front = await startFront({
    upstream: plainServer.url,
    fault: async (path) => {
      requested.push(path);
      if (/\/vectors-[0-9a-f]{16}\.bin$/.test(path)) await new Promise((ok) => setTimeout(ok, 1_500));
      if (path === catalog) await held.promise;
      return undefined;
    },
  });
  return { ...build, name, catalog, release: () => held.resolve(), requested, front };
}

test('on a slow link, similar items are ranked by the head before the catalog is in, with the parts holding their records', async ({
  page,
  plainServer,
}) => {
  const { nearest, titles, name, catalog, release, requested, front } = await slowSite(plainServer, 'api');
  const origins = new Set<string>();
  page.on('request', (r) => origins.add(new URL(r.url()).origin));
  try {
    await gotoApiPage(page, front.url);
    await page.evaluate(
      ([anchor, folder]) => {
        const w = window as unknown as {
          lib: { createRecommender(o: unknown): PageRec };
          rec: PageRec;
          first: Promise<Rec[]>;
          early: Promise<Rec[]>;
          refreshes: string[];
        };
        w.refreshes = [];
        w.rec = w.lib.createRecommender({
          catalog: `/e2e-app/${folder}/catalog.json`,
          vectors: `/e2e-app/${folder}/manifest.json`,
          namespace: folder,
        });
        // Asked before anything is in (no starter in this build): it waits; the head's arrival is
        // announced (`refresh`, `vectors`) and the page asks again at once, as a widget does.
        w.rec.on('refresh', (e) => {
          w.refreshes.push(e.reason);
          if (e.reason === 'vectors' && !w.early) w.early = w.rec.similar(anchor, { k: 8 });
        });
        w.first = w.rec.similar(anchor, { k: 8 });
      },
      [ANCHOR, name] as const,
    );
    await page.waitForFunction(() => (window as unknown as { early?: unknown }).early !== undefined, undefined, { timeout: 60_000 });
    const early = (await page.evaluate(() => (window as unknown as { early: Promise<Rec[]> }).early)) as Rec[];
    // The head's nearest by sign and high bits, with their full records, marked warming (not a stand-in basis).
    expect(early.map((r) => r.id)).toEqual(nearest);
    expect(early.every((r) => r.warming && r.basis === undefined && r.item.title === titles.get(r.id))).toBe(true);
    const parts = requested.filter((p) => /\/catalog-part-[0-9a-f]{16}\.json$/.test(p));
    expect(parts.length).toBeGreaterThan(0);
    expect(parts.length).toBeLessThanOrEqual(8);
    // The catalog's download starts once the answer had its parts, without waiting for anything else.
    await expect.poll(() => requested.includes(catalog)).toBe(true);
    expect(requested.indexOf(catalog)).toBeGreaterThan(requested.lastIndexOf(parts.at(-1)!));

    release();
    await page.evaluate(() => (window as unknown as { rec: PageRec }).rec.ready);
    const late = (await page.evaluate((anchor) => (window as unknown as { rec: PageRec }).rec.similar(anchor, { k: 8 }), ANCHOR)) as Rec[];
    expect(late).toHaveLength(8);
    expect(late.every((r) => !r.warming)).toBe(true);
    // The head's answer was shown: the catalog's arrival is announced too.
    expect(await page.evaluate(() => (window as unknown as { refreshes: string[] }).refreshes)).toContain('catalog');
    // The first call, made before anything was in, was answered too.
    expect(await page.evaluate(() => (window as unknown as { first: Promise<Rec[]> }).first.then((r) => r.length))).toBe(8);
    expect([...origins]).toEqual([front.url]);
  } finally {
    await front.close();
  }
});

test('the widget shows the head-ranked similar items as such before the catalog, then the final ones', async ({ page, plainServer }) => {
  const { nearest, name, release, front } = await slowSite(plainServer, 'widget');
  try {
    await page.goto(`${front.url}/e2e/widget.html?catalog=/e2e-app/${name}/catalog.json&vectors=/e2e-app/${name}/manifest.json`);
    await addWidget(page, { id: 'similar', mode: 'similar', 'item-id': ANCHOR, k: '8' });
    const cards = page.locator('#similar li.item');
    const list = page.locator('#similar ul');
    // The head's nearest, under the mode's own heading, marked as warming while the catalog is held.
    await expect(cards).toHaveCount(8, { timeout: 60_000 });
    expect(await cards.evaluateAll((li) => li.map((l) => l.getAttribute('data-id')))).toEqual(nearest);
    await expect(page.locator('#similar h2')).toHaveText('Similar items');
    await expect(list).toHaveAttribute('data-warming', '');
    release();
    await expect(list).not.toHaveAttribute('data-warming', '', { timeout: 60_000 });
    await expect(cards).toHaveCount(8);
  } finally {
    await front.close();
  }
});

test('a head that never comes holds the catalog back 4 s at most', async ({ page, plainServer }) => {
  const name = `early-stalled-${test.info().workerIndex}`;
  await writeEarlyBuild(name);
  const requested: { path: string; at: number }[] = [];
  const start = Date.now();
  const front = await startFront({
    upstream: plainServer.url,
    // Every request for the binary is held without an answer: the head never comes.
    fault: (path) => {
      requested.push({ path, at: Date.now() - start });
      return /\/vectors-[0-9a-f]{16}\.bin$/.test(path) ? { hold: 'headers' } : undefined;
    },
  });
  try {
    await gotoApiPage(page, front.url);
    const answered = await page.evaluate(async (folder) => {
      const w = window as unknown as { lib: { createRecommender(o: unknown): PageRec } };
      const rec = w.lib.createRecommender({
        catalog: `/e2e-app/${folder}/catalog.json`,
        vectors: `/e2e-app/${folder}/manifest.json`,
        namespace: folder,
      });
      const recs = await rec.similar('nw-0317', { k: 8 });
      return { count: recs.length, warming: recs.every((r) => r.warming) };
    }, name);
    // Keyword answers: the catalog is in, the vectors never come (the trusted catalog path waits for
    // the artifact's hashes until the stall limit, 15 s, as before the head's answers existed).
    expect(answered).toMatchObject({ count: 8, warming: true });
    // The catalog was asked for HEAD_HOLD_MAX_MS (4 s) after the head, not at the stall limit.
    const binaryAt = requested.find((r) => /\/vectors-[0-9a-f]{16}\.bin$/.test(r.path))!.at;
    const catalogAt = requested.find((r) => r.path.endsWith('/catalog.json'))!.at;
    expect(catalogAt - binaryAt).toBeLessThan(7_000);
  } finally {
    await front.close();
  }
});
