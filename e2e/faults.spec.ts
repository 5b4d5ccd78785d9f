/**
 * The fault suite: each test injects one fault a hostile environment produces and checks that the
 * recommender degrades, tells the page (an event with a code) and never hangs. Pages load the ESM
 * build from /index.js through e2e/pages/api.html; faults inside the worker are injected by
 * rewriting the worker script on its way to the page.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { expect, gotoApiPage, test } from './fixtures.ts';

/** What a page-side run of the recommender reports back to the test. */
interface Run {
  ready?: Record<string, unknown>;
  readyError?: { code: string; message: string };
  status?: Record<string, unknown>;
  events: { type: string; code?: string; message?: string }[];
}

function apiPage(context: BrowserContext, base: string): Promise<Page> {
  return context.newPage().then((page) => gotoApiPage(page, base));
}

/** Creates a recommender in the page with `options` (catalog URLs are relative to the site). */
function run(page: Page, options: Record<string, unknown>, timeoutMs = 60_000): Promise<Run> {
  return page.evaluate(
    async ({ options, timeoutMs }) => {
      const lib = (window as unknown as { lib: { createRecommender(o: unknown): never } }).lib;
      const rec = lib.createRecommender(options) as {
        ready: Promise<Record<string, unknown>>;
        on(t: string, l: (e: Record<string, unknown>) => void): void;
        status(): Promise<Record<string, unknown>>;
      };
      (window as unknown as { rec: unknown }).rec = rec;
      const out: Run = { events: [] };
      for (const type of ['error', 'warning'])
        rec.on(type, (e) => out.events.push({ type, code: e.code as string, message: e.message as string }));
      try {
        out.ready = await Promise.race([
          rec.ready,
          new Promise<never>((_, no) => setTimeout(() => no(new Error('ready did not settle')), timeoutMs)),
        ]);
      } catch (err) {
        const e = err as { code?: string; message: string };
        out.readyError = { code: e.code ?? 'NONE', message: e.message };
      }
      out.status = await rec.status();
      return out;
    },
    { options, timeoutMs },
  );
}

/** Serves the worker with `prelude` run before any of its code. */
async function patchWorker(context: BrowserContext, prelude: string): Promise<void> {
  await context.route('**/inpage-rec.worker.js', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: `${prelude}\n${await response.text()}` });
  });
}

const SMALL = '/e2e/catalog-small.json';

test.describe('storage faults: the visit works in memory, with one warning', () => {
  test('IndexedDB missing in the worker (some private modes)', async ({ context, plainServer }) => {
    await patchWorker(context, "Object.defineProperty(globalThis, 'indexedDB', { value: undefined, configurable: true });");
    const r = await run(await apiPage(context, plainServer.url), { catalog: SMALL, namespace: 'no-idb' });
    expect(r.readyError).toBeUndefined();
    expect(r.ready).toMatchObject({ phase: 'ready', items: 60, indexed: 60, storage: 'memory' });
    expect(r.events.filter((e) => e.type === 'warning')).toEqual([
      expect.objectContaining({ code: 'STORAGE_FAILED', message: expect.stringContaining('IndexedDB is unavailable') }),
    ]);
  });

  test('indexedDB.open throws', async ({ context, plainServer }) => {
    await patchWorker(
      context,
      "IDBFactory.prototype.open = function () { throw new DOMException('The operation is insecure.', 'SecurityError'); };",
    );
    const r = await run(await apiPage(context, plainServer.url), { catalog: SMALL, namespace: 'open-throws' });
    expect(r.ready).toMatchObject({ phase: 'ready', indexed: 60, storage: 'memory' });
    expect(r.events.filter((e) => e.type === 'warning')).toHaveLength(1);
    expect(r.events.filter((e) => e.type === 'error')).toEqual([]);
  });

  test('the open request fails (a newer database version exists)', async ({ context, plainServer }) => {
    const page = await apiPage(context, plainServer.url);
    await page.evaluate(
      () =>
        new Promise<void>((ok, no) => {
          const req = indexedDB.open('inpage-rec:open-errors', 99);
          req.onsuccess = () => {
            req.result.close();
            ok();
          };
          req.onerror = () => no(req.error);
        }),
    );
    const r = await run(page, { catalog: SMALL, namespace: 'open-errors' });
    expect(r.ready).toMatchObject({ phase: 'ready', indexed: 60, storage: 'memory' });
    expect(r.events.filter((e) => e.type === 'warning')).toHaveLength(1);
  });

  test('a real 128 KiB quota (CDP): the visit works with every vector in memory, one warning; so does the next one', async ({
    context,
    plainServer,
  }) => {
    const page = await apiPage(context, plainServer.url);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: plainServer.url, quotaSize: 128 * 1024 });
    const r = await run(page, { catalog: SMALL, namespace: 'quota', batchSize: 8 });
    expect(r.ready).toMatchObject({ phase: 'ready', items: 60, indexed: 60, embedded: 60, storage: 'partial' });
    expect(r.events.filter((e) => e.type === 'warning')).toEqual([expect.objectContaining({ message: expect.stringContaining('quota') })]);
    expect(r.events.filter((e) => e.type === 'error')).toEqual([]);
    const again = await run(await apiPage(context, plainServer.url), { catalog: SMALL, namespace: 'quota', batchSize: 8 });
    expect(again.ready).toMatchObject({ phase: 'ready', indexed: 60 });
    const s = again.ready as { fromCache: number; embedded: number };
    expect(s.fromCache + s.embedded).toBe(60);
  });

  test('a quota hit after two batches: what was stored persists and the next visit resumes from it', async ({ context, plainServer }) => {
    // Vector chunks are written with put(); from the third such write on, the browser says the quota is exceeded.
    await patchWorker(
      context,
      `{ const put = IDBObjectStore.prototype.put; let writes = 0;
         IDBObjectStore.prototype.put = function (value, key) {
           if (this.name === 'vectors' && ++writes > 2) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
           return put.call(this, value, key);
         }; }`,
    );
    const r = await run(await apiPage(context, plainServer.url), { catalog: SMALL, namespace: 'quota-after-two', batchSize: 8 });
    expect(r.ready).toMatchObject({ phase: 'ready', indexed: 60, embedded: 60, storage: 'partial' });
    expect(r.events.filter((e) => e.type === 'warning')).toEqual([expect.objectContaining({ message: expect.stringContaining('quota') })]);
    await context.unroute('**/inpage-rec.worker.js');
    const again = await run(await apiPage(context, plainServer.url), { catalog: SMALL, namespace: 'quota-after-two', batchSize: 8 });
    expect(again.ready).toMatchObject({ phase: 'ready', indexed: 60, fromCache: 16, embedded: 44, storage: 'indexeddb' });
  });
});

test.describe('lifecycle and loud failures', () => {
  test('a missing worker file: an error event with a code within 10 s, ready rejects, status answers', async ({ context, plainServer }) => {
    const page = await apiPage(context, plainServer.url);
    const t0 = Date.now();
    const r = await run(page, { catalog: SMALL, namespace: 'no-worker', assetsBase: '/nowhere/' }, 10_000);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(r.readyError).toMatchObject({ code: 'WORKER_FAILED', message: expect.stringContaining('/nowhere/inpage-rec.worker.js') });
    expect(r.events).toContainEqual(expect.objectContaining({ type: 'error', code: 'WORKER_FAILED' }));
    expect(r.status).toMatchObject({ phase: 'failed', error: { code: 'WORKER_FAILED' } });
  });

  test('a catalog that answers 404 names the URL and the status', async ({ context, plainServer }) => {
    const r = await run(await apiPage(context, plainServer.url), { catalog: '/e2e/missing.json', namespace: 'c404' });
    expect(r.readyError?.code).toBe('CATALOG_UNREADABLE');
    expect(r.readyError?.message).toContain('404');
    expect(r.readyError?.message).toContain('/e2e/missing.json');
    expect(r.events).toContainEqual(expect.objectContaining({ type: 'error', code: 'CATALOG_UNREADABLE' }));
    expect(r.status).toMatchObject({ phase: 'failed' });
  });

  test('ready settles with DESTROYED after destroy(); later calls reject with DESTROYED', async ({ context, plainServer }) => {
    const page = await apiPage(context, plainServer.url);
    const out = await page.evaluate(async () => {
      const lib = (window as unknown as { lib: { createRecommender(o: unknown): never } }).lib;
      const rec = lib.createRecommender({ catalog: '/e2e/catalog-small.json', namespace: 'destroyed' }) as {
        ready: Promise<unknown>;
        destroy(): Promise<void>;
        similar(id: string): Promise<unknown>;
      };
      await rec.destroy();
      const ready = await rec.ready.then(
        () => 'resolved',
        (e: { code?: string }) => e.code,
      );
      const call = await rec.similar('nw-0001').then(
        () => 'resolved',
        (e: { code?: string }) => e.code,
      );
      return { ready, call };
    });
    expect(out).toEqual({ ready: 'DESTROYED', call: 'DESTROYED' });
  });

  test('one validation on every path: options, k while warming and when ready, update(null)', async ({ context, plainServer }) => {
    const page = await apiPage(context, plainServer.url);
    const out = await page.evaluate(async () => {
      const lib = (window as unknown as { lib: { createRecommender(o: unknown): never } }).lib;
      const codeOf = async (f: () => unknown) => {
        try {
          await f();
          return 'ok';
        } catch (e) {
          return `${(e as { code?: string }).code}: ${(e as Error).message}`;
        }
      };
      const unknownOption = await codeOf(() => lib.createRecommender({ catalog: '/e2e/catalog-small.json', indexKind: 'flat' }));
      const badDtype = await codeOf(() => lib.createRecommender({ catalog: '/e2e/catalog-small.json', dtype: 'int4' }));
      const rec = lib.createRecommender({ catalog: '/e2e/catalog-small.json', namespace: 'validation' }) as {
        ready: Promise<unknown>;
        similar(id: string, o?: unknown): Promise<unknown[]>;
        forYou(o?: unknown): Promise<unknown[]>;
        update(c: unknown): Promise<unknown>;
      };
      const warming = [
        await codeOf(() => rec.similar('nw-0001', { k: -1 })),
        await codeOf(() => rec.forYou({ k: 1e9 })),
        await codeOf(() => rec.forYou({ k: '5' })),
      ];
      await rec.ready;
      const ready = [await codeOf(() => rec.similar('nw-0001', { k: 2.5 })), await codeOf(() => rec.forYou({ k: 0 }))];
      const updateNull = await codeOf(() => rec.update(null));
      const callbackFilter = await codeOf(() => rec.similar('nw-0001', { filter: () => true }));
      const ok = (await rec.forYou({ k: 1000 })).length;
      return { unknownOption, badDtype, warming, ready, updateNull, callbackFilter, ok };
    });
    expect(out.unknownOption).toMatch(/^INVALID_OPTION: .*unknown option "indexKind"/);
    expect(out.badDtype).toMatch(/^INVALID_OPTION: .*"dtype"/);
    for (const m of [...out.warming, ...out.ready]) expect(m).toMatch(/^INVALID_OPTION: .*k must be an integer from 1 to 1000/);
    expect(out.updateNull).toMatch(/^INVALID_OPTION: update: the catalog must be an array of items or a URL/);
    expect(out.callbackFilter).toMatch(/^INVALID_OPTION: similar: arguments must be plain data/);
    expect(out.ok).toBe(60);
  });

  test('an item holding a function is rejected by itself with ITEM_NOT_CLONEABLE; the rest is kept', async ({ context, plainServer }) => {
    const page = await apiPage(context, plainServer.url);
    const report = await page.evaluate(async () => {
      const lib = (window as unknown as { lib: { createRecommender(o: unknown): never } }).lib;
      const items: Record<string, unknown>[] = await (await fetch('/e2e/catalog-small.json')).json();
      items[3] = { ...items[3], onClick: () => 1 };
      const rec = lib.createRecommender({ catalog: items.slice(0, 10), namespace: 'uncloneable' }) as {
        ready: Promise<{ report: unknown }>;
      };
      return (await rec.ready).report as { valid: number; skipped: number; problems: { code: string; id?: string }[] };
    });
    expect(report).toMatchObject({ valid: 9, skipped: 1 });
    expect(report.problems).toEqual([expect.objectContaining({ code: 'ITEM_NOT_CLONEABLE', id: 'nw-0004' })]);
  });

  test('status() lists the first 20 problems of a report and counts the rest; the report event has all', async ({
    context,
    plainServer,
  }) => {
    const page = await apiPage(context, plainServer.url);
    const out = await page.evaluate(async () => {
      const lib = (window as unknown as { lib: { createRecommender(o: unknown): never } }).lib;
      const items: Record<string, unknown>[] = await (await fetch('/e2e/catalog-small.json')).json();
      const faulty = items.slice(0, 30).map((item, i) => ({ ...item, price: `call us (${i})` }));
      type Report = { problems: { code: string; id?: string }[]; unlisted?: number };
      const rec = lib.createRecommender({ catalog: faulty, namespace: 'listed-report' }) as {
        ready: Promise<{ report: Report }>;
        status(): Promise<{ report: Report }>;
        on(type: 'report', listener: (report: Report) => void): void;
      };
      const heard: Report[] = [];
      rec.on('report', (report) => heard.push(report));
      const ready = (await rec.ready).report;
      const status = (await rec.status()).report;
      return { ready, status, heard };
    });
    expect(out.ready.problems).toHaveLength(20);
    expect(out.ready.unlisted).toBe(10);
    expect(out.status).toEqual(out.ready);
    expect(out.heard.at(-1)?.problems).toHaveLength(30);
    expect(out.heard.at(-1)?.problems.every((p) => p.code === 'ITEM_FIELD_TYPE')).toBe(true);
    expect(out.ready.problems).toEqual(out.heard.at(-1)?.problems.slice(0, 20));
  });
});

test.describe('many tabs', () => {
  test('two tabs on a fresh profile embed 200 items 200 times in total, and forget() in one reaches the other', async ({
    context,
    plainServer,
  }) => {
    const a = await apiPage(context, plainServer.url);
    const b = await apiPage(context, plainServer.url);
    const start = (page: Page) =>
      page.evaluate(async () => {
        const lib = (window as unknown as { lib: { createRecommender(o: unknown): never } }).lib;
        const items = ((await (await fetch('/demo/catalog.json')).json()) as unknown[]).slice(0, 200);
        const rec = lib.createRecommender({ catalog: items, namespace: 'two-tabs' }) as {
          ready: Promise<{ embedded: number; indexed: number }>;
        };
        (window as unknown as { rec: unknown }).rec = rec;
        const s = await rec.ready;
        return { embedded: s.embedded, indexed: s.indexed };
      });
    const [sa, sb] = await Promise.all([start(a), start(b)]);
    expect(sa.indexed).toBe(200);
    expect(sb.indexed).toBe(200);
    expect(sa.embedded + sb.embedded).toBe(200);

    const rec = (page: Page, js: string) => page.evaluate(js);
    await rec(a, "window.rec.track({ type: 'view', itemId: 'nw-0002' })");
    await expect.poll(() => rec(b, 'window.rec.forYou({ k: 3 }).then((r) => r[0]?.because?.id ?? null)')).toBe('nw-0002');
    await rec(a, 'window.rec.forget()');
    await expect.poll(() => rec(b, 'window.rec.forYou({ k: 3 }).then((r) => r.some((x) => x.because))')).toBe(false);
  });
});
