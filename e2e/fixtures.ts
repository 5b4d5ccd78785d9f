/**
 * Shared end-to-end fixtures: the built `dist/` served on 127.0.0.1 (cross-origin isolated or not),
 * test pages from e2e/pages under /e2e/, the test builds of e2e/global-setup.ts under /e2e-app/ and
 * /bench/, and a network guard that fails any request leaving 127.0.0.1 (it records and aborts it;
 * every test asserts the record is empty).
 */

import { join } from 'node:path';
import { type BrowserContext, test as base, expect, type Page } from '@playwright/test';
import { BENCH_BUILD_DIR, E2E_BUILD_DIR, ROOT } from '../test/paths.ts';
import { type StaticServer, serve } from '../tools/serve.ts';

const MOUNTS = { '/e2e/': join(ROOT, 'e2e', 'pages'), '/e2e-app/': E2E_BUILD_DIR, '/bench/': BENCH_BUILD_DIR };

interface Fixtures {
  external: string[];
  guard: (context: BrowserContext) => Promise<void>;
}

/** Servers live for the whole run: IndexedDB is per origin, so a new port would be a new site. */
interface WorkerFixtures {
  server: StaticServer;
  plainServer: StaticServer;
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  server: [
    async ({}, use) => {
      const s = await serve({ root: join(ROOT, 'dist'), isolated: true, mounts: MOUNTS });
      await use(s);
      await s.close();
    },
    { scope: 'worker' },
  ],
  plainServer: [
    async ({}, use) => {
      const s = await serve({ root: join(ROOT, 'dist'), isolated: false, mounts: MOUNTS });
      await use(s);
      await s.close();
    },
    { scope: 'worker' },
  ],
  external: async ({}, use) => {
    const list: string[] = [];
    await use(list);
    expect(list, 'requests that left 127.0.0.1').toEqual([]);
  },
  guard: async ({ external }, use) => {
    await use(async (context) => {
      await context.route('**/*', (route) => {
        const url = new URL(route.request().url());
        if (url.protocol === 'data:' || url.protocol === 'blob:' || url.hostname === '127.0.0.1') return route.continue();
        external.push(url.href);
        return route.abort();
      });
    });
  },
  context: async ({ context, guard }, use) => {
    await guard(context);
    await use(context);
    // A page still loading when its test ends (the model runtime's lazy script, say) leaves a
    // spec's own `route.fetch()` in flight; closing the context then fails the finished test with
    // "route.fetch: Test ended" (seen once in widget-csp.spec.ts with two workers). Playwright's
    // remedy: wait for running handlers and ignore what they throw after this point.
    await context.unrouteAll({ behavior: 'ignoreErrors' });
  },
});

export { expect };

/** Opens the API test page (e2e/pages/api.html) at `base` and waits until it exposes the library as `window.lib`. */
export async function gotoApiPage(page: Page, base: string): Promise<Page> {
  await page.goto(`${base}/e2e/api.html`);
  await page.waitForFunction(() => (window as unknown as { libReady?: boolean }).libReady === true);
  return page;
}

/** Waits until the page's recommender (window.inpageRec) has every vector. */
export async function waitReady(page: Page): ReturnType<typeof status> {
  await page.waitForFunction(() => 'inpageRec' in window, null, { timeout: 60_000 });
  await page.evaluate(() => (window as unknown as { inpageRec: { ready: Promise<unknown> } }).inpageRec.ready);
  return status(page);
}

export function status(
  page: Page,
): Promise<Record<string, unknown> & { embedded: number; fromCache: number; encoderRuns: number; items: number; phase: string }> {
  return page.evaluate(() => (window as unknown as { inpageRec: { status(): Promise<never> } }).inpageRec.status());
}

/** Titles rendered by one `<inpage-rec>` element (read through its open shadow root). */
export function renderedTitles(page: Page, selector: string): Promise<string[]> {
  return page.locator(`${selector} .title`).allTextContents();
}
