/**
 * One shopper's first visit as issue 30 sets it (bench/phone-visit.ts, bench/phone-ab.ts): the
 * script tag and one "similar" widget over the Steam catalog with prebuilt vectors, served
 * brotli-compressed, on a phone (412 px viewport, CPU x4 and a 10 Mbit/s, 40 ms link, by CDP) or
 * without any limit, each visit in a fresh browser context.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { compressFile } from '../src/cli/compress.ts';
import { ROOT } from '../test/paths.ts';
import type { StaticServer } from '../tools/serve.ts';
import { RendererPeakWatch } from './chromium-memory.ts';
import { prepareWarmStart, WARM_START_WORK, type WarmStartData } from './warm-start-data.ts';

/**
 * How long a visit is watched after its vector-ranked cards: the work after them (storing, the
 * trust check, the word-overlap build) takes ~10 s on the phone at 32k, ~2 s unthrottled.
 */
export const SETTLE_MS = { phone: 12_000, unthrottled: 4_000 };

/** Issue 30's phone: a mid-range handset on a 4G link. */
export const PHONE = { viewport: { width: 412, height: 915 }, cpuSlowdown: 4, downMbit: 10, upMbit: 5, latencyMs: 40 };

/**
 * The page: the script tag and one similar widget; every render is timed from navigation start.
 * The check of prebuilt vectors at idle is off: past the real texts the artifact's rows are
 * perturbed copies (bench/warm-start-data.ts), which it would rightly refuse (its cost:
 * bench/idle-check.ts).
 */
function page(data: WarmStartData): string {
  return `<!doctype html><html lang="en"><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>phone visit</title>
<link rel="stylesheet" href="/inpage-rec.css">
<script>
  window.__renders = [];
  document.addEventListener('inpage-rec:render', (e) => window.__renders.push({ ms: performance.now(), count: e.detail.count, warming: e.detail.warming,
    heading: e.target.shadowRoot && e.target.shadowRoot.querySelector('h2') ? e.target.shadowRoot.querySelector('h2').textContent : null }));
  document.addEventListener('inpage-rec:error', (e) => { window.__error = String(e.detail && (e.detail.message || e.detail.code)); });
</script>
<script src="/inpage-rec.js" data-catalog="/ws/${data.catalog}" data-vectors="/ws/${data.manifest}" data-namespace="phone" data-check-vectors-at-idle="false" defer></script>
<h1>A product page</h1>
<inpage-rec mode="similar" item-id="${data.first}" k="8"></inpage-rec>`;
}

interface Render {
  ms: number;
  count: number;
  warming: boolean;
  /** The widget's heading then: the starter's ("Popular in this shop", "From the shop") or the mode's. */
  heading: string | null;
}

/** The starter's headings (src/ui/modes.ts): cards that are stand-ins, not ranked for the item. */
const STAND_IN_HEADINGS = ['Popular in this shop', 'From the shop'];

/** One response as the browser received it: when its body started and ended (epoch ms), and its bytes. */
interface Transfer {
  start: number;
  end: number;
  bytes: number;
}

/** Bytes the browser had received by `at` (epoch ms), each response's spread evenly over its body's time. */
function receivedBy(transfers: readonly Transfer[], at: number): number {
  let sum = 0;
  for (const t of transfers) sum += t.end <= at ? t.bytes : t.start >= at ? 0 : (t.bytes * (at - t.start)) / (t.end - t.start);
  return Math.round(sum);
}

/** One measured first visit. */
export interface PhoneVisitRow {
  condition: 'phone' | 'unthrottled';
  items: number;
  /** Navigation start -> the widget's first cards of any kind (lexical ones are marked warming). */
  firstCardsMs: number | null;
  firstCardsWarming: boolean | null;
  /** Navigation start -> the first cards ranked for the item by vectors, the head's sign bits included (marked warming). */
  firstRankedCardsMs: number | null;
  /** Navigation start -> the first cards not marked warming (the full ranking). */
  firstVectorCardsMs: number | null;
  /** Bytes the browser had received (headers included) when the first ranked cards rendered (Playwright's request sizes and timings). */
  bytesBeforeRanked: number | null;
  /** The first ranked cards came before the catalog was in: ranked by the artifact's head (keywords need the catalog). */
  rankedBeforeCatalog: boolean | null;
  /** Bytes the server sent during the visit (headers included; precompressed siblings where accepted). */
  bytes: number;
  /** The same, per path, largest first. */
  bytesByPath: Record<string, number>;
  /** The renderer's peak resident set up to the first vector-ranked cards. */
  rendererPeakMB: number | null;
  /**
   * The same over the whole visit: up to `SETTLE_MS` after those cards, while the worker checks,
   * stores and builds what the cards did not wait for (the trust check, the snapshot, word overlap).
   */
  rendererPeakSettledMB: number | null;
  /** When each request finished, ms after navigation start (the worker's included). */
  finishedMs: Record<string, number>;
  /** Every render of the widget until the first vector-ranked one: ms, cards, warming. */
  renders: Render[];
}

/** `PHONE` in words, for a result file's conditions. */
export const PHONE_CONDITION = `${PHONE.viewport.width} px viewport, CPU x${PHONE.cpuSlowdown}, ${PHONE.downMbit} Mbit/s down, ${PHONE.upMbit} up, ${PHONE.latencyMs} ms (CDP)`;

/** How visits ran, for a result file: the browser, the machine, and the phone's condition or none. */
export function visitConditions(browser: Browser, phone: boolean): { runtime: string; machine: string; condition: string } {
  return {
    runtime: `Chromium ${browser.version()} headless, fresh context per visit, not cross-origin isolated`,
    machine: `${cpus().length} cores (${cpus()[0]?.model ?? '?'})`,
    condition: phone ? `phone: ${PHONE_CONDITION}` : 'unthrottled',
  };
}

/** The phone's link and CPU for `page` (CDP): `PHONE`'s rates. */
async function emulatePhone(context: BrowserContext, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: PHONE.latencyMs,
    downloadThroughput: (PHONE.downMbit * 1e6) / 8,
    uploadThroughput: (PHONE.upMbit * 1e6) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: PHONE.cpuSlowdown });
}

/** What the server sent since `before`, in all and per path. */
function sent(server: StaticServer, before: ReadonlyMap<string, number>): { bytes: number; bytesByPath: Record<string, number> } {
  const byPath = [...server.bytesSent].map(([path, n]) => [path, n - (before.get(path) ?? 0)] as const).filter(([, n]) => n > 0);
  byPath.sort((a, b) => b[1] - a[1]);
  return { bytes: byPath.reduce((a, [, n]) => a + n, 0), bytesByPath: Object.fromEntries(byPath) };
}

/**
 * One first visit of `data`'s page from `server`, on the phone or unthrottled, in a fresh context.
 * `atCards` runs once the first vector-ranked cards are shown, before the visit settles (a
 * diagnosis reads the worker then: bench/worker-snapshot.ts).
 */
export async function visit(
  browser: Browser,
  server: StaticServer,
  data: WarmStartData,
  phone: boolean,
  atCards?: () => Promise<void>,
): Promise<PhoneVisitRow> {
  const memory = new RendererPeakWatch();
  const context = await browser.newContext(phone ? { viewport: PHONE.viewport, isMobile: true, hasTouch: true } : {});
  const page = await context.newPage();
  if (phone) await emulatePhone(context, page);
  const sentBefore = new Map(server.bytesSent);
  const finishedMs: Record<string, number> = {};
  const transfers: Transfer[] = [];
  let navigated = 0;
  page.on('requestfinished', async (r) => {
    finishedMs[new URL(r.url()).pathname] = Date.now() - navigated;
    const t = r.timing();
    const sizes = await r.sizes().catch(() => undefined);
    if (sizes && t.responseEnd >= 0)
      transfers.push({
        start: t.startTime + Math.max(0, t.responseStart),
        end: t.startTime + t.responseEnd,
        bytes: sizes.responseBodySize + sizes.responseHeadersSize,
      });
  });
  navigated = Date.now();
  await page.goto(`${server.url}/ws/${pageFile(data)}`);
  const t0 = Date.now();
  const timeOrigin = await page.evaluate(() => performance.timeOrigin);
  let renders: Render[] = [];
  for (;;) {
    const state = await page.evaluate(() => ({
      renders: (window as never as { __renders: Render[] }).__renders,
      error: (window as never as { __error?: string }).__error,
    }));
    renders = state.renders;
    if (state.error) throw new Error(`the widget reported: ${state.error}`);
    if (renders.some((r) => r.count > 0 && !r.warming)) break;
    if (Date.now() - t0 > 300_000) throw new Error(`no vector-ranked cards within 5 minutes: ${JSON.stringify(renders)}`);
    await page.waitForTimeout(100);
  }
  const peak = memory.peakBytes();
  await atCards?.();
  await page.waitForTimeout(phone ? SETTLE_MS.phone : SETTLE_MS.unthrottled);
  const settled = memory.stop();
  await context.close();
  const first = renders.find((r) => r.count > 0);
  const vector = renders.find((r) => r.count > 0 && !r.warming);
  const ranked = renders.find((r) => r.count > 0 && !STAND_IN_HEADINGS.includes(r.heading ?? ''));
  return {
    condition: phone ? 'phone' : 'unthrottled',
    items: data.items,
    firstCardsMs: first ? Math.round(first.ms) : null,
    firstCardsWarming: first ? first.warming : null,
    firstRankedCardsMs: ranked ? Math.round(ranked.ms) : null,
    firstVectorCardsMs: vector ? Math.round(vector.ms) : null,
    bytesBeforeRanked: ranked ? receivedBy(transfers, timeOrigin + ranked.ms) : null,
    rankedBeforeCatalog: ranked ? ranked.ms < (finishedMs[`/ws/${data.catalog}`] ?? Number.POSITIVE_INFINITY) : null,
    ...sent(server, sentBefore),
    rendererPeakMB: peak ? Math.round(peak / 1048576) : null,
    rendererPeakSettledMB: settled ? Math.round(settled / 1048576) : null,
    finishedMs,
    renders: renders.map((r) => ({ ...r, ms: Math.round(r.ms) })),
  };
}

/** The page file of one prepared size. */
function pageFile(data: WarmStartData): string {
  return `phone-${data.manifest.replace(/\/manifest\.json$/, '')}.html`;
}

/** Prepares the Steam data of `items` items (bench/warm-start-data.ts), writes the page and the catalog's and artifact's `.br`/`.gz` siblings (cached by content). */
export async function preparePhoneVisit(
  items: number,
  realTexts: number,
  dims: number | undefined,
  log: (line: string) => void,
): Promise<WarmStartData> {
  mkdirSync(WARM_START_WORK, { recursive: true });
  const data = await prepareWarmStart(WARM_START_WORK, items, realTexts, log, dims);
  writeFileSync(join(WARM_START_WORK, pageFile(data)), page(data));
  const folder = join(WARM_START_WORK, dirname(data.manifest));
  const files = [
    join(WARM_START_WORK, data.catalog),
    ...readdirSync(folder)
      .filter((f) => /\.(json|bin)$/.test(f))
      .map((f) => join(folder, f)),
  ];
  for (const file of files) if (!existsSync(`${file}.br`)) await compressFile(file, { cacheDir: join(ROOT, '.cache', 'compressed') });
  return data;
}
