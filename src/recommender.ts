/**
 * `createRecommender`: the page-side API. It checks the options, starts the worker, forwards calls
 * over comlink and re-emits the worker's events. The main thread only renders; all work happens in
 * the worker.
 */
import { proxy } from 'comlink';
import { isDataCloneError, toCloneable } from './catalog/cloneable.ts';
import { createError, ErrorCodes, type InpageRecError } from './errors.ts';
import { checkCatalogSource, checkOptions, engineConfig } from './recommender-options.ts';
import type { EngineStatus, Recommender, RecommenderEvents, RecommenderOptions } from './types.ts';
import { installErrorTransfer } from './worker/error-transfer.ts';
import type { EngineEvent } from './worker/protocol.ts';
import { connectWorker } from './worker-connection.ts';

let defaultAssetsBase: string | undefined;

/**
 * Set by each entry point (ESM or script tag) to its own URL: assets live in the same folder.
 * (Entry points pass `import.meta.url` as is: bundlers rewrite `new URL('./', import.meta.url)`.)
 */
export function setDefaultAssetsBase(moduleUrl: string): void {
  defaultAssetsBase ??= new URL('./', moduleUrl).href;
}

function absolute(url: string | URL): string {
  return new URL(url, globalThis.location?.href).href;
}

/**
 * Sends a catalog with `send`; if structured clone refuses an item (a function, a DOM node...),
 * sends it again with those items replaced by markers the worker reports per item.
 */
async function withCloneableCatalog<T>(catalog: unknown[] | string, send: (c: unknown[] | string) => Promise<T>): Promise<T> {
  try {
    return await send(catalog);
  } catch (err) {
    if (!Array.isArray(catalog) || !isDataCloneError(err)) throw err;
    return send(toCloneable(catalog));
  }
}

/** The status of a recommender whose worker could not start. */
function failedStatus(e: InpageRecError): EngineStatus {
  return {
    phase: 'failed',
    items: 0,
    indexed: 0,
    embedded: 0,
    fromCache: 0,
    encoderRuns: 0,
    modelKey: '',
    timings: {},
    error: { code: e.code, message: e.message },
  };
}

/** Creates a recommender for one catalog. Call it in a browser page. */
export function createRecommender(options: RecommenderOptions): Recommender {
  checkOptions(options);
  const base = options.assetsBase ?? defaultAssetsBase;
  if (!base) throw createError(ErrorCodes.INVALID_OPTION, 'assetsBase is unknown: pass the URL of the folder holding models/ and ort/');
  const assetsBase = absolute(new URL('./', absolute(base)));
  const catalog = Array.isArray(options.catalog) ? options.catalog : absolute(options.catalog);
  installErrorTransfer();

  const listeners = new Map<string, Set<(e: never) => void>>();
  const fire = <K extends keyof RecommenderEvents>(type: K, payload: RecommenderEvents[K]) => {
    for (const l of listeners.get(type) ?? []) (l as (e: RecommenderEvents[K]) => void)(payload);
  };
  let workerFailure: InpageRecError | undefined;
  // The engine reports a failure as an event AND by rejecting the call; the two travel on
  // different message ports, so either may arrive first. The page hears it once, as an event,
  // before `ready` rejects: the same error twice in a row is one report.
  let lastError = '';
  const fireError = (e: { code: string; message: string }) => {
    const key = `${e.code}|${e.message}`;
    if (key === lastError) return;
    lastError = key;
    // A page that listens shows it; one that does not must still not look like it works.
    if (!listeners.get('error')?.size) console.error(`inpage-rec ${e.code}: ${e.message}`);
    fire('error', { code: e.code, message: e.message });
  };
  const failed = (e: InpageRecError) => {
    workerFailure = e;
    fire('phase', { phase: 'failed', message: e.message });
    fireError(e);
  };
  const worker = connectWorker(new URL('inpage-rec.worker.js', assetsBase).href, failed, (message) =>
    fireError({ code: ErrorCodes.WORKER_FAILED, message: `the worker reported: ${message}` }),
  );
  let destroyed = false;
  let markDestroyed!: () => void;
  const destroyedSignal = new Promise<void>((ok) => {
    markDestroyed = ok;
  });

  const onEvent = (e: EngineEvent) => {
    if (e.type === 'phase') fire('phase', { phase: e.phase, message: e.message });
    else if (e.type === 'progress') fire('progress', { done: e.done, total: e.total, ...(e.unit ? { unit: e.unit } : {}) });
    else if (e.type === 'report') fire('report', e.report);
    else if (e.type === 'backend') fire('backend', e.backend);
    else if (e.type === 'refresh') fire('refresh', { reason: e.reason });
    else if (e.type === 'warning') fire('warning', { code: e.code, message: e.message });
    else if (e.type === 'history') fire('history', e.change);
    else fireError(e);
  };
  const config = engineConfig(options, catalog, assetsBase);
  const initialized = worker.call((engine) => withCloneableCatalog(catalog, (c) => engine.init({ ...config, catalog: c }, proxy(onEvent))));
  // `ready` settles in every case: with the engine's answer, its failure, or DESTROYED.
  const ready = new Promise<EngineStatus>((resolve, reject) => {
    initialized.then(resolve, (err: { code?: string; message?: string }) => {
      if (err?.code && err.message) fireError({ code: err.code, message: err.message });
      reject(err);
    });
    void destroyedSignal.then(() => reject(createError(ErrorCodes.DESTROYED, 'this recommender was destroyed before it was ready')));
  });
  ready.catch(() => undefined); // surfaced through `ready` and the `error` event; never unhandled

  const alive = <T>(call: () => Promise<T>): Promise<T> => {
    if (destroyed) return Promise.reject(createError(ErrorCodes.DESTROYED, 'this recommender was destroyed'));
    try {
      return call();
    } catch (err) {
      return Promise.reject(err);
    }
  };

  // Options cross to the worker by structured clone: a function or DOM node in them (say a filter
  // written as a callback) would surface as a bare DataCloneError; name the call and the rule instead.
  const plain = <T>(method: string, call: () => Promise<T>): Promise<T> =>
    alive(call).catch((err: unknown) => {
      if (!isDataCloneError(err)) throw err;
      throw createError(
        ErrorCodes.INVALID_OPTION,
        `${method}: arguments must be plain data (strings, numbers, arrays, objects); a function or a DOM node cannot reach the worker`,
      );
    });

  return {
    ready,
    on(type, listener) {
      if (!listeners.has(type)) listeners.set(type, new Set());
      listeners.get(type)!.add(listener as (e: never) => void);
      return () => listeners.get(type)?.delete(listener as (e: never) => void);
    },
    similar: (itemId, o) => plain('similar', () => worker.call((e) => e.similar(itemId, o))),
    complements: (itemId, o) => plain('complements', () => worker.call((e) => e.complements(itemId, o))),
    forYou: (o) => plain('forYou', () => worker.call((e) => e.forYou(o))),
    search: (q, o) => plain('search', () => worker.call((e) => e.search(q, o))),
    prepareSearch: () => alive(() => worker.call((e) => e.prepareSearch())),
    track: (event) =>
      alive(async () => {
        await worker.call((e) => e.track(event));
        fire('history', { type: event.type, itemId: event.itemId });
      }),
    update: (c) =>
      alive(() => {
        checkCatalogSource(c, 'update');
        const next = Array.isArray(c) ? c : absolute(c);
        return worker.call((e) => withCloneableCatalog(next, (x) => e.update(x)));
      }),
    forget: () =>
      alive(async () => {
        await worker.call((e) => e.forget());
        fire('history', { type: 'forget' });
      }),
    // Answers even when the worker never started: a failed status naming the failure.
    status: () => alive(() => (workerFailure ? Promise.resolve(failedStatus(workerFailure)) : worker.call((e) => e.status()))),
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      markDestroyed();
      await Promise.race([worker.call((e) => e.destroy()).catch(() => undefined), new Promise((ok) => setTimeout(ok, 1000))]);
      worker.terminate();
    },
  };
}
