/**
 * Runs one training of the learned space in a thread of its own (train-thread.ts), so the build's
 * two trainings use both cores. From source (tests, tools under tsx) the thread script is
 * TypeScript and tsx loads it; in the package it is `dist/cli-train-thread.js` beside `dist/cli.js`.
 */
import type { SpaceTraining } from '../learn/train-space.ts';
import { startThreadScript } from './thread-script.ts';
import type { TrainThreadMessage, TrainThreadSetup } from './train-thread.ts';

/** The thread script, bundled beside `dist/cli.js` or from source (thread-script.ts). */
const BUNDLED_THREAD = './cli-train-thread.js';
const SOURCE_THREAD = './train-thread.ts';

/**
 * `setup`'s training, in a new thread; `onStep(done, total)` hears its steps. Rejects with the
 * thread's error, or when it exits without a result. Put `setup.vectors` in a SharedArrayBuffer to
 * share rather than copy them between threads.
 */
export function trainInThread(setup: TrainThreadSetup, onStep?: (done: number, total: number) => void): Promise<SpaceTraining> {
  const worker = startThreadScript(BUNDLED_THREAD, SOURCE_THREAD, setup);
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
