/**
 * Section "widgets": the main thread when a page adds 20 `<inpage-rec>` widgets at once (issue 29,
 * point 6: no task over 50 ms). The widget test page (e2e/pages/widget.html) runs the demo catalog
 * with its prebuilt vectors; 20 widgets (similar, complements and for-you over different items) are
 * appended in one task, as the page starts (widgets in its HTML) or once `ready`, and every
 * main-thread task over 50 ms (`PerformanceObserver('longtask')`) from then until all 20 list their
 * cards and a second has passed is recorded. Each round is a new browser context, cold as a
 * visitor's first page is (first `Intl` use, first render).
 *
 * `tsx bench/widgets.ts [rounds] [dist dir]` runs it alone and prints JSON; `npm run bench` includes it.
 */
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import { ROOT } from '../test/paths.ts';
import { launchChromium } from '../tools/browser.ts';
import { serve } from '../tools/serve.ts';
import { round } from './stats.ts';

/** When the widgets are added: as the page starts (widgets in its HTML), or once the recommender is ready. */
export type WidgetsWhen = 'page start' | 'after ready';

/** One round: the long tasks seen, and when the last widget listed its cards. */
export interface WidgetsRound {
  when: WidgetsWhen;
  longTasks: { startMs: number; durationMs: number }[];
  maxTaskMs: number;
  allRenderedMs: number;
}

/** What the section reports. */
export interface WidgetsReport {
  widgets: number;
  chromium: string;
  rounds: WidgetsRound[];
  /** The worst task over all rounds (0 when none passed 50 ms). */
  maxTaskMs: number;
  roundsWithLongTask: number;
  /**
   * Control, same browser: a blank page's first currency formatter, ms per fresh context. The cost
   * the worker's ICU warm-up (src/worker/warm-intl.ts) keeps off the page.
   */
  coldIntlMs: number[];
}

const WIDGETS = 20;
const MODES = ['similar', 'complements', 'similar', 'for-you'] as const;

/** Adds 20 widgets in one task and waits for all of them to list cards; long tasks after that are the section's subject. */
const ADD_WIDGETS = `async ({ count, modes }) => {
  const ids = (await (await fetch('/demo/catalog.json')).json()).map((i) => i.id);
  const tasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tasks.push({ startMs: e.startTime, durationMs: e.duration });
  }).observe({ type: 'longtask' });
  const t0 = performance.now();
  const slot = document.querySelector('#slot');
  for (let i = 0; i < count; i++) {
    const el = document.createElement('inpage-rec');
    el.setAttribute('mode', modes[i % modes.length]);
    el.setAttribute('item-id', ids[(i * 37) % ids.length]);
    el.setAttribute('k', '8');
    slot.append(el);
  }
  const all = () => [...slot.querySelectorAll('inpage-rec')].every((w) => w.shadowRoot?.querySelector('li.item'));
  while (!all()) await new Promise((r) => setTimeout(r, 5));
  const allRenderedMs = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 1000));
  return { allRenderedMs, longTasks: tasks.filter((t) => t.startMs >= t0).map((t) => ({ startMs: t.startMs - t0, durationMs: t.durationMs })) };
}`;

async function oneRound(browser: Browser, url: string, when: WidgetsWhen): Promise<WidgetsRound> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => 'inpageRec' in window);
    if (when === 'after ready')
      await page.evaluate(() => (window as unknown as { inpageRec: { ready: Promise<unknown> } }).inpageRec.ready);
    const got = await page.evaluate(`(${ADD_WIDGETS})(${JSON.stringify({ count: WIDGETS, modes: MODES })})`);
    const r = got as { allRenderedMs: number; longTasks: WidgetsRound['longTasks'] };
    const longTasks = r.longTasks.map((t) => ({ startMs: round(t.startMs, 1), durationMs: round(t.durationMs, 1) }));
    return { when, longTasks, maxTaskMs: Math.max(0, ...longTasks.map((t) => t.durationMs)), allRenderedMs: round(r.allRenderedMs, 1) };
  } finally {
    await context.close();
  }
}

/** A fresh context's blank page: how long its first `new Intl.NumberFormat` (currency) takes. */
async function coldIntl(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url);
    const ms = await page.evaluate(() => {
      const t0 = performance.now();
      new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD' }).format(6.5);
      return performance.now() - t0;
    });
    return round(ms, 1);
  } finally {
    await context.close();
  }
}

/** Runs `rounds` cold rounds against the built dist/ (demo catalog and vectors). */
export async function runWidgets(opts: { rounds: number; log: (line: string) => void; dist?: string }): Promise<WidgetsReport> {
  const server = await serve({ root: opts.dist ?? join(ROOT, 'dist'), mounts: { '/e2e/': join(ROOT, 'e2e', 'pages') } });
  const browser = await launchChromium();
  try {
    const url = `${server.url}/e2e/widget.html?catalog=/demo/catalog.json&vectors=/demo/vectors/manifest.json`;
    const rounds: WidgetsRound[] = [];
    const coldIntlMs: number[] = [];
    for (let i = 0; i < opts.rounds; i++) {
      for (const when of ['page start', 'after ready'] as const) {
        const r = await oneRound(browser, url, when);
        rounds.push(r);
        const tasks = r.longTasks.map((t) => `${t.durationMs} ms at +${t.startMs}`).join(', ') || 'none';
        opts.log(`  round ${i + 1}, ${when}: all ${WIDGETS} rendered at +${r.allRenderedMs} ms; tasks over 50 ms: ${tasks}`);
      }
      coldIntlMs.push(await coldIntl(browser, `${server.url}/e2e/model-blank.html`));
    }
    opts.log(`  control: a blank page's first currency formatter ${coldIntlMs.join(', ')} ms`);
    return {
      coldIntlMs,
      widgets: WIDGETS,
      chromium: browser.version(),
      rounds,
      maxTaskMs: Math.max(...rounds.map((r) => r.maxTaskMs)),
      roundsWithLongTask: rounds.filter((r) => r.longTasks.length > 0).length,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rounds = Number(process.argv[2] ?? 5);
  // A second argument: another build of the library (A/B of two builds on one machine).
  const report = await runWidgets({ rounds, log: (l) => console.error(l), dist: process.argv[3] });
  console.log(JSON.stringify(report, null, 2));
}
