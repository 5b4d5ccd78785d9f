/** The module worker's entry: one engine, exposed to the page over comlink. */
import { expose } from 'comlink';
import { watchStalls } from '../network/stall-watch.ts';
import { defaultDeps } from './context.ts';
import { createEngine } from './engine.ts';
import { installErrorTransfer } from './error-transfer.ts';

installErrorTransfer();
// Every request of this worker, onnxruntime-web's WASM fetch included, goes through the watchdog.
const network = watchStalls(globalThis.fetch.bind(globalThis));
globalThis.fetch = network.fetch as typeof fetch;
expose(
  createEngine({
    ...defaultDeps,
    configure: (config) => {
      network.stallMs = config.stallTimeoutMs;
    },
  }),
);
