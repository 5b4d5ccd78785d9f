/**
 * The page's end of the worker: starts the module worker, wraps it with comlink and notices when
 * it cannot run at all. A worker script that fails to load (404, an HTML page served in its place,
 * a CSP block) only fires an `error` event on the Worker; without this every call would hang
 * forever and the page would look as if it were still loading.
 *
 * A worker that dies later (it crashed, ran out of memory, or closed itself) fires nothing at all.
 * Each worker therefore holds a Web Lock named after it for its whole life (worker.ts); the page
 * queues for the same lock, which the browser grants the moment the worker's context is gone: no
 * heartbeat for that, so a worker busy in a long embedding batch is never taken for dead. A worker
 * that lives but never returns to its event loop (an endless loop, or one allocating without end)
 * is caught by its heartbeat instead (worker-heartbeat.ts): silent for `timeoutMs`, it is stopped
 * and counts as dead. Pages without Web Locks (insecure origins) notice a dead worker that way too.
 */
import { type Remote, wrap } from 'comlink';
import { createError, ErrorCodes, type InpageRecError } from './errors.ts';
import type { EngineApi } from './worker/protocol.ts';
import { DEFAULT_WORKER_TIMEOUT_MS, watchHeartbeat } from './worker-heartbeat.ts';

/** A running worker and the calls into it. */
export interface WorkerConnection {
  /** The engine in the worker. */
  readonly engine: Remote<EngineApi>;
  /** Runs a call, rejecting with the worker's failure if the worker dies before it answers. */
  call<T>(fn: (engine: Remote<EngineApi>) => Promise<T>): Promise<T>;
  /** Stops the worker. */
  terminate(): void;
}

/** The prefix of a worker's name, which is also the name of the lock it holds while it lives. */
export const LIFELINE_PREFIX = 'inpage-rec#';

/** Starts a module worker; a cross-origin script (e.g. a CDN) needs a same-origin blob shim. */
function spawnWorker(url: string, name: string): Worker {
  if (new URL(url).origin === globalThis.location?.origin) return new Worker(url, { type: 'module', name });
  const shim = URL.createObjectURL(new Blob([`import ${JSON.stringify(url)};`], { type: 'text/javascript' }));
  return new Worker(shim, { type: 'module', name });
}

/**
 * Resolves when the worker holding the lock `name` is gone. Waits first until it holds the lock
 * (it asks for it as it starts), so the page never takes a lock the worker has not reached yet;
 * never resolves while `stopped()` or without Web Locks.
 */
async function whenGone(name: string, stopped: () => boolean): Promise<void> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks) return new Promise(() => undefined);
  for (;;) {
    if (stopped()) return new Promise(() => undefined);
    const { held = [] } = await locks.query();
    if (held.some((lock) => lock.name === name)) break;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  await locks.request(name, () => undefined);
}

/**
 * Connects to the worker at `url`. `onFailure` hears, once, a worker that could not start (code
 * `WORKER_FAILED`); `onError` hears errors thrown inside a running worker outside any call;
 * `onDeath` hears, once, a started worker that died (`WORKER_FAILED`), after which every pending
 * and later call rejects with that error. A worker silent for `timeoutMs` (0: never) is stopped
 * and counts as dead.
 */
export function connectWorker(
  url: string,
  onFailure: (e: InpageRecError) => void,
  onError: (message: string) => void,
  onDeath?: (e: InpageRecError) => void,
  timeoutMs = DEFAULT_WORKER_TIMEOUT_MS,
): WorkerConnection {
  const name = `${LIFELINE_PREFIX}${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  const worker = spawnWorker(url, name);
  const engine = wrap<EngineApi>(worker);
  let terminated = false;
  let failure: InpageRecError | undefined;
  let fail!: (e: InpageRecError) => void;
  const dead = new Promise<never>((_, reject) => {
    fail = reject;
  });
  dead.catch(() => undefined);
  worker.addEventListener('error', (event) => {
    // A script error inside a running worker is an ErrorEvent with a message; a script that could
    // not be fetched or evaluated at all fires a plain Event.
    if (event instanceof ErrorEvent && event.message) {
      event.preventDefault();
      onError(event.message);
      return;
    }
    if (failure) return;
    stopWatch();
    failure = createError(
      ErrorCodes.WORKER_FAILED,
      `the worker ${url} could not be started: serve the library's files there (in a bundled app: \`npx inpage-rec assets public/inpage-rec\` and assetsBase: '/inpage-rec/'), with a JavaScript content type, and let a Content-Security-Policy allow it (worker-src)`,
    );
    fail(failure);
    onFailure(failure);
  });
  worker.addEventListener('messageerror', () => onError('a message from the worker could not be read'));
  const died = (message: string) => {
    if (terminated || failure) return;
    stopWatch();
    failure = createError(ErrorCodes.WORKER_FAILED, message);
    fail(failure);
    onDeath?.(failure);
  };
  const stopWatch = watchHeartbeat(worker, timeoutMs, () => {
    died(
      `the worker did not answer for ${timeoutMs / 1000} s (workerTimeoutMs: an endless loop, or running out of memory) and was stopped; its pending calls failed`,
    );
    worker.terminate();
  });
  void whenGone(name, () => terminated || failure !== undefined).then(() =>
    died('the worker stopped while running (it crashed, ran out of memory or was closed); its pending calls failed'),
  );
  return {
    engine,
    call: (fn) => (failure ? Promise.reject(failure) : Promise.race([fn(engine), dead])),
    terminate: () => {
      terminated = true;
      stopWatch();
      worker.terminate();
    },
  };
}
