/**
 * Script of bench/encoder.html: `window.runEncoderBench(request)` runs one request in a fresh
 * encoder bench worker (comlink) and resolves to its answer, or to `{ ok: false, error }`: the Node
 * runner and the WebGPU e2e test read that shape.
 */
import { releaseProxy, wrap } from 'comlink';
import type { EncoderBenchAnswer, EncoderBenchApi, EncoderBenchRequest } from './encoder-bench.worker.ts';
import { workerFailure } from './worker-failure.ts';

/** The request minus what the page fills in: where the model and ORT files are served. */
type PageRequest = Omit<EncoderBenchRequest, 'modelBase' | 'wasmBase'>;
type PageAnswer = EncoderBenchAnswer | { ok: false; error: string };

// A variable, not a literal: Vite would otherwise try to bundle the worker into this script.
const WORKER = './encoder-bench.worker.js';

async function runEncoderBench(request: PageRequest): Promise<PageAnswer> {
  const worker = new Worker(new URL(WORKER, import.meta.url), { type: 'module' });
  const remote = wrap<EncoderBenchApi>(worker);
  try {
    const bases = { modelBase: new URL('/models/', location.href).href, wasmBase: new URL('/ort/', location.href).href };
    return await Promise.race([remote.run({ ...request, ...bases }), workerFailure(worker, 'encoder bench worker')]);
  } catch (err) {
    return { ok: false, error: String((err as Error)?.stack ?? err) };
  } finally {
    remote[releaseProxy]();
    worker.terminate();
  }
}

(window as unknown as { runEncoderBench: typeof runEncoderBench }).runEncoderBench = runEncoderBench;
