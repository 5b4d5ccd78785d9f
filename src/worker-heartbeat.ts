/**
 * The worker's heartbeat, and the page's watch on it: a worker that stops answering is stopped.
 *
 * Why: a worker that dies is noticed through its lifeline lock (worker-connection.ts), but one that
 * never returns to its event loop is not dead. An endless loop, or one that allocates without end,
 * used to hang every call; the allocation loop then took the whole renderer down after ~1.4 min in
 * Chromium 156, page and worker together, with nothing the page could do once it started. Now the
 * worker posts a beat every second from its own event loop, and the page stops a worker it has not
 * heard for `workerTimeoutMs`, which then counts as a death: calls reject with `WORKER_FAILED` and
 * one new worker starts from IndexedDB.
 *
 * The default limit, 30 s or 250 ms per text of an embedding batch if more: the longest silences
 * of healthy visits measured here (docs/reliability.md) were 0.5 s at 100k items with prebuilt
 * vectors, 0.9 s with the CPU slowed 4x, and while embedding on that slowed CPU 4.1 s (the model's
 * start) and ~1.4 s per batch of 32 texts; one model run of 512 texts there took over 50 s. A page
 * that pauses the worker in a debugger sets 0 (no watch).
 *
 * What it must not take for silence: the page's own pauses (a frozen or hidden tab, a debugger on
 * the page, a long main-thread task) delay the page's timer as much as the worker's beats; such a
 * late tick, and every tick while the page is hidden, counts as a beat.
 */

/** How often the worker beats (ms). */
export const HEARTBEAT_MS = 1000;

/** How long the page waits for a beat when the options do not say (ms), for batches up to 120 texts. */
export const DEFAULT_WORKER_TIMEOUT_MS = 30_000;

/** Per text of a model run: one run blocks the worker's event loop (~140 ms a text on a slowed CPU). */
const TIMEOUT_PER_BATCH_TEXT_MS = 250;

/** The default limit for a page embedding `batchSize` texts per model run (see the file comment). */
export function defaultWorkerTimeoutMs(batchSize: number): number {
  return Math.max(DEFAULT_WORKER_TIMEOUT_MS, batchSize * TIMEOUT_PER_BATCH_TEXT_MS);
}

/** The one key of a beat message; comlink ignores messages without its own `id`. */
export const HEARTBEAT_KEY = 'inpageRecHeartbeat';

/** A page tick this much later than due means the page itself was paused. */
const LATE_TICK_MS = 3 * HEARTBEAT_MS;

/** Starts the worker's beat through `post` (the worker's own `postMessage`). */
export function startHeartbeat(post: (message: unknown) => void): void {
  setInterval(() => post({ [HEARTBEAT_KEY]: true }), HEARTBEAT_MS);
}

/** Whether a message from the worker is a beat. */
export function isHeartbeat(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as Record<string, unknown>)[HEARTBEAT_KEY] === true;
}

/** What the watch reads of its world: a clock, whether the page is hidden, and timers. */
export interface HeartbeatClock {
  now(): number;
  hidden(): boolean;
  every(ms: number, tick: () => void): () => void;
}

const pageClock: HeartbeatClock = {
  now: () => performance.now(),
  hidden: () => globalThis.document?.visibilityState === 'hidden',
  every: (ms, tick) => {
    const timer = setInterval(tick, ms);
    return () => clearInterval(timer);
  },
};

/**
 * Watches `worker`'s beats; calls `onSilent(ms)` once when none came for `limitMs` while the page
 * itself ran. Returns the function that stops the watch. `limitMs` 0: no watch.
 */
export function watchHeartbeat(
  worker: Pick<Worker, 'addEventListener' | 'removeEventListener'>,
  limitMs: number,
  onSilent: (silentMs: number) => void,
  clock: HeartbeatClock = pageClock,
): () => void {
  if (limitMs <= 0) return () => undefined;
  let lastBeat = clock.now();
  let lastTick = lastBeat;
  const onMessage = (event: Event) => {
    if (isHeartbeat((event as MessageEvent).data)) lastBeat = clock.now();
  };
  worker.addEventListener('message', onMessage);
  const stopTimer = clock.every(HEARTBEAT_MS, () => {
    const now = clock.now();
    if (now - lastTick > LATE_TICK_MS || clock.hidden()) lastBeat = Math.max(lastBeat, now);
    lastTick = now;
    if (now - lastBeat < limitMs) return;
    stop();
    onSilent(now - lastBeat);
  });
  const stop = () => {
    stopTimer();
    worker.removeEventListener('message', onMessage);
  };
  return stop;
}
