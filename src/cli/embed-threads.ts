/**
 * The build's embedding threads (embed-worker.ts), started and asked: a thread that cannot start,
 * fails a text or exits becomes a MODEL_FAILED error, never a build left waiting.
 */
import type { Worker } from 'node:worker_threads';
import { createError, ErrorCodes } from '../errors.ts';
import type { EmbedReply, EmbedRequest, EmbedWorkerSetup } from './embed-worker.ts';
import { startThreadScript } from './thread-script.ts';

/** The thread script, bundled beside `dist/cli.js` or from source (thread-script.ts). */
const BUNDLED_WORKER = './cli-embed-worker.js';
const SOURCE_WORKER = './embed-worker.ts';

/** Starts one thread; resolves with it and the model's dims once its session answered a first run. */
function startThread(setup: EmbedWorkerSetup): Promise<{ worker: Worker; dims: number }> {
  const worker = startThreadScript(BUNDLED_WORKER, SOURCE_WORKER, setup);
  return new Promise((resolve, reject) => {
    const onMessage = (m: { ready?: number; error?: string }) => {
      if (m.error !== undefined || !m.ready) fail(m.error ?? 'the model gave no vector');
      else {
        stop();
        resolve({ worker, dims: m.ready });
      }
    };
    const onError = (err: Error) => fail(err.message);
    // A thread that dies without a word (a native crash) must not leave the build waiting.
    const onExit = (code: number) => fail(`it exited (code ${code}) before its first vector`);
    const stop = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const fail = (message: string) => {
      stop();
      void worker.terminate();
      reject(createError(ErrorCodes.MODEL_FAILED, `the build's model thread could not start: ${message}`));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}

/** Numbers requests across every encoder's threads (a reply names the request it answers). */
let nextRequest = 0;

/** Sends `texts` to `worker` and waits for their vectors; any thread failure becomes MODEL_FAILED. */
export function request(worker: Worker, texts: string[]): Promise<Extract<EmbedReply, { vectors: Float32Array }>> {
  const req: EmbedRequest = { id: nextRequest++, texts };
  return new Promise((resolve, reject) => {
    const onMessage = (reply: EmbedReply) => {
      if (reply.id !== req.id) return;
      cleanup();
      if ('error' in reply) reject(createError(ErrorCodes.MODEL_FAILED, `the model failed on a text: ${reply.error}`));
      else resolve(reply);
    };
    const onError = (err: Error) => {
      cleanup();
      reject(createError(ErrorCodes.MODEL_FAILED, `a model thread failed: ${err.message}`, err));
    };
    const onExit = (code: number) => {
      cleanup();
      reject(createError(ErrorCodes.MODEL_FAILED, `a model thread exited (code ${code})`));
    };
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(req);
  });
}

/** Starts `count` threads; if one cannot start, stops the others and throws its error. */
export async function startThreads(setup: EmbedWorkerSetup, count: number): Promise<{ worker: Worker; dims: number }[]> {
  const started = await Promise.allSettled(Array.from({ length: count }, () => startThread(setup)));
  const threads = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(threads.map((t) => t.worker.terminate()));
    throw failed.reason;
  }
  return threads;
}
