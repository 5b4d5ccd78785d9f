/**
 * The text encoder: the same code in Node (tests, eval, tools; onnxruntime-node) and in the browser
 * worker (onnxruntime-web). Everything model-specific comes from the registry. In a browser the
 * model files are verified against the model's manifest before use and before caching
 * (browser-env.ts); any load failure becomes one MODEL_FAILED naming the file (load-errors.ts).
 */
import { createError, ErrorCodes, throwIfAborted } from '../errors.ts';
import { DEFAULT_STALL_MS } from '../network/stall-watch.ts';
import type { Backend } from '../types/index.ts';
import { type BrowserLoad, prepareBrowser } from './browser-env.ts';
import { chooseBackend } from './device.ts';
import { explainLoadFailure } from './load-errors.ts';
import { nodeSessionOptions, prepareNode } from './node-env.ts';
import { pool, type TensorLike } from './pool.ts';
import { type ModelSpec, resolveModel } from './registry.ts';
import { flavourOf, RUNTIME_FLAVOURS } from './runtime-flavours.ts';
import { importWatched } from './runtime-module.ts';
import { runOrder } from './text-input.ts';

/** Options for `createEncoder`. */
export interface EncoderOptions {
  /** Registry id or Hugging Face id. Default `use-lite-en`. */
  model?: string;
  /** `fp32` or `q8` (weight-only int8, ~4x smaller download). Default `q8` in browsers, `fp32` in Node. */
  dtype?: 'fp32' | 'q8';
  /**
   * Where model folders live: a URL (browser, e.g. `new URL('./models/', scriptUrl)`) or a directory
   * path (Node). The built-in model is always loaded from here, never from a hub.
   */
  modelBase: string;
  /** Browser only: URL of the folder holding onnxruntime-web's `.wasm`/`.mjs` files (same origin). */
  wasmBase?: string;
  /**
   * Browser only, built-in models: the integrity manifest (byte size and SHA-256 of every model
   * file), resolved against the model's folder. Default `manifest.json` in that folder, i.e.
   * `{modelBase}{model}/manifest.json`. Fetched fresh on every load; files that do not match it are
   * never used or cached.
   */
  manifestUrl?: string;
  /** Browser only: `auto` picks WebGPU only on a real (non-fallback) adapter. */
  device?: 'auto' | 'webgpu' | 'wasm';
  /** Browser only: WASM threads when cross-origin isolated. Default all cores but one, at most 4. */
  threads?: number;
  /** Texts per model run. Default 32. */
  batchSize?: number;
  /** Allow fetching non-built-in models from the Hugging Face Hub. Default false. */
  allowRemote?: boolean;
  /**
   * Browser only: how long onnxruntime-web's `.mjs` import may take once its bytes are in (ms,
   * default 15 s, the stall watchdog's default); runtime-module.ts says why.
   */
  stallMs?: number;
  /**
   * Browser only: the folder of transformers.js bundled as modules of their own
   * (`inpage-rec.encoder.js` and `inpage-rec.encoder-webgpu.js` beside the worker): the one for the
   * chosen backend's onnxruntime-web build is imported on the first load (runtime-flavours.ts). The
   * worker's script then does not carry it: it is two thirds of the worker's bytes (202 -> 75 KB of
   * brotli), which every visit downloads and compiles, while a visit with prebuilt vectors loads the
   * model only for a search. Unset: the package itself is imported (Node: tests, eval and the build
   * CLI; a page's own bundle, on the WebGPU-capable build transformers.js imports).
   */
  moduleBase?: string;
}

/** Per-call options of `embed`. */
export interface EmbedOptions {
  signal?: AbortSignal;
  /** Called after each batch with texts done so far and the total. */
  onProgress?: (done: number, total: number) => void;
  /** Overrides the encoder's batch size for this call. */
  batchSize?: number;
}

/** A loaded encoder. */
export interface Encoder {
  readonly spec: ModelSpec;
  readonly dims: number;
  readonly dtype: 'fp32' | 'q8';
  readonly backend: Backend;
  /** How many model runs (batches) this encoder has executed; tests count encoder work with it. */
  readonly runs: number;
  /** Cumulative milliseconds spent tokenising, in the model, and pooling: where the time goes. */
  readonly timings: { tokenizeMs: number; inferenceMs: number; poolMs: number };
  /** Embeds `texts`; returns one Float32Array of `texts.length * dims`, rows in input order. */
  embed(texts: readonly string[], options?: EmbedOptions): Promise<Float32Array>;
  /** Releases the model session. */
  dispose(): Promise<void>;
}

type Transformers = typeof import('@huggingface/transformers');
type Tokenizer = Awaited<ReturnType<Transformers['AutoTokenizer']['from_pretrained']>>;
type Model = Awaited<ReturnType<Transformers['AutoModel']['from_pretrained']>>;

const IS_NODE =
  typeof process !== 'undefined' &&
  Boolean(process.versions?.node) &&
  typeof window === 'undefined' &&
  typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope === 'undefined';

/** Loads the model and tokenizer and returns a ready encoder. */
export async function createEncoder(options: EncoderOptions): Promise<Encoder> {
  const spec = resolveModel(options.model);
  const dtype = options.dtype ?? (IS_NODE ? 'fp32' : 'q8');
  const modelBase = options.modelBase.endsWith('/') ? options.modelBase : `${options.modelBase}/`;
  const { backend, tokenizer, model } = await loadModel(spec, dtype, { ...options, modelBase });
  const runner = new BatchRunner(tokenizer, model, spec);
  const dims = spec.dims ?? (await runner.run(['dims probe'])).dims;
  const defaultBatch = options.batchSize ?? 32;

  return {
    spec,
    dims,
    dtype,
    backend,
    get runs() {
      return runner.runs;
    },
    timings: runner.timings,
    async embed(texts, opts = {}) {
      return embedInOrder(runner, texts, dims, spec.maxTokens * 16, { ...opts, batchSize: Math.max(1, opts.batchSize ?? defaultBatch) });
    },
    async dispose() {
      await model.dispose();
    },
  };
}

/**
 * The tokenizer and model of `spec`, on the backend this environment gets (Node: onnxruntime-node;
 * browser: verified model files, WebGPU or WASM). Any failure becomes one MODEL_FAILED naming the
 * file or setting at fault (load-errors.ts).
 */
async function loadModel(
  spec: ModelSpec,
  dtype: 'fp32' | 'q8',
  options: EncoderOptions,
): Promise<{ backend: Backend; tokenizer: Tokenizer; model: Model }> {
  // In a browser the backend comes first: it decides which onnxruntime-web build (and so which
  // encoder module) to load.
  const chosen = IS_NODE ? undefined : await chooseBackend(options.device ?? 'auto', undefined, options.threads);
  const runtime = chosen && options.moduleBase ? flavourOf(chosen) : RUNTIME_FLAVOURS.webgpu;
  const hf: Transformers =
    options.moduleBase && !IS_NODE
      ? await importWatched<Transformers>(
          fetch,
          new URL(runtime.module, options.moduleBase).href,
          options.stallMs ?? DEFAULT_STALL_MS,
          'the encoder module',
        )
      : await import('@huggingface/transformers');
  const { modelBase } = options;
  let backend: Backend;
  let browser: BrowserLoad | undefined;
  let tokenizer: Tokenizer;
  let model: Model;
  try {
    if (!chosen) {
      backend = prepareNode(hf, spec, modelBase, Boolean(options.allowRemote), dtype);
    } else {
      browser = await prepareBrowser(hf, spec, { ...options, backend: chosen, runtime });
      backend = browser.backend;
    }
    tokenizer = await hf.AutoTokenizer.from_pretrained(spec.id);
    model = await hf.AutoModel.from_pretrained(spec.id, {
      dtype,
      device: backend.device === 'cpu' ? 'cpu' : backend.device,
      ...(IS_NODE ? { session_options: nodeSessionOptions(dtype) } : {}),
    });
  } catch (err) {
    throw await explainLoadFailure(err, {
      model: spec.id,
      dtype,
      modelBase,
      failures: browser?.failures ?? [],
      runtimeFiles: browser?.runtimeFiles ?? [],
    });
  }
  await browser?.loaded();
  return { backend, tokenizer, model };
}

/** One model run per batch of texts, counted and timed (tokenising, inference, pooling). */
class BatchRunner {
  runs = 0;
  readonly timings = { tokenizeMs: 0, inferenceMs: 0, poolMs: 0 };

  constructor(
    private readonly tokenizer: Tokenizer,
    private readonly model: Model,
    private readonly spec: ModelSpec,
  ) {}

  /** The pooled vectors of `texts`, `texts.length * dims` floats. */
  async run(texts: string[]): Promise<{ data: Float32Array; dims: number }> {
    const { spec } = this;
    const t0 = performance.now();
    const inputs = this.tokenizer(texts, {
      padding: true,
      truncation: true,
      max_length: spec.maxTokens,
      add_special_tokens: spec.addSpecialTokens,
    });
    const t1 = performance.now();
    const output = (await this.model(inputs)) as { last_hidden_state?: TensorLike };
    const t2 = performance.now();
    this.runs++;
    const hidden = output.last_hidden_state;
    if (!hidden) throw createError(ErrorCodes.MODEL_FAILED, `model "${spec.id}" has no last_hidden_state output`);
    const pooled = pool(hidden, (inputs as { attention_mask: TensorLike }).attention_mask, spec);
    this.timings.tokenizeMs += t1 - t0;
    this.timings.inferenceMs += t2 - t1;
    this.timings.poolMs += performance.now() - t2;
    return pooled;
  }
}

/**
 * `texts` embedded in batches of `opts.batchSize`, rows in input order. Texts are capped at
 * `maxChars` code points; blank ones are not run and keep a zero row.
 */
async function embedInOrder(
  runner: BatchRunner,
  texts: readonly string[],
  dims: number,
  maxChars: number,
  opts: EmbedOptions & { batchSize: number },
): Promise<Float32Array> {
  const out = new Float32Array(texts.length * dims);
  const todo = runOrder(texts, maxChars);
  let done = texts.length - todo.length;
  opts.onProgress?.(done, texts.length);
  for (let start = 0; start < todo.length; start += opts.batchSize) {
    throwIfAborted(opts.signal);
    const batch = todo.slice(start, start + opts.batchSize);
    const { data } = await runner.run(batch.map((t) => t.text));
    batch.forEach((t, row) => {
      out.set(data.subarray(row * dims, (row + 1) * dims), t.i * dims);
    });
    done += batch.length;
    opts.onProgress?.(done, texts.length);
  }
  return out;
}
