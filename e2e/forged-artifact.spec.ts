/**
 * Prebuilt vectors prove themselves in the real browser (issue 29; src/worker/prebuilt/sample-check.ts).
 * The demo's genuine artifact, built by the CLI in Node, passes the check against the page's own
 * encoder (onnxruntime-web, WASM); a forgery of it, its vectors shuffled between items and every
 * SHA-256 recomputed, is refused once the model loads: ARTIFACT_MISMATCH, and the page embeds.
 * Nothing asks for the model here but the page at idle (src/vectors-check-at-idle.ts); with
 * `checkVectorsAtIdle: false` the check waits.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { validateCatalog } from '../src/catalog/validate.ts';
import { loadsModel } from '../test/helpers/model-requests.ts';
import { ROOT } from '../test/paths.ts';
import { demoArtifact } from './demo-artifact.ts';
import { expect, test } from './fixtures.ts';

const ITEMS = 24;

/** Writes /e2e-app/forged-shuffled/: the first ITEMS small-catalog items, each with the next one's vector. */
async function forge(): Promise<void> {
  const catalog = JSON.parse(readFileSync(join(ROOT, 'e2e', 'pages', 'catalog-small.json'), 'utf8')).slice(0, ITEMS);
  const artifact = await demoArtifact();
  const { entries } = await validateCatalog(catalog, { modelKey: artifact.model.key });
  await artifact.write(
    'forged-shuffled',
    entries.map((e, i) => ({ key: e.key, hash: e.hash, ...artifact.vectorOf(entries[(i + 1) % entries.length]!.key) })),
  );
}

type CheckWindow = {
  inpageRec: { ready: Promise<unknown>; status(): Promise<{ vectorsCheck?: string; embedded: number; fromArtifact: number }> };
  recWarnings: { code: string; message: string }[];
};

/** Opens the model page with `vectors` (no search, no preloaded model); waits for the check at idle to settle. */
async function checked(page: Page, origin: string, ns: string, vectors: string) {
  await page.goto(`${origin}/e2e/model-page.html?ns=${ns}&items=${ITEMS}&vectors=${vectors}`);
  await page.waitForFunction(() => 'inpageRec' in window, null, { timeout: 60_000 });
  const first = await page.evaluate(async () => {
    const w = window as unknown as CheckWindow;
    await w.inpageRec.ready;
    return w.inpageRec.status();
  });
  const status = () => page.evaluate(() => (window as unknown as CheckWindow).inpageRec.status());
  await expect
    .poll(
      async () => {
        const s = await status();
        return s.vectorsCheck === 'verified' || (s.vectorsCheck === 'refused' && s.embedded >= ITEMS);
      },
      { timeout: 90_000, intervals: [250] },
    )
    .toBe(true);
  const last = await status();
  const warnings = await page.evaluate(() => (window as unknown as CheckWindow).recWarnings);
  return { first, last, warnings };
}

test('at idle, the demo artifact passes the check against the page encoder; a shuffled forgery is refused and the page embeds', async ({
  page,
  server,
}) => {
  test.setTimeout(180_000);
  await forge();
  const genuine = await checked(page, server.url, 'check-genuine', '/demo/vectors/manifest.json');
  expect(genuine.first).toMatchObject({ fromArtifact: ITEMS, embedded: 0 });
  expect(genuine.last).toMatchObject({ vectorsCheck: 'verified', embedded: 0 });
  expect(genuine.warnings).toEqual([]);

  const forged = await checked(page, server.url, 'check-forged', '/e2e-app/forged-shuffled/manifest.json');
  expect(forged.first).toMatchObject({ fromArtifact: ITEMS, embedded: 0 });
  expect(forged.last).toMatchObject({ vectorsCheck: 'refused', embedded: ITEMS });
  expect(forged.warnings).toEqual([
    expect.objectContaining({ code: 'ARTIFACT_MISMATCH', message: expect.stringContaining('do not match their items') }),
  ]);
});

test('checkVectorsAtIdle: false leaves the check pending and the model unloaded while nothing needs it', async ({ page, server }) => {
  test.setTimeout(60_000);
  await forge();
  const modelRequests: string[] = [];
  page.on('request', (r) => {
    if (loadsModel(new URL(r.url()).pathname)) modelRequests.push(r.url());
  });
  await page.goto(
    `${server.url}/e2e/model-page.html?ns=check-off&items=${ITEMS}&no-idle-check&vectors=/e2e-app/forged-shuffled/manifest.json`,
  );
  await page.waitForFunction(() => 'inpageRec' in window, null, { timeout: 60_000 });
  const ready = await page.evaluate(() => (window as unknown as CheckWindow).inpageRec.ready);
  expect(ready).toMatchObject({ fromArtifact: ITEMS, vectorsCheck: 'pending' });
  // Past the idle rule's longest wait (3 s after the load event, then at most 5 s for an idle period).
  await page.waitForTimeout(9000);
  const status = await page.evaluate(() => (window as unknown as CheckWindow).inpageRec.status());
  expect(status).toMatchObject({ vectorsCheck: 'pending', embedded: 0 });
  expect(modelRequests).toEqual([]);
});
