/**
 * Sets transformers.js up in a browser (the worker): every file from the page's own origin, model
 * files verified against the manifest before use and before caching, and onnxruntime-web imported
 * from its own same-origin URL so a strict Content-Security-Policy allows it.
 */
import { createError, ErrorCodes } from '../errors.ts';
import type { FetchLike } from '../fetch-like.ts';
import { DEFAULT_STALL_MS } from '../network/stall-watch.ts';
import type { Backend } from '../types/index.ts';
import { fetchModelManifest } from './manifest.ts';
import type { ModelSpec } from './registry.ts';
import type { RuntimeFlavour } from './runtime-flavours.ts';
import { preloadRuntimeModule } from './runtime-module.ts';
import { fetchRuntimeWasm } from './runtime-wasm.ts';
import { createVerifiedCache, openModelStorage, savedManifest, saveManifest } from './verified-cache.ts';
import { createVerifiedFetch, type FetchFailure } from './verified-fetch.ts';

type Transformers = typeof import('@huggingface/transformers');

/** What `prepareBrowser` needs. */
export interface BrowserOptions {
  modelBase: string;
  wasmBase?: string | undefined;
  manifestUrl?: string | undefined;
  /** Where the model runs (device.ts `chooseBackend`, decided before transformers.js is imported). */
  backend: Backend;
  /** The onnxruntime-web build the imported transformers.js was bundled on (runtime-flavours.ts). */
  runtime: Pick<RuntimeFlavour, 'mjs' | 'wasm'>;
  allowRemote?: boolean | undefined;
  stallMs?: number | undefined;
}

/** The prepared environment. */
export interface BrowserLoad {
  backend: Backend;
  /** Requests that did not answer OK, for the error message of a failed load. */
  failures: FetchFailure[];
  /** The runtime's URLs, checked when a load fails for an unclear reason. */
  runtimeFiles: string[];
  /** Call once the model loaded: keeps the manifest its cached files were verified against. */
  loaded(): Promise<void>;
}

const network: FetchLike = (input, init) => fetch(input, init);

/** Configures `hf.env` for `spec`; throws MODEL_FAILED when the manifest is missing or invalid. */
export async function prepareBrowser(hf: Transformers, spec: ModelSpec, options: BrowserOptions): Promise<BrowserLoad> {
  const env = hf.env;
  const failures: FetchFailure[] = [];
  let loaded = async () => {};
  if (!options.wasmBase)
    throw createError(ErrorCodes.INVALID_OPTION, 'wasmBase is required in a browser: onnxruntime-web files must come from the page origin');
  // transformers.js treats an http(s) localModelPath as "remote" and refuses it, so a built-in model
  // is fetched through the hub code path with the page's own model folder as the host.
  env.allowLocalModels = false;
  if (spec.builtin) {
    const folder = new URL(`${spec.id}/`, options.modelBase).href;
    const manifestUrl = new URL(options.manifestUrl ?? 'manifest.json', folder).href;
    const storage = await openModelStorage();
    const { manifest, text } = await fetchModelManifest(manifestUrl, network, storage && (() => savedManifest(storage, manifestUrl)));
    env.remoteHost = options.modelBase;
    env.remotePathTemplate = '{model}/';
    env.allowRemoteModels = true;
    env.fetch = createVerifiedFetch({ manifest, folder, fetch: network, failures });
    // Never transformers.js's own store: it caches whatever arrived, corrupt or not, forever.
    env.useBrowserCache = false;
    env.useCustomCache = Boolean(storage);
    env.customCache = storage ? createVerifiedCache(storage, manifest) : null;
    if (storage) loaded = () => saveManifest(storage, manifestUrl, text);
  } else if (!options.allowRemote) {
    throw createError(
      ErrorCodes.INVALID_OPTION,
      `model "${spec.id}" is not built in; set allowRemote to fetch it from the Hugging Face Hub`,
    );
  } else {
    // A hub model has no manifest: transformers.js's defaults, with failed requests recorded.
    env.remoteHost = 'https://huggingface.co/';
    env.remotePathTemplate = '{model}/resolve/{revision}/';
    env.allowRemoteModels = true;
    env.fetch = createVerifiedFetch({ fetch: network, failures });
    env.useCustomCache = false;
    env.customCache = null;
    env.useBrowserCache = typeof caches !== 'undefined';
  }
  const { backend, runtime } = options;
  const base = options.wasmBase.endsWith('/') ? options.wasmBase : `${options.wasmBase}/`;
  const wasm = env.backends.onnx.wasm!;
  const runtimeFiles = { mjs: `${base}${runtime.mjs}`, wasm: `${base}${runtime.wasm}` };
  wasm.wasmPaths = { ...runtimeFiles };
  // Fetched here and handed over as bytes: onnxruntime-web's own fetch falls back, when its stream
  // breaks, to a synchronous XMLHttpRequest that no watchdog can stop, so a held connection froze
  // the worker for good (e2e/stalls.spec.ts). Through `fetch`, the worker's stall watchdog applies.
  // Compilation is lazy in V8, so losing streaming compilation costs ~0.15 s for the 27 MB module
  // (the WebGPU-capable build's; the WASM-only build's is 14 MB).
  // Compressed on the wire whatever the host can negotiate (runtime-wasm.ts).
  // The .mjs is a dynamic import inside onnxruntime-web, outside any fetch hook: loaded here first,
  // under the watchdog and a deadline, beside the WASM (runtime-module.ts).
  const [wasmBinary] = await Promise.all([
    fetchRuntimeWasm(network, runtimeFiles.wasm),
    preloadRuntimeModule(network, runtimeFiles.mjs, options.stallMs ?? DEFAULT_STALL_MS),
  ]);
  wasm.wasmBinary = wasmBinary;
  wasm.numThreads = backend.threads;
  wasm.proxy = false;
  // transformers.js's WASM cache re-imports onnxruntime-web's .mjs from a `blob:` URL (and its
  // threads' workers then start from that blob), which `script-src 'self'` / `worker-src 'self'`
  // block. Off, onnxruntime-web imports the .mjs from its own same-origin URL and fetches the .wasm
  // itself (the HTTP cache keeps both).
  env.useWasmCache = false;
  return { backend, failures, runtimeFiles: [runtimeFiles.mjs, runtimeFiles.wasm], loaded };
}
