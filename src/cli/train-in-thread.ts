/**
 * Runs one training of the learned space in a thread of its own (train-thread.ts), so the build's
 * two trainings use both cores. From source (tests, tools under tsx) the thread script is
 * TypeScript and tsx loads it; in the package it is `dist/cli-train-thread.js` beside `dist/cli.js`.
 */
import { Worker } from 'node:worker_threads';
import type { SpaceTraining } from '../learn/train-space.ts';
import type { TrainThreadMessage, TrainThreadSetup } from './train-thread.ts';

/** The bundled CLI's thread script, beside `dist/cli.js` (a variable, so the bundler leaves the URL alone). */
const BUNDLED_THREAD = './cli-train-thread.js';
const SOURCE_THREAD = './train-thread.ts';

/**
 * `setup`'s training, in a new thread; `onStep(done, total)` hears its steps. Rejects with the
 * thread's error, or when it exits without a result. Put `setup.vectors` in a SharedArrayBuffer to
 * share rather than copy them between threads.
 */
export function trainInThread(setup: TrainThreadSetup, onStep?: (done: number, total: number) => void): Promise<SpaceTraining> {
  const here = import.meta.url;
  const worker = here.endsWith('.ts')
    ? new Worker(
        `import('tsx/esm/api').then((api) => api.tsImport(${JSON.stringify(new URL(SOURCE_THREAD, here).href)}, ${JSON.stringify(here)}))`,
        { eval: true, workerData: setup },
      )
    : new Worker(new URL(BUNDLED_THREAD, here), { workerData: setup });
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (err: Error | undefined, result?: SpaceTraining) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if (err) reject(err);
      else resolve(result!);
    };
    worker.on('message', (m: TrainThreadMessage) => {
      if ('step' in m) onStep?.(m.step[0], m.step[1]);
      else if ('result' in m) finish(undefined, m.result);
      else finish(new Error(`training the learned space failed: ${m.error}`));
    });
    worker.on('error', (err: Error) => finish(new Error(`training the learned space failed: ${err.message}`)));
    worker.on('exit', (code) => finish(new Error(`the learned space's training thread exited (code ${code}) without a result`)));
  });
}
