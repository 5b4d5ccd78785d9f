/**
 * The build's encoder for the built-in model: onnxruntime-node and the tokenizer the page's
 * transformers.js uses (`@huggingface/tokenizers`, bundled into the CLI), in one worker thread per
 * core (embed-worker.ts says why), without transformers.js. So the build's runtime is one optional
 * peer, `onnxruntime-node` (onnxruntime.ts: 75 MB, no install script), instead of transformers.js
 * with onnxruntime-node, onnxruntime-web and sharp (474 MB, an install step that fails offline).
 *
 * The model the threads run is derived in memory from the shipped file: the q8 weights with int8
 * activations (int8-activations.ts) unless `int8Activations` is false, stamped opset 15
 * (opset-15.ts). Texts are capped, blank ones skipped and the rest sorted by length exactly as the
 * page's encoder does (text-input.ts `runOrder`), then handed out in small chunks to whichever
 * thread is free.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { EmbedOptions, Encoder } from '../encoder/encoder.ts';
import { modelFileFor } from '../encoder/model-file.ts';
import type { ModelSpec } from '../encoder/registry.ts';
import { runOrder } from '../encoder/text-input.ts';
import { createError, ErrorCodes, errorMessage, throwIfAborted } from '../errors.ts';
import type { EmbedReply, EmbedRequest, EmbedWorkerSetup } from './embed-worker.ts';
import { withInt8Activations } from './int8-activations.ts';
import { onnxRuntimeVersion } from './onnxruntime.ts';
import { withOpset15 } from './opset-15.ts';
import { startThreadScript } from './thread-script.ts';

/** Texts per request to a thread: small enough for a smooth progress bar and an even finish. */
const CHUNK = 16;
/** Threads at most: each holds a session (~60 MB); past a few cores the build is bound elsewhere. */
const MAX_THREADS = 8;
/** The thread script, bundled beside `dist/cli.js` or from source (thread-script.ts). */
const BUNDLED_WORKER = './cli-embed-worker.js';
const SOURCE_WORKER = './embed-worker.ts';

/** Options of {@link createNativeEncoder}. */
export interface NativeEncoderOptions {
  spec: ModelSpec;
  dtype: 'fp32' | 'q8';
  /** The model's folder: its tokenizer files and `onnx/`. */
  folder: string;
  /** q8 only: quantise activations too (the build's default; `--float-activations` turns it off). */
  int8Activations: boolean;
  /** Worker threads; default one per core, at most 8. */
  threads?: number;
}

/** The model bytes the threads run, and the session settings they need. */
function derivedModel(options: NativeEncoderOptions): { model: Uint8Array; sessionConfig: Record<string, string> } {
  const file = join(options.folder, modelFileFor(options.dtype));
  let model: Uint8Array = readFileSync(file);
  let int8 = false;
  try {
    if (options.dtype === 'q8' && options.int8Activations) {
      const rewritten = withInt8Activations(model);
      model = rewritten.bytes;
      int8 = rewritten.rewritten > 0;
    }
    model = withOpset15(model).bytes;
  } catch (err) {
    throw createError(ErrorCodes.MODEL_FAILED, `model file ${file} is not a readable ONNX model (${errorMessage(err)})`, err);
  }
  // Weight-only q8 left to onnxruntime's QDQ handling re-runs the dequantisation every run (node-env.ts).
  return { model, sessionConfig: options.dtype === 'q8' && !int8 ? { 'session.disable_quant_qdq': '1' } : {} };
}

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

/** Sends `texts` to `worker` and waits for their vectors; any thread failure becomes MODEL_FAILED. */
function request(worker: Worker, req: EmbedRequest): Promise<Extract<EmbedReply, { vectors: Float32Array }>> {
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
async function startThreads(setup: EmbedWorkerSetup, count: number): Promise<{ worker: Worker; dims: number }[]> {
  const started = await Promise.allSettled(Array.from({ length: count }, () => startThread(setup)));
  const threads = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(threads.map((t) => t.worker.terminate()));
    throw failed.reason;
  }
  return threads;
}

/** Numbers requests across every encoder's threads (a reply names the request it answers). */
let nextRequest = 0;

/** What an encoder's threads have done: texts run, and the time the threads spent (summed). */
interface ThreadStats {
  runs: number;
  timings: { tokenizeMs: number; inferenceMs: number; poolMs: number };
}

/**
 * `texts` embedded on `workers` (rows in input order; blank texts keep the zero row). Each thread
 * takes the next chunk when it is free, so a slow chunk never holds the others. One text per model
 * run whatever `opts.batchSize` says (embed-worker.ts: no padding, and a text's int8 rounding never
 * depends on its batch mates).
 */
async function embedOnThreads(
  workers: readonly Worker[],
  dims: number,
  maxChars: number,
  texts: readonly string[],
  opts: EmbedOptions,
  stats: ThreadStats,
): Promise<Float32Array> {
  const out = new Float32Array(texts.length * dims);
  const todo = runOrder(texts, maxChars);
  let done = texts.length - todo.length;
  opts.onProgress?.(done, texts.length);
  let next = 0;
  const drain = async (worker: Worker) => {
    while (next < todo.length) {
      throwIfAborted(opts.signal);
      const chunk = todo.slice(next, next + CHUNK);
      next += chunk.length;
      let reply: Awaited<ReturnType<typeof request>>;
      try {
        reply = await request(worker, { id: nextRequest++, texts: chunk.map((t) => t.text) });
      } catch (err) {
        next = todo.length; // the other threads stop after their current chunk
        throw err;
      }
      chunk.forEach((t, row) => {
        out.set(reply.vectors.subarray(row * dims, (row + 1) * dims), t.i * dims);
      });
      stats.runs += chunk.length;
      stats.timings.tokenizeMs += reply.tokenizeMs;
      stats.timings.inferenceMs += reply.inferenceMs;
      stats.timings.poolMs += reply.poolMs;
      done += chunk.length;
      opts.onProgress?.(done, texts.length);
    }
  };
  await Promise.all(workers.map(drain));
  return out;
}

/** Loads the built-in model in onnxruntime-node threads; throws MODEL_FAILED (with the install command when it is missing). */
export async function createNativeEncoder(options: NativeEncoderOptions): Promise<Encoder> {
  const version = onnxRuntimeVersion();
  const { spec, dtype } = options;
  const { model, sessionConfig } = derivedModel(options);
  const tokenizer = {
    json: readFileSync(join(options.folder, 'tokenizer.json'), 'utf8'),
    config: readFileSync(join(options.folder, 'tokenizer_config.json'), 'utf8'),
  };
  const setup: EmbedWorkerSetup = {
    model,
    tokenizer,
    spec: { pooling: spec.pooling, normalize: spec.normalize, maxTokens: spec.maxTokens, addSpecialTokens: spec.addSpecialTokens },
    sessionConfig,
  };
  const threads = await startThreads(setup, Math.max(1, Math.min(options.threads ?? availableParallelism(), MAX_THREADS)));
  const workers = threads.map((t) => t.worker);
  const dims = threads[0]!.dims;
  const stats: ThreadStats = { runs: 0, timings: { tokenizeMs: 0, inferenceMs: 0, poolMs: 0 } };
  return {
    spec,
    dims,
    dtype,
    backend: {
      device: 'cpu',
      threads: workers.length,
      reason: `Node: onnxruntime-node ${version}, ${workers.length} threads of one session each`,
    },
    get runs() {
      return stats.runs;
    },
    timings: stats.timings,
    embed: (texts, opts = {}) => embedOnThreads(workers, dims, spec.maxTokens * 16, texts, opts, stats),
    async dispose() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
