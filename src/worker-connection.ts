/**
 * The page's end of the worker: starts the module worker, wraps it with comlink and notices when
 * it cannot run at all. A worker script that fails to load (404, an HTML page served in its place,
 * a CSP block) only fires an `error` event on the Worker; without this every call would hang
 * forever and the page would look as if it were still loading.
 */
import { type Remote, wrap } from 'comlink';
import { createError, ErrorCodes, type InpageRecError } from './errors.ts';
import type { EngineApi } from './worker/protocol.ts';

/** A running worker and the calls into it. */
export interface WorkerConnection {
  /** The engine in the worker. */
  readonly engine: Remote<EngineApi>;
  /** Runs a call, rejecting with the worker's failure if the worker dies before it answers. */
  call<T>(fn: (engine: Remote<EngineApi>) => Promise<T>): Promise<T>;
  /** Stops the worker. */
  terminate(): void;
}

/** Starts a module worker; a cross-origin script (e.g. a CDN) needs a same-origin blob shim. */
function spawnWorker(url: string): Worker {
  if (new URL(url).origin === globalThis.location?.origin) return new Worker(url, { type: 'module', name: 'inpage-rec' });
  const shim = URL.createObjectURL(new Blob([`import ${JSON.stringify(url)};`], { type: 'text/javascript' }));
  return new Worker(shim, { type: 'module', name: 'inpage-rec' });
}

/**
 * Connects to the worker at `url`. `onFailure` hears, once, a worker that could not start (code
 * `WORKER_FAILED`); `onError` hears errors thrown inside a running worker outside any call.
 */
export function connectWorker(url: string, onFailure: (e: InpageRecError) => void, onError: (message: string) => void): WorkerConnection {
  const worker = spawnWorker(url);
  const engine = wrap<EngineApi>(worker);
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
    failure = createError(
      ErrorCodes.WORKER_FAILED,
      `the worker ${url} could not be started: serve the library's files there (in a bundled app: \`npx inpage-rec assets public/inpage-rec\` and assetsBase: '/inpage-rec/'), with a JavaScript content type, and let a Content-Security-Policy allow it (worker-src)`,
    );
    fail(failure);
    onFailure(failure);
  });
  worker.addEventListener('messageerror', () => onError('a message from the worker could not be read'));
  return {
    engine,
    call: (fn) => (failure ? Promise.reject(failure) : Promise.race([fn(engine), dead])),
    terminate: () => worker.terminate(),
  };
}
