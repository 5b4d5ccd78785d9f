/**
 * Section "demo visit": the built demo shop (dist/demo/) in headless Chromium. A first visit
 * embeds the 659-item catalog; the same browser context then navigates to the page again (the
 * vectors are in IndexedDB) and we time navigation start -> first recommendations rendered.
 *
 * "Rendered" = the first `li.item` in the shadow root of `<inpage-rec id="for-you">`, polled once
 * per animation frame from an init script (so +-1 frame, ~16 ms), with performance.now() whose
 * origin is the navigation start. Readiness (every vector indexed) is `inpageRec.ready`, as the
 * end-to-end tests use it.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { ROOT } from '../test/paths.ts';
import { launchChromium } from '../tools/browser.ts';
import { type StaticServer, serve } from '../tools/serve.ts';
import { median, round } from './stats.ts';

/** Timings of one page load, in ms from navigation start. */
export interface VisitTiming {
  firstRecommendationsMs: number;
  readyMs: number;
  domContentLoadedMs: number;
  /** The worker's own clock: engine start -> first results / ready. */
  workerFirstResultsMs: number | null;
  workerReadyMs: number | null;
  embedded: number;
  fromCache: number;
  /** Bytes the server sent for this visit (no compression; `no-cache`, no validators). */
  bytesServed: number;
}

interface BenchProbe {
  firstRecMs: number | null;
  readyMs: number | null;
}

/**
 * Records, per navigation, when the first recommendation is in the DOM and when `ready` resolved.
 * A string, not a function: tsx would wrap named arrow functions in a `__name` helper the page lacks.
 */
const PROBE = `(() => {
  const b = (window.__bench = { firstRecMs: null, readyMs: null });
  let hooked = false;
  const tick = () => {
    if (!hooked && window.inpageRec) {
      hooked = true;
      window.inpageRec.ready.then(() => { b.readyMs = performance.now(); });
    }
    if (b.firstRecMs === null && document.querySelector('#for-you')?.shadowRoot?.querySelector('li.item')) b.firstRecMs = performance.now();
    if (b.firstRecMs === null || !hooked) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

function bytesServed(server: StaticServer, before: Map<string, number>): number {
  let total = 0;
  for (const [path, count] of server.hits) {
    const extra = count - (before.get(path) ?? 0);
    if (extra <= 0) continue;
    try {
      total += extra * statSync(join(ROOT, 'dist', path.endsWith('/') ? `${path}index.html` : path)).size;
    } catch {
      // a 404 (e.g. /favicon.ico) sent a few bytes of text: not worth counting
    }
  }
  return total;
}

async function visit(page: Page, server: StaticServer): Promise<VisitTiming & { backend?: unknown; crossOriginIsolated: boolean }> {
  const before = new Map(server.hits);
  await page.goto(`${server.url}/demo/`);
  await page.waitForFunction(
    () => {
      const b = (window as unknown as { __bench: BenchProbe }).__bench;
      return b.firstRecMs !== null && b.readyMs !== null;
    },
    null,
    { timeout: 300_000, polling: 100 },
  );
  const got = await page.evaluate(async () => {
    const w = window as unknown as { __bench: BenchProbe; inpageRec: { status(): Promise<Record<string, unknown>> } };
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    return {
      probe: w.__bench,
      status: await w.inpageRec.status(),
      dcl: nav?.domContentLoadedEventEnd ?? NaN,
      coi: self.crossOriginIsolated,
    };
  });
  const s = got.status as {
    embedded: number;
    fromCache: number;
    backend?: unknown;
    timings: { firstResultsMs?: number; readyMs?: number };
  };
  return {
    firstRecommendationsMs: round(got.probe.firstRecMs!, 1),
    readyMs: round(got.probe.readyMs!, 1),
    domContentLoadedMs: round(got.dcl, 1),
    workerFirstResultsMs: s.timings.firstResultsMs === undefined ? null : round(s.timings.firstResultsMs, 1),
    workerReadyMs: s.timings.readyMs === undefined ? null : round(s.timings.readyMs, 1),
    embedded: s.embedded,
    fromCache: s.fromCache,
    bytesServed: bytesServed(server, before),
    backend: s.backend,
    crossOriginIsolated: got.coi,
  };
}

/** First visit, then `reloads` warm visits, in one browser context on one origin. */
export async function runDemoVisit(opts: { isolated: boolean; reloads: number; log: (line: string) => void }) {
  const server = await serve({ root: join(ROOT, 'dist'), isolated: opts.isolated });
  const browser = await launchChromium();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(PROBE);
    const { backend, crossOriginIsolated, ...first } = await visit(page, server);
    opts.log(
      `  first visit: first recommendations ${first.firstRecommendationsMs} ms, ready ${first.readyMs} ms (embedded ${first.embedded})`,
    );
    const warm: VisitTiming[] = [];
    for (let i = 0; i < opts.reloads; i++) {
      const { backend: _b, crossOriginIsolated: _c, ...t } = await visit(page, server);
      warm.push(t);
      opts.log(
        `  warm visit ${i + 1}: first recommendations ${t.firstRecommendationsMs} ms, ready ${t.readyMs} ms (from IndexedDB ${t.fromCache}, embedded ${t.embedded})`,
      );
    }
    await context.close();
    return {
      isolated: opts.isolated,
      crossOriginIsolated,
      chromium: browser.version(),
      /** The encoder backend the first visit used (warm visits load no model). */
      backend,
      firstVisit: first,
      warmMedian: {
        firstRecommendationsMs: round(median(warm.map((t) => t.firstRecommendationsMs)), 1),
        readyMs: round(median(warm.map((t) => t.readyMs)), 1),
        domContentLoadedMs: round(median(warm.map((t) => t.domContentLoadedMs)), 1),
        bytesServed: median(warm.map((t) => t.bytesServed)),
      },
      warmVisits: warm,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
