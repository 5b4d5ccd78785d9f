/**
 * Runs a training generator in time slices, yielding to the event loop between them, so a worker
 * keeps handling messages (searches, edits) while an index trains.
 */
import { throwIfAborted } from '../errors.ts';
import type { TrainAsyncOptions } from './types.ts';

/** Resolves on the next macrotask: a MessageChannel message where available (no 4 ms timer clamp), else setTimeout. */
export function nextTask(): Promise<void> {
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Drives `steps` to its end, at most `sliceMs` of work between yields; aborts through `signal`. */
export async function runSliced(steps: Generator<void, void>, opts: TrainAsyncOptions = {}): Promise<void> {
  const sliceMs = opts.sliceMs ?? 10;
  let deadline = performance.now() + sliceMs;
  try {
    for (;;) {
      if (steps.next().done) return;
      if (performance.now() >= deadline) {
        await nextTask();
        throwIfAborted(opts.signal);
        deadline = performance.now() + sliceMs;
      }
    }
  } finally {
    // On abort or error, let the generator's own cleanup run (it detaches half-built lists).
    steps.return(undefined);
  }
}
