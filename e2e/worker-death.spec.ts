/**
 * A worker that dies while running (issue 29, point 1), here by closing itself in the middle of a
 * call. Before, every call hung and the widget said "Warming up…" forever. Now the page notices
 * through the worker's lifeline lock: the call waiting on it rejects with WORKER_FAILED, an error
 * event says what happened, and a new worker starts once from this visit's IndexedDB and answers;
 * a second death is final.
 *
 * A worker that lives but never returns to its event loop is not dead, and its lock stays held: an
 * allocation loop of objects took the whole renderer down after ~1.4 min in Chromium 156 ("Target
 * crashed"), page and worker together. Its heartbeat stops instead, and the page stops it after
 * `workerTimeoutMs` (worker-heartbeat.ts), long before the renderer runs out of memory.
 */
import type { Page, Worker } from '@playwright/test';
import { expect, gotoApiPage, test } from './fixtures.ts';

type Rec = {
  ready: Promise<unknown>;
  status(): Promise<{ phase: string; items: number; fromCache: number; embedded: number; error?: { code: string } }>;
  similar(id: string, o: { k: number }): Promise<{ id: string }[]>;
  on(t: string, l: (e: { code: string; message: string }) => void): void;
  destroy(): Promise<void>;
};
type Win = { lib: { createRecommender(o: unknown): Rec }; rec: Rec; recErrors: { code: string; message: string }[] };

/** Starts a recommender on the 60-item catalog and waits until it is ready. */
async function start(page: Page, namespace: string, options: Record<string, unknown> = {}): Promise<void> {
  await page.evaluate(
    async ([ns, more]) => {
      const w = window as unknown as Win;
      w.recErrors = [];
      w.rec = w.lib.createRecommender({ catalog: '/e2e/catalog-small.json', namespace: ns, ...more });
      w.rec.on('error', (e) => w.recErrors.push({ code: e.code, message: e.message }));
      await w.rec.ready;
    },
    [namespace, options] as const,
  );
}

/**
 * As `start`, with the catalog's vectors already in IndexedDB: a first recommender embeds and
 * stores them and is destroyed, so this one starts without the model. Its start (a session made
 * in WASM) kept a worker silent for over 5 s on a loaded machine, which a 5 s limit takes for stuck.
 */
async function startStored(page: Page, namespace: string, options: Record<string, unknown>): Promise<void> {
  await start(page, namespace);
  const first = engineWorker(page);
  const gone = new Promise((ok) => first.once('close', ok));
  await page.evaluate(() => (window as unknown as Win).rec.destroy());
  await gone;
  await start(page, namespace, options);
}

function engineWorker(page: Page): Worker {
  const found = page.workers().filter((w) => w.url().endsWith('/inpage-rec.worker.js'));
  expect(found).toHaveLength(1);
  return found[0]!;
}

/**
 * Kills the engine's worker with `how` while a `status()` call waits on it: the worker is kept busy
 * for 300 ms first, so the call is queued and never answered by the dying worker. Returns how that
 * call settled and how long after the worker's end it did.
 */
async function killDuringCall(page: Page) {
  const worker = engineWorker(page);
  const kill = () => {
    const t = Date.now();
    while (Date.now() - t < 300);
    close();
  };
  void worker.evaluate(`setTimeout(${kill.toString()}, 0)`).catch(() => undefined);
  const closed = new Promise<number>((ok) => worker.once('close', () => ok(Date.now())));
  const outcome = await page.evaluate(async () => {
    await new Promise((ok) => setTimeout(ok, 100));
    try {
      await (window as unknown as Win).rec.status();
      return { settled: Date.now(), code: 'answered' };
    } catch (err) {
      return { settled: Date.now(), code: (err as { code?: string }).code };
    }
  });
  return { ...outcome, afterDeathMs: outcome.settled - (await closed) };
}

test('a worker that dies mid-call: the waiting call fails with WORKER_FAILED, a new worker answers from IndexedDB', async ({
  page,
  server,
}) => {
  await gotoApiPage(page, server.url);
  await start(page, 'death');
  const first = await killDuringCall(page);
  expect(first.code).toBe('WORKER_FAILED');
  // Noticed within a second of the worker's end (the browser's close event, seen from Node).
  expect(first.afterDeathMs).toBeLessThan(1000);
  const after = await page.evaluate(async () => {
    const w = window as unknown as Win;
    // The replacement starts at once; its first answers wait for its catalog.
    const similar = await w.rec.similar('nw-0001', { k: 4 });
    for (let i = 0; i < 300 && (await w.rec.status()).phase !== 'ready'; i++) await new Promise((ok) => setTimeout(ok, 100));
    return { similar: similar.map((r) => r.id), status: await w.rec.status(), errors: w.recErrors };
  });
  expect(after.similar).toHaveLength(4);
  // Every vector came back from this visit's IndexedDB: nothing was embedded again.
  expect(after.status).toMatchObject({ phase: 'ready', items: 60, fromCache: 60, embedded: 0 });
  expect(after.errors).toEqual([{ code: 'WORKER_FAILED', message: expect.stringContaining('the worker stopped while running') }]);
  expect(after.errors[0]!.message).toContain("a new worker is starting from this visit's stored vectors");

  // A second death is final: the recommender says it failed, and calls fail instead of hanging.
  const second = await killDuringCall(page);
  expect(second.code).toBe('WORKER_FAILED');
  const final = await page.evaluate(async () => {
    const w = window as unknown as Win;
    const similar = await w.rec.similar('nw-0001', { k: 4 }).then(
      () => 'answered',
      (e: { code?: string }) => e.code,
    );
    return { similar, status: await w.rec.status(), last: w.recErrors.at(-1) };
  });
  expect(final.similar).toBe('WORKER_FAILED');
  expect(final.status).toMatchObject({ phase: 'failed', error: { code: 'WORKER_FAILED' } });
  expect(final.last?.message).toContain('restarted once already');
});

/** The replacement's answer and status once ready, and the errors the page heard. */
async function afterRestart(page: Page) {
  return page.evaluate(async () => {
    const w = window as unknown as Win;
    const similar = await w.rec.similar('nw-0001', { k: 4 });
    for (let i = 0; i < 300 && (await w.rec.status()).phase !== 'ready'; i++) await new Promise((ok) => setTimeout(ok, 100));
    return { similar: similar.map((r) => r.id), status: await w.rec.status(), errors: w.recErrors };
  });
}

for (const [kind, loop] of [
  // Objects kept without end: V8's heap grows until the renderer dies (what this watch is for).
  ['allocating without end', 'const kept = []; for (;;) kept.push({ n: kept.length, s: String(kept.length) });'],
  ['in an endless loop', 'for (;;);'],
] as const) {
  test(`a worker stuck ${kind} is stopped after workerTimeoutMs; a new worker answers from IndexedDB`, async ({ page, server }) => {
    test.setTimeout(60_000);
    await gotoApiPage(page, server.url);
    await startStored(page, `stuck-${kind.length}`, { workerTimeoutMs: 5000 });
    const worker = engineWorker(page);
    const stuckAt = Date.now();
    await worker.evaluate(`setTimeout(() => { ${loop} }, 0)`);
    const closed = new Promise<number>((ok) => worker.once('close', () => ok(Date.now())));
    const call = await page.evaluate(async () => {
      await new Promise((ok) => setTimeout(ok, 100));
      try {
        await (window as unknown as Win).rec.status();
        return 'answered';
      } catch (err) {
        return (err as { code?: string }).code;
      }
    });
    // The waiting call fails at the limit: 5 s after the last beat (up to 1 s before the loop), on
    // the page's 1 s ticks; then the worker is gone. Later while the loop's garbage collection
    // slows the page's own ticks (a late tick counts as a beat): 9.9 s once on a loaded machine.
    expect(call).toBe('WORKER_FAILED');
    const stoppedAfter = (await closed) - stuckAt;
    console.log(`stuck ${kind}: the worker stopped ${stoppedAfter} ms after its loop began`);
    expect(stoppedAfter).toBeGreaterThanOrEqual(4000);
    expect(stoppedAfter).toBeLessThan(20_000);
    const after = await afterRestart(page);
    expect(after.similar).toHaveLength(4);
    expect(after.status).toMatchObject({ phase: 'ready', items: 60, fromCache: 60, embedded: 0 });
    expect(after.errors).toEqual([{ code: 'WORKER_FAILED', message: expect.stringContaining('did not answer for 5 s') }]);
    expect(after.errors[0]!.message).toContain("a new worker is starting from this visit's stored vectors");
  });
}

test('a healthy worker busy for seconds at a time is never taken for stuck', async ({ page, server }) => {
  test.setTimeout(60_000);
  await gotoApiPage(page, server.url);
  await startStored(page, 'busy', { workerTimeoutMs: 5000 });
  const worker = engineWorker(page);
  // Three stretches of 3 s without a beat, with the event loop free for a moment between them.
  const busy = () => {
    let left = 3;
    const stretch = () => {
      const t = Date.now();
      while (Date.now() - t < 3000);
      if (--left > 0) setTimeout(stretch, 50);
    };
    stretch();
  };
  void worker.evaluate(`setTimeout(${busy.toString()}, 0)`).catch(() => undefined);
  const after = await page.evaluate(async () => {
    const w = window as unknown as Win;
    await new Promise((ok) => setTimeout(ok, 11_000));
    return { similar: (await w.rec.similar('nw-0001', { k: 4 })).length, errors: w.recErrors };
  });
  expect(after).toEqual({ similar: 4, errors: [] });
  expect(page.workers().filter((w) => w.url().endsWith('/inpage-rec.worker.js'))).toHaveLength(1);
});
