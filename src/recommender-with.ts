/**
 * A recommender over a registry of modes: checks the options, starts the worker, forwards calls
 * over comlink and re-emits the worker's events. `createRecommender` (recommender.ts) is this
 * with the built-in modes; a test fixture passes its own registry and an in-process worker.
 * Kept apart from recommender.ts so the published types never reach comlink's.
 */
import { proxy } from 'comlink';
import { defaultAssetsBase } from './assets-base.ts';
import { isDataCloneError, toCloneable } from './catalog/cloneable.ts';
import { createError, ErrorCodes, type InpageRecError } from './errors.ts';
import { type AnyMode, type ModeCalls, modeCalls } from './modes/index.ts';
import { type PageEvents, pageEvents } from './page-events.ts';
import { checkCatalogSource, checkOptions, engineConfig } from './recommender-options.ts';
import type { EngineStatus, Recommendation, RecommenderCore, RecommenderOptions } from './types/index.ts';
import { checkVectorsAtIdle } from './vectors-check-at-idle.ts';
import { installErrorTransfer } from './worker/error-transfer.ts';
import { connectWorker, type WorkerConnection } from './worker-connection.ts';
import { defaultWorkerTimeoutMs } from './worker-heartbeat.ts';
import { restartingConnection } from './worker-restart.ts';

function absolute(url: string | URL): string {
  return new URL(url, globalThis.location?.href).href;
}

/**
 * Sends a catalog with `send`; if structured clone refuses an item (a function, a DOM node...),
 * sends it again with those items replaced by markers the worker reports per item.
 */
async function withCloneableCatalog<T, C extends unknown[] | string | undefined>(
  catalog: C,
  send: (c: unknown[] | string | C) => Promise<T>,
): Promise<T> {
  try {
    return await send(catalog);
  } catch (err) {
    if (!Array.isArray(catalog) || !isDataCloneError(err)) throw err;
    return send(toCloneable(catalog));
  }
}

/** The status of a recommender whose worker could not start. */
function failedStatus(e: InpageRecError): EngineStatus {
  const error = { code: e.code, message: e.message };
  return { phase: 'failed', items: 0, indexed: 0, embedded: 0, fromCache: 0, encoderRuns: 0, modelKey: '', timings: {}, error };
}

/**
 * Starts a worker for `assetsBase` whose failures the page hears through `events`; `onDeath`
 * hears a started worker that died (worker-restart.ts starts another).
 */
export type ConnectWorker = (
  url: string,
  events: PageEvents,
  onDeath?: (e: InpageRecError) => void,
  timeoutMs?: number,
) => WorkerConnection;

const workerAt: ConnectWorker = (url, events, onDeath, timeoutMs) =>
  connectWorker(
    url,
    events.workerFailed,
    (message) => events.error({ code: ErrorCodes.WORKER_FAILED, message: `the worker reported: ${message}` }),
    onDeath,
    timeoutMs,
  );

/**
 * A recommender with one method per mode of `modes` (a test fixture's registry may add one),
 * talking to the worker `connect` starts (the module worker next to the library by default).
 */
export function recommenderWith<M extends readonly AnyMode[]>(
  modes: M,
  options: RecommenderOptions,
  connect: ConnectWorker = workerAt,
): RecommenderCore & ModeCalls<M> {
  checkOptions(options);
  const base = options.assetsBase ?? defaultAssetsBase();
  if (!base) throw createError(ErrorCodes.INVALID_OPTION, 'assetsBase is unknown: pass the URL of the folder holding models/ and ort/');
  const assetsBase = absolute(new URL('./', absolute(base)));
  const catalog = options.catalog === undefined || Array.isArray(options.catalog) ? options.catalog : absolute(options.catalog);
  const remote = options.remote === undefined ? undefined : absolute(options.remote);
  installErrorTransfer();
  const events = pageEvents();
  const url = new URL('inpage-rec.worker.js', assetsBase).href;
  const config = engineConfig(options, catalog, assetsBase, remote);
  // The catalog a restarted worker starts from: the latest one `update()` applied.
  const latest: { catalog: unknown[] | string | undefined } = { catalog };
  const worker = restartingConnection(
    (onDeath) => connect(url, events, onDeath, options.workerTimeoutMs ?? defaultWorkerTimeoutMs(config.batchSize)),
    (w) =>
      w.call((engine) =>
        withCloneableCatalog(latest.catalog, (c) =>
          engine.init(c === undefined ? config : { ...config, catalog: c }, proxy(events.fromEngine)),
        ),
      ),
    events,
  );
  const life = lifeOf(worker, events, worker.initialized);
  if (config.vectors !== undefined && options.checkVectorsAtIdle !== false) {
    void checkVectorsAtIdle(life.ready, () => life.alive(() => worker.call((e) => e.checkVectors())));
  }
  // Options cross to the worker by structured clone: a function or DOM node in them (say a filter
  // written as a callback) would surface as a bare DataCloneError; name the call and the rule instead.
  const runMode = (mode: AnyMode, args: unknown[]) =>
    life
      .alive(() => worker.call((e) => callOf(e, mode)(...args)))
      .catch((err: unknown) => {
        if (!isDataCloneError(err)) throw err;
        throw createError(
          ErrorCodes.INVALID_OPTION,
          `${mode.method}: arguments must be plain data (strings, numbers, arrays, objects); a function or a DOM node cannot reach the worker`,
        );
      });
  return Object.assign(coreOf(worker, events, life, latest), modeCalls(modes, runMode));
}

/** The worker's method of `mode`. */
function callOf(engine: unknown, mode: AnyMode): (...args: unknown[]) => Promise<Recommendation[]> {
  return (engine as Record<string, (...args: unknown[]) => Promise<Recommendation[]>>)[mode.method]!;
}

/** A recommender's life: `ready`, and the guard that refuses calls once it is destroyed. */
interface Life {
  ready: Promise<EngineStatus>;
  alive<T>(call: () => Promise<T>): Promise<T>;
  destroy(): Promise<void>;
}

function lifeOf(worker: WorkerConnection, events: PageEvents, initialized: Promise<EngineStatus>): Life {
  let destroyed = false;
  let markDestroyed!: () => void;
  const destroyedSignal = new Promise<void>((ok) => {
    markDestroyed = ok;
  });
  // `ready` settles in every case: with the engine's answer, its failure, or DESTROYED.
  const ready = new Promise<EngineStatus>((resolve, reject) => {
    initialized.then(resolve, (err: { code?: string; message?: string }) => {
      if (err?.code && err.message) events.error({ code: err.code, message: err.message });
      reject(err);
    });
    void destroyedSignal.then(() => reject(createError(ErrorCodes.DESTROYED, 'this recommender was destroyed before it was ready')));
  });
  ready.catch(() => undefined); // surfaced through `ready` and the `error` event; never unhandled
  return {
    ready,
    alive(call) {
      if (destroyed) return Promise.reject(createError(ErrorCodes.DESTROYED, 'this recommender was destroyed'));
      try {
        return call();
      } catch (err) {
        return Promise.reject(err);
      }
    },
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      markDestroyed();
      await Promise.race([worker.call((e) => e.destroy()).catch(() => undefined), new Promise((ok) => setTimeout(ok, 1000))]);
      worker.terminate();
    },
  };
}

/** Everything but the modes: events, history, catalog updates, status. */
function coreOf(
  worker: WorkerConnection,
  events: PageEvents,
  life: Life,
  latest: { catalog: unknown[] | string | undefined },
): RecommenderCore {
  const call = <T>(fn: (engine: WorkerConnection['engine']) => Promise<T>) => life.alive(() => worker.call(fn));
  return {
    ready: life.ready,
    on: events.on,
    prepareSearch: () => call((e) => e.prepareSearch()),
    track: (event) =>
      life.alive(async () => {
        await worker.call((e) => e.track(event));
        events.fire('history', { type: event.type, itemId: event.itemId });
      }),
    update: (c) =>
      life.alive(() => {
        checkCatalogSource(c, 'update');
        const next = Array.isArray(c) ? c : absolute(c);
        return worker.call(async (e) => {
          const result = await withCloneableCatalog(next, (x) => e.update(x));
          latest.catalog = next;
          return result;
        });
      }),
    forget: () =>
      life.alive(async () => {
        await worker.call((e) => e.forget());
        events.fire('history', { type: 'forget' });
      }),
    // Answers even when the worker never started: a failed status naming the failure.
    status: () => life.alive(() => (events.failure ? Promise.resolve(failedStatus(events.failure)) : worker.call((e) => e.status()))),
    destroy: () => life.destroy(),
  };
}
