/**
 * The build's encoder for the built-in model: onnxruntime-node and the tokenizer the page's
 * transformers.js uses (`@huggingface/tokenizers`, bundled into the CLI), in one worker thread per
 * core (embed-worker.ts says why), without transformers.js. So the build's runtime is one optional
 * peer, `onnxruntime-node` (onnxruntime.ts: 75 MB, no install script), instead of transformers.js
 * with onnxruntime-node, onnxruntime-web and sharp (474 MB, an install step that fails offline).
 *
 * The model the threads run is derived in memory from the shipped file: the q8 weights with int8
 * activations (int8-activations.ts) unless `int8Activations` is false, stamped opset 15
 * (opset-15.ts). Int8 weights run as they are where this CPU's int8 kernel is exact, else as
 * uint8 (`chooseWeights`). Texts are capped, blank ones skipped and the rest sorted by length exactly as the
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
import { cosine } from '../vector-index/cosine.ts';
import { request, startThreads } from './embed-threads.ts';
import type { EmbedWorkerSetup } from './embed-worker.ts';
import { withInt8Activations } from './int8-activations.ts';
import { onnxRuntimeVersion } from './onnxruntime.ts';
import { withOpset15 } from './opset-15.ts';

/** Texts per request to a thread: small enough for a smooth progress bar and an even finish. */
const CHUNK = 16;
/** Threads at most: each holds a session (~60 MB); past a few cores the build is bound elsewhere. */
const MAX_THREADS = 8;

/** Options of {@link createNativeEncoder}. */
export interface NativeEncoderOptions {
  spec: ModelSpec;
  dtype: 'fp32' | 'q8';
  /** The model's folder: its tokenizer files and `onnx/`. */
  folder: string;
  /** q8 only: quantise activations too (the build's default; `--float-activations` turns it off). */
  int8Activations: boolean;
  /** With int8 activations: the weights as uint8, or int8; unset: chosen on this CPU (`chooseWeights`). */
  unsignedWeights?: boolean;
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
      const rewritten = withInt8Activations(model, options.unsignedWeights);
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
        reply = await request(
          worker,
          chunk.map((t) => t.text),
        );
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

/** Short texts both weight forms embed before the build keeps the faster one. */
const PROBE_TEXTS = [
  'Racing game. Drive 40 licensed cars on 12 tracks in career and split-screen modes.',
  'Stainless steel water bottle, 750 ml, keeps drinks cold for 24 hours.',
  'Office chair with lumbar support, adjustable arm rests and breathable mesh back.',
  'A puzzle game of light and mirrors: 120 hand-made levels, no timers, a calm soundtrack.',
];
/** Both forms compute the same integers where the kernel is exact; they agree to rounding. */
const SAME_VECTORS_COSINE = 0.9999;

/**
 * `count` threads with int8 activations, their weights as int8 where that is exact on this CPU,
 * else as uint8 (int8-activations.ts: without VNNI, onnxruntime's int8 x86 kernel saturates and
 * the build's vectors drifted to cosine .88-.99 of the page's). One uint8 thread embeds the probe
 * texts beside an int8 one: uint8 never saturates, so disagreement means int8 is not exact here.
 * Returns the threads and, when uint8 was chosen, why.
 */
async function chooseWeights(
  setupOf: (unsignedWeights: boolean) => EmbedWorkerSetup,
  count: number,
): Promise<{ threads: { worker: Worker; dims: number }[]; note?: string }> {
  const signed = await startThreads(setupOf(false), count);
  let probe: { worker: Worker; dims: number }[];
  try {
    probe = await startThreads(setupOf(true), 1);
  } catch (err) {
    await Promise.all(signed.map((t) => t.worker.terminate()));
    throw err;
  }
  const stopAll = (threads: { worker: Worker }[]) => Promise.all(threads.map((t) => t.worker.terminate()));
  let worst = 1;
  try {
    const [a, b] = await Promise.all([request(signed[0]!.worker, PROBE_TEXTS), request(probe[0]!.worker, PROBE_TEXTS)]);
    const d = signed[0]!.dims;
    for (let i = 0; i < PROBE_TEXTS.length; i++)
      worst = Math.min(worst, cosine(a.vectors.subarray(i * d, (i + 1) * d), b.vectors.subarray(i * d, (i + 1) * d)));
  } catch (err) {
    await stopAll([...signed, ...probe]);
    throw err;
  }
  if (worst >= SAME_VECTORS_COSINE) {
    await stopAll(probe);
    return { threads: signed };
  }
  await stopAll(signed);
  const more =
    count > 1
      ? await startThreads(setupOf(true), count - 1).catch(async (err: unknown) => {
          await stopAll(probe);
          throw err;
        })
      : [];
  return {
    threads: [...probe, ...more],
    note: `int8 weights run as uint8: this CPU's int8 kernel is not exact (probe cosine ${worst.toFixed(3)}, as on x86 without VNNI)`,
  };
}

/** Loads the built-in model in onnxruntime-node threads; throws MODEL_FAILED (with the install command when it is missing). */
export async function createNativeEncoder(options: NativeEncoderOptions): Promise<Encoder> {
  const version = onnxRuntimeVersion();
  const { spec, dtype } = options;
  const tokenizer = {
    json: readFileSync(join(options.folder, 'tokenizer.json'), 'utf8'),
    config: readFileSync(join(options.folder, 'tokenizer_config.json'), 'utf8'),
  };
  // Each form derived once: the probe and the threads that switch to uint8 share one rewrite.
  const setups = new Map<boolean | undefined, EmbedWorkerSetup>();
  const setupOf = (unsignedWeights: boolean | undefined): EmbedWorkerSetup => {
    const known = setups.get(unsignedWeights);
    if (known) return known;
    const { model, sessionConfig } = derivedModel({ ...options, unsignedWeights });
    const setup = {
      model,
      tokenizer,
      spec: { pooling: spec.pooling, normalize: spec.normalize, maxTokens: spec.maxTokens, addSpecialTokens: spec.addSpecialTokens },
      sessionConfig,
    };
    setups.set(unsignedWeights, setup);
    return setup;
  };
  const count = Math.max(1, Math.min(options.threads ?? availableParallelism(), MAX_THREADS));
  const { threads, note } =
    dtype === 'q8' && options.int8Activations && options.unsignedWeights === undefined
      ? await chooseWeights(setupOf, count)
      : { threads: await startThreads(setupOf(options.unsignedWeights), count), note: undefined };
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
      reason: `Node: onnxruntime-node ${version}, ${workers.length} threads of one session each${note ? `; ${note}` : ''}`,
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
