/** The module worker's entry: one engine, exposed to the page over comlink. */
import { expose } from 'comlink';
import { watchStalls } from '../network/stall-watch.ts';
import { installWholeBodyFetch, wholeBodyFetch } from '../network/xhr-fetch.ts';
import { LIFELINE_PREFIX } from '../worker-connection.ts';
import { startHeartbeat } from '../worker-heartbeat.ts';
import { defaultDeps } from './context.ts';
import { createEngine } from './engine.ts';
import { installErrorTransfer } from './error-transfer.ts';
import { warmIntl } from './warm-intl.ts';

installErrorTransfer();
// A beat a second from this event loop: a page that stops hearing it stops this worker (worker-heartbeat.ts).
startHeartbeat((message) => globalThis.postMessage(message));
// Held until this worker is gone, so the page learns at once when it dies (worker-connection.ts).
const lifeline = (globalThis as { name?: string }).name ?? '';
if (lifeline.startsWith(LIFELINE_PREFIX)) void globalThis.navigator.locks?.request(lifeline, () => new Promise<void>(() => undefined));
// Every request of this worker, onnxruntime-web's WASM fetch included, goes through the watchdog.
const network = watchStalls(globalThis.fetch.bind(globalThis));
globalThis.fetch = network.fetch as typeof fetch;
// The catalog by XMLHttpRequest: the same watchdog, a fraction of the memory (network/xhr-fetch.ts).
installWholeBodyFetch(wholeBodyFetch(network.fetch, () => network.stallMs));
expose(
  createEngine({
    ...defaultDeps,
    configure: (config) => {
      network.stallMs = config.stallTimeoutMs;
    },
  }),
);
warmIntl();
