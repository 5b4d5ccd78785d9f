/**
 * One headless Chromium running the index bench worker (bench/browser/index-bench.worker.ts), with
 * the real vectors served beside the page. The latency, memory and IndexedDB sections share it:
 * preparing 200k vectors once is cheaper than once per section.
 */
import { basename, dirname, join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { BENCH_BUILD_DIR, ROOT } from '../test/paths.ts';
import { launchChromium } from '../tools/browser.ts';
import { type StaticServer, serve } from '../tools/serve.ts';
import type { BenchArgs, BenchCall, BenchCommand, BenchResult } from './browser/index-bench-protocol.ts';
import { attachWorkerHeap, type WorkerHeap } from './worker-heap.ts';

/** A running bench page: `call` sends one command to its worker, `heap` reads the worker's heap. */
export interface IndexSession {
  browser: Browser;
  /** URL of the vectors file as the worker fetches it. */
  vectorsUrl: string;
  call<C extends BenchCommand>(command: C, args: BenchArgs<C>): Promise<BenchResult<C>>;
  heap: WorkerHeap;
  close(): Promise<void>;
}

/** Sends one command to the page's worker (comlink, through `window.benchCall`); errors name it. */
async function callWorker<C extends BenchCommand>(page: Page, command: C, args: BenchArgs<C>): Promise<BenchResult<C>> {
  try {
    return (await page.evaluate(([c, a]) => (window as unknown as { benchCall: BenchCall }).benchCall(c, a as never), [
      command,
      args,
    ] as const)) as BenchResult<C>;
  } catch (err) {
    throw new Error(`bench worker ${command} failed: ${(err as Error)?.message ?? err}`);
  }
}

/**
 * Serves dist/ cross-origin isolated (so performance.now() in the worker is precise to 5 us rather
 * than 100 us) with the bench build at /bench/ and `vectorsFile`'s folder at /bench-data/, and
 * opens the bench page. Run bench/build.ts first.
 */
export async function openIndexSession(vectorsFile: string): Promise<IndexSession> {
  const server: StaticServer = await serve({
    root: join(ROOT, 'dist'),
    isolated: true,
    mounts: { '/bench/': BENCH_BUILD_DIR, '/bench-data/': dirname(vectorsFile) },
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}/bench/index-bench.html`);
    await page.waitForFunction(() => 'benchCall' in window);
    const heap = await attachWorkerHeapAfterStart(browser, page);
    return {
      browser,
      vectorsUrl: `${server.url}/bench-data/${basename(vectorsFile)}`,
      heap,
      call: (command, args) => callWorker(page, command, args),
      async close() {
        await heap.detach();
        await browser.close();
        await server.close();
      },
    };
  } catch (err) {
    await browser.close();
    await server.close();
    throw err;
  }
}

/** The worker script loads asynchronously; a no-op command proves it runs before CDP looks for it. */
async function attachWorkerHeapAfterStart(browser: Browser, page: Page): Promise<WorkerHeap> {
  await callWorker(page, 'drop', {});
  return attachWorkerHeap(browser, 'index-bench.worker');
}
