/**
 * A worker connection that survives one death. When the running worker dies (worker-connection.ts
 * notices within a second through its lifeline lock) or is stopped for going silent (its
 * heartbeat, worker-heartbeat.ts), its pending calls reject with
 * `WORKER_FAILED`, the page hears an `error` event saying so, and a new worker starts with the same
 * configuration. It reads this visit's vectors back from IndexedDB, so it is ready in about the
 * time of a return visit, and its `ready` phase tells the widgets to load again. A second death is
 * final: the recommender reports itself failed, as a worker that could not start does. Once, not
 * forever: a worker that dies on every start (say, out of memory on this catalog) must not loop.
 */
import { createError, type InpageRecError } from './errors.ts';
import type { PageEvents } from './page-events.ts';
import type { WorkerConnection } from './worker-connection.ts';

/** A connection that restarts once, and the outcome of the latest worker's `init`. */
export interface RestartingConnection<T> extends WorkerConnection {
  /** Settles with the first worker's init, or, if it died first, with its replacement's. */
  readonly initialized: Promise<T>;
}

/**
 * Opens a worker with `open` and runs `init` on it; on its death, opens and inits one more.
 * `open` gets the death callback to pass to `connectWorker`.
 */
export function restartingConnection<T>(
  open: (onDeath: (e: InpageRecError) => void) => WorkerConnection,
  init: (worker: WorkerConnection) => Promise<T>,
  events: PageEvents,
): RestartingConnection<T> {
  let restarted = false;
  let current: WorkerConnection;
  let latestInit: Promise<T>;
  const onDeath = (e: InpageRecError) => {
    if (restarted) {
      events.workerFailed(createError(e.code, `${e.message}; it was restarted once already, so the recommender stops`, e));
      return;
    }
    restarted = true;
    events.error({ code: e.code, message: `${e.message}; a new worker is starting from this visit's stored vectors` });
    current = open(onDeath);
    latestInit = init(current);
    // Its failure reaches the page as the new engine's own error event (and `initialized` below).
    latestInit.catch(() => undefined);
  };
  current = open(onDeath);
  latestInit = init(current);
  // Runs synchronously from the dying connection before its pending calls reject, so a rejected
  // init whose worker was replaced is followed by the replacement's.
  const initialized = (async () => {
    for (;;) {
      const mine = latestInit;
      try {
        return await mine;
      } catch (err) {
        if (mine === latestInit) throw err;
      }
    }
  })();
  return {
    initialized,
    get engine() {
      return current.engine;
    },
    call: (fn) => current.call(fn),
    terminate: () => current.terminate(),
  };
}
