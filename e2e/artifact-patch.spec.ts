/**
 * A returning visitor after the site edited its catalog and rebuilt the vectors: the real CLI
 * builds 300 demo items, then, from that output, the same catalog with 3 descriptions edited; the
 * second build writes a patch (src/artifact/patch.ts) and a catalog patch
 * (src/artifact/catalog-patch.ts) beside its binary. The site's files are answered from whichever
 * build is "published" at the time, at the same URLs, with an ETag as static hosts send. The
 * visitor who adopted the first build fetches the 3-item patch and the catalog patch, never the new
 * binary nor the catalog file, and embeds nothing; a catalog edited without a rebuild is downloaded.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { ROOT } from '../test/paths.ts';
import { expect, gotoApiPage, test } from './fixtures.ts';

/** Paths the page asked of the published site, in order. */
interface Site {
  publish(build: string): void;
  requests: string[];
}

let work = '';
const EDITED = [5, 120, 250];

test.beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'inpage-rec-patch-'));
  const items = (JSON.parse(readFileSync(join(ROOT, 'public', 'demo', 'catalog.json'), 'utf8')) as { description: string }[]).slice(0, 300);
  const build = (name: string) => {
    writeFileSync(join(work, 'catalog.json'), JSON.stringify(items));
    execFileSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'build', 'catalog.json', '--out', 'vectors', '--no-progress'], {
      cwd: work,
      stdio: 'pipe',
    });
    cpSync(join(work, 'vectors'), join(work, name, 'vectors'), { recursive: true });
    cpSync(join(work, 'catalog.json'), join(work, name, 'catalog.json'));
  };
  build('b1');
  for (const i of EDITED) items[i]!.description += ' Now with a lifetime warranty.';
  build('b2');
});

test.afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Answers `/site/...` from the build published at the time (a HEAD request is logged as `HEAD <path>`). */
async function site(page: Page): Promise<Site> {
  let current = '';
  const requests: string[] = [];
  await page.context().route('**/site/**', async (route) => {
    const path = new URL(route.request().url()).pathname.replace(/^\/site\//, '');
    requests.push(route.request().method() === 'HEAD' ? `HEAD ${path}` : path);
    try {
      const body = readFileSync(join(work, current, path));
      const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
      const contentType = path.endsWith('.json') ? 'application/json' : 'application/octet-stream';
      await route.fulfill({ status: 200, body, contentType, headers: { etag } });
    } catch {
      await route.fulfill({ status: 404, body: 'not found' });
    }
  });
  return {
    publish: (build) => {
      current = build;
      requests.length = 0;
    },
    requests,
  };
}

/** A visit: a recommender on the published site; its ready status, the warnings it heard, and the price of item 8 it shows. */
function visit(page: Page): Promise<{ ready: Record<string, unknown>; events: string[]; price: unknown }> {
  return page.evaluate(async () => {
    const lib = (window as unknown as { lib: { createRecommender(o: unknown): never } }).lib;
    const rec = lib.createRecommender({ catalog: '/site/catalog.json', vectors: '/site/vectors/manifest.json', namespace: 'patch' }) as {
      ready: Promise<Record<string, unknown>>;
      on(t: string, l: (e: { code?: string; message?: string }) => void): void;
      similar(id: string, o: { k: number }): Promise<{ id: string; item: { price?: unknown } }[]>;
    };
    const events: string[] = [];
    for (const type of ['error', 'warning']) rec.on(type, (e) => events.push(`${type} ${e.code}: ${e.message}`));
    // Ready once the vectors are stored, and with them the build they came from.
    const ready = await rec.ready;
    const all = await rec.similar('nw-0001', { k: 300 });
    return { ready, events, price: all.find((r) => r.id === 'nw-0008')?.item.price };
  });
}

test('after a 3-item edit, a returning visitor fetches the 3-item patch, not the new binary, and embeds nothing', async ({
  page,
  plainServer,
}) => {
  const published = await site(page);
  const b1 = readdirSync(join(work, 'b1', 'vectors'));
  const b2 = readdirSync(join(work, 'b2', 'vectors'));
  const binary2 = b2.find((f) => f.startsWith('vectors-'))!;
  const patch = b2.find((f) => f.startsWith('patch-'))!;
  const catalogPatch = b2.find((f) => f.startsWith('catalog-patch-'))!;
  expect(b1.filter((f) => f.startsWith('patch-') || f.startsWith('catalog-patch-'))).toEqual([]);
  const manifest = JSON.parse(readFileSync(join(work, 'b2', 'vectors', 'manifest.json'), 'utf8')) as {
    files: { bytes: number }[];
    patches: { count: number; file: { name: string; bytes: number } }[];
    catalogPatches: { count: number; file: { name: string } }[];
  };
  expect(manifest.patches).toMatchObject([{ count: 3, file: { name: patch } }]);
  expect(manifest.catalogPatches).toMatchObject([{ count: 3, file: { name: catalogPatch } }]);
  expect(manifest.patches[0]!.file.bytes).toBeLessThan(0.05 * manifest.files[0]!.bytes);

  // First visit: the first build's binary, every vector from it.
  published.publish('b1');
  await gotoApiPage(page, plainServer.url);
  const first = await visit(page);
  expect(first.ready).toMatchObject({ phase: 'ready', items: 300, indexed: 300, fromArtifact: 300, embedded: 0 });
  expect(first.events).toEqual([]);
  expect(published.requests.filter((p) => p.startsWith('vectors/vectors-'))).toHaveLength(1);

  // The site edits 3 items and rebuilds: the patch brings exactly those, the new binary is never asked for.
  published.publish('b2');
  await gotoApiPage(page, plainServer.url);
  const second = await visit(page);
  expect(second.ready).toMatchObject({ phase: 'ready', items: 300, indexed: 300, fromArtifact: 3, embedded: 0, encoderRuns: 0 });
  expect(second.events).toEqual([]);
  expect(published.requests).toContain(`vectors/${patch}`);
  expect(published.requests).not.toContain(`vectors/${binary2}`);
  // One manifest request: the revalidation's, read again by the patch.
  expect(published.requests.filter((p) => p === 'vectors/manifest.json')).toHaveLength(1);
  // The catalog: a HEAD request and the catalog patch, never the file.
  expect(published.requests).not.toContain('catalog.json');
  expect(published.requests).toContain('HEAD catalog.json');
  expect(published.requests).toContain(`vectors/${catalogPatch}`);

  // Nothing changed since: every vector from IndexedDB, no binary and no patch fetched.
  published.publish('b2');
  await gotoApiPage(page, plainServer.url);
  const third = await visit(page);
  expect(third.ready).toMatchObject({ phase: 'ready', items: 300, indexed: 300, fromCache: 300, fromArtifact: 0, embedded: 0 });
  expect(published.requests.filter((p) => p.endsWith('.bin') || p.includes('catalog'))).toEqual(['HEAD catalog.json']);
  expect(third.price).toBe(18.95);

  // The site changes a price in its catalog file and does not rebuild: the page downloads the file and shows it.
  cpSync(join(work, 'b2'), join(work, 'b2-price'), { recursive: true });
  const edited = (JSON.parse(readFileSync(join(work, 'b2', 'catalog.json'), 'utf8')) as { id: string; price: number }[]).map((item) =>
    item.id === 'nw-0008' ? { ...item, price: 12.5 } : item,
  );
  writeFileSync(join(work, 'b2-price', 'catalog.json'), JSON.stringify(edited));
  published.publish('b2-price');
  await gotoApiPage(page, plainServer.url);
  const fourth = await visit(page);
  expect(published.requests.filter((p) => p.includes('catalog'))).toEqual(['HEAD catalog.json', 'catalog.json']);
  expect(fourth.price).toBe(12.5);
  expect(fourth.ready).toMatchObject({ items: 300, fromArtifact: 0, embedded: 0 });
});

test('a visitor who never adopted a build, or one whose patch is corrupt, takes the whole binary', async ({
  page,
  browser,
  guard,
  plainServer,
}) => {
  const published = await site(page);
  const binary2 = readdirSync(join(work, 'b2', 'vectors')).find((f) => f.startsWith('vectors-'))!;
  // A fresh profile on the second build: the binary, never the patch.
  published.publish('b2');
  await gotoApiPage(page, plainServer.url);
  const fresh = await visit(page);
  expect(fresh.ready).toMatchObject({ phase: 'ready', items: 300, fromArtifact: 300, embedded: 0 });
  expect(published.requests.filter((p) => p.endsWith('.bin'))).toEqual([`vectors/${binary2}`]);

  // Back to the first build in another profile, then the second with its patch corrupted.
  const other = await browser.newContext();
  await guard(other);
  try {
    const page2 = await other.newPage();
    const site2 = await site(page2);
    site2.publish('b1');
    await gotoApiPage(page2, plainServer.url);
    await visit(page2);
    cpSync(join(work, 'b2'), join(work, 'b2-bad'), { recursive: true });
    const patch = readdirSync(join(work, 'b2-bad', 'vectors')).find((f) => f.startsWith('patch-'))!;
    const bytes = readFileSync(join(work, 'b2-bad', 'vectors', patch));
    bytes[bytes.length - 1]! ^= 0xff;
    writeFileSync(join(work, 'b2-bad', 'vectors', patch), bytes);
    site2.publish('b2-bad');
    await gotoApiPage(page2, plainServer.url);
    const bad = await visit(page2);
    expect(bad.ready).toMatchObject({ phase: 'ready', items: 300, indexed: 300, fromArtifact: 3, embedded: 0 });
    expect(bad.events).toEqual([
      expect.stringMatching(new RegExp(`^warning ARTIFACT_INVALID: the patch ${patch} .* is unusable .*corrupt`)),
    ]);
    expect(site2.requests).toContain(`vectors/${binary2}`);
  } finally {
    await other.close();
  }
});
