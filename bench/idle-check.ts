/**
 * `npx tsx bench/idle-check.ts [--pairs 3] [--window-ms 20000]` (build dist/ first): what the check
 * of prebuilt vectors at idle costs a first visit (src/vectors-check-at-idle.ts). The demo shop's
 * catalog with its real prebuilt vectors (dist/demo/vectors, built by the CLI) behind the script tag
 * and one "similar" widget, visited in a fresh browser context with the check on (the default) and
 * off (`data-check-vectors-at-idle="false"`), alternating, `--pairs` times. Each visit is watched for
 * `--window-ms` after `ready`: the renderer's peak resident set (bench/chromium-memory.ts), the bytes
 * the server sent, and when the check's verdict came. Writes bench/results/idle-check.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from '@playwright/test';
import { loadsModel } from '../test/helpers/model-requests.ts';
import { ROOT } from '../test/paths.ts';
import { launchChromium } from '../tools/browser.ts';
import { type StaticServer, serve } from '../tools/serve.ts';
import { RendererPeakWatch } from './chromium-memory.ts';
import { visitConditions } from './phone-visit-run.ts';
import { writeResult } from './results.ts';

const { values } = parseArgs({
  options: { pairs: { type: 'string', default: '3' }, 'window-ms': { type: 'string', default: '20000' } },
});
const WINDOW_MS = Number(values['window-ms']);
const WORK = join(ROOT, '.cache', 'bench-idle-check');
const log = (line: string) => console.log(`[idle-check] ${line}`);

function page(check: boolean): string {
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>idle check</title>
<link rel="stylesheet" href="/inpage-rec.css">
<script src="/inpage-rec.js" data-catalog="/demo/catalog.json" data-vectors="/demo/vectors/manifest.json"
  data-namespace="idle"${check ? '' : ' data-check-vectors-at-idle="false"'} defer></script>
<h1>A product page</h1>
<inpage-rec mode="similar" item-id="nw-0317" k="8"></inpage-rec>`;
}

interface Row {
  check: boolean;
  readyMs: number;
  /** When `status().vectorsCheck` left `pending`, ms after navigation start (null: it did not within the window). */
  verdictMs: number | null;
  verdict: string | null;
  rendererPeakMB: number | null;
  /** The renderer's resident set at the window's end. */
  rendererEndMB: number | null;
  bytes: number;
  modelBytes: number;
}

type Rec = { ready: Promise<unknown>; status(): Promise<{ vectorsCheck?: string }> };

async function visit(browser: Browser, server: StaticServer, check: boolean): Promise<Row> {
  const memory = new RendererPeakWatch();
  const before = new Map(server.bytesSent);
  const context = await browser.newContext();
  const p = await context.newPage();
  await p.goto(`${server.url}/bench-idle/${check ? 'on' : 'off'}.html`);
  await p.waitForFunction(() => 'inpageRec' in window);
  const readyMs = await p.evaluate(async () => {
    await (window as unknown as { inpageRec: Rec }).inpageRec.ready;
    return performance.now();
  });
  let verdictMs: number | null = null;
  let verdict: string | null = null;
  const until = Date.now() + WINDOW_MS;
  while (Date.now() < until) {
    const s = await p.evaluate(async () => ({
      check: (await (window as unknown as { inpageRec: Rec }).inpageRec.status()).vectorsCheck ?? null,
      ms: performance.now(),
    }));
    if (verdictMs === null && s.check !== 'pending') {
      verdictMs = Math.round(s.ms);
      verdict = s.check;
    }
    await p.waitForTimeout(100);
  }
  const peak = memory.peakBytes();
  const end = memory.residentBytes();
  memory.stop();
  await context.close();
  const sent = [...server.bytesSent].map(([path, n]) => [path, n - (before.get(path) ?? 0)] as const);
  return {
    check,
    readyMs: Math.round(readyMs),
    verdictMs,
    verdict,
    rendererPeakMB: peak ? Math.round(peak / 1048576) : null,
    rendererEndMB: end ? Math.round(end / 1048576) : null,
    bytes: sent.reduce((a, [, n]) => a + n, 0),
    modelBytes: sent.filter(([path]) => loadsModel(path)).reduce((a, [, n]) => a + n, 0),
  };
}

mkdirSync(WORK, { recursive: true });
writeFileSync(join(WORK, 'on.html'), page(true));
writeFileSync(join(WORK, 'off.html'), page(false));
const server = await serve({ root: join(ROOT, 'dist'), mounts: { '/bench-idle/': WORK } });
const browser = await launchChromium();
const rows: Row[] = [];
try {
  await visit(browser, server, true); // a fresh browser's first visit runs heavier: not counted
  for (let i = 0; i < Number(values.pairs); i++) {
    for (const check of i % 2 === 0 ? [true, false] : [false, true]) {
      const row = await visit(browser, server, check);
      log(JSON.stringify(row));
      rows.push(row);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const of = (check: boolean, f: (r: Row) => number | null) => median(rows.filter((r) => r.check === check).map((r) => f(r) ?? Number.NaN));
  const summary = {
    peakMB: { on: of(true, (r) => r.rendererPeakMB), off: of(false, (r) => r.rendererPeakMB) },
    endMB: { on: of(true, (r) => r.rendererEndMB), off: of(false, (r) => r.rendererEndMB) },
    bytes: { on: of(true, (r) => r.bytes), off: of(false, (r) => r.bytes) },
    verdictAfterReadyMs: of(true, (r) => (r.verdictMs === null ? null : r.verdictMs - r.readyMs)),
  };
  log(`medians: ${JSON.stringify(summary)}`);
  writeResult('idle-check', {
    conditions: { ...visitConditions(browser, false), catalog: 'demo shop, 659 items, dist/demo/vectors', windowMs: WINDOW_MS },
    summary,
    rows,
  });
} finally {
  await browser.close();
  await server.close();
}
