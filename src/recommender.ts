/**
 * `createRecommender`: the page-side API. It starts the worker, forwards calls over comlink and
 * re-emits the worker's events. The main thread only renders; all work happens in the worker.
 */
import { proxy, type Remote, wrap } from 'comlink';
import { createError, ErrorCodes } from './errors.ts';
import type { Recommender, RecommenderOptions } from './types.ts';
import { installErrorTransfer } from './worker/error-transfer.ts';
import type { EngineApi, EngineEvent } from './worker/protocol.ts';

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

/** Starts a module worker; a cross-origin script (e.g. a CDN) needs a same-origin blob shim. */
function spawnWorker(url: string): Worker {
  if (new URL(url).origin === globalThis.location?.origin) return new Worker(url, { type: 'module', name: 'inpage-rec' });
  const shim = URL.createObjectURL(new Blob([`import ${JSON.stringify(url)};`], { type: 'text/javascript' }));
  return new Worker(shim, { type: 'module', name: 'inpage-rec' });
}

/** Creates a recommender for one catalog. Call it in a browser page. */
export function createRecommender(options: RecommenderOptions): Recommender {
  if (!options || options.catalog === undefined)
    throw createError(ErrorCodes.INVALID_OPTION, 'createRecommender needs a `catalog` (items or a URL)');
  const base = options.assetsBase ?? defaultAssetsBase;
  if (!base) throw createError(ErrorCodes.INVALID_OPTION, 'assetsBase is unknown: pass the URL of the folder holding models/ and ort/');
  const assetsBase = absolute(new URL('./', absolute(base)));
  const catalog = Array.isArray(options.catalog) ? options.catalog : absolute(options.catalog);
  const namespace = options.namespace ?? (typeof catalog === 'string' ? new URL(catalog).pathname : 'default');
  installErrorTransfer();
  const worker = spawnWorker(new URL('inpage-rec.worker.js', assetsBase).href);
  const engine: Remote<EngineApi> = wrap<EngineApi>(worker);
  const listeners = new Map<string, Set<(e: never) => void>>();
  const fire = (type: string, payload: unknown) => {
    for (const l of listeners.get(type) ?? []) (l as (e: unknown) => void)(payload);
  };
  let destroyed = false;

  const onEvent = (e: EngineEvent) => {
    if (e.type === 'phase') fire('phase', { phase: e.phase, message: e.message });
    else if (e.type === 'progress') fire('progress', { done: e.done, total: e.total });
    else if (e.type === 'report') fire('report', e.report);
    else if (e.type === 'backend') fire('backend', e.backend);
    else if (e.type === 'refresh') fire('refresh', { reason: e.reason });
    else fire('error', { code: e.code, message: e.message });
  };
  const ready = engine.init(
    {
      catalog,
      namespace,
      model: options.model ?? 'use-lite-en',
      dtype: options.dtype ?? 'q8',
      device: options.device ?? 'auto',
      assetsBase,
      index: options.index ?? 'auto',
      textRule: options.textRule,
      batchSize: options.batchSize ?? 32,
      allowRemoteModels: Boolean(options.allowRemoteModels),
    },
    proxy(onEvent),
  );
  ready.catch(() => undefined); // surfaced through `ready` and the `error` event; never unhandled

  const alive = <T>(call: () => Promise<T>): Promise<T> => {
    if (destroyed) return Promise.reject(createError(ErrorCodes.DESTROYED, 'this recommender was destroyed'));
    return call();
  };

  return {
    ready,
    on(type, listener) {
      if (!listeners.has(type)) listeners.set(type, new Set());
      listeners.get(type)!.add(listener as (e: never) => void);
      return () => listeners.get(type)?.delete(listener as (e: never) => void);
    },
    similar: (itemId, o) => alive(() => engine.similar(itemId, o)),
    forYou: (o) => alive(() => engine.forYou(o)),
    search: (q, o) => alive(() => engine.search(q, o)),
    track: (e) =>
      alive(async () => {
        await engine.track(e);
        fire('history', { type: e.type, itemId: e.itemId });
      }),
    update: (c) => alive(() => engine.update(Array.isArray(c) ? c : absolute(c))),
    forget: () =>
      alive(async () => {
        await engine.forget();
        fire('history', { type: 'forget' });
      }),
    status: () => alive(() => engine.status()),
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      await engine.destroy().catch(() => undefined);
      worker.terminate();
    },
  };
}
