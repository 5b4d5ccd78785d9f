/**
 * `createRecommender`'s options, checked on the page before a worker starts: a misspelt option or
 * a wrong type fails at once, naming the option, instead of being ignored or failing later in
 * the worker. Turns valid options into the worker's configuration.
 */
import { textRuleProblem } from './catalog/text.ts';
import { INTEGRITY_PATTERN } from './digest/integrity.ts';
import { createError, describeValue, ErrorCodes } from './errors.ts';
import { DEFAULT_STALL_MS } from './network/stall-watch.ts';
import { INDEX_KINDS, type RecommenderOptions } from './types/index.ts';
import type { EngineConfig } from './worker/protocol.ts';

type OptionName = keyof RecommenderOptions;

/** Every option with its check; a new option is added here and in `RecommenderOptions`. */
const CHECKS: Record<OptionName, (v: unknown) => string | undefined> = {
  catalog: (v) => (Array.isArray(v) || isUrlLike(v) ? undefined : 'must be an array of items or a URL'),
  namespace: (v) => (typeof v === 'string' && v !== '' ? undefined : 'must be a non-empty string'),
  model: (v) => (typeof v === 'string' && v !== '' ? undefined : 'must be a model id such as "use-lite-en"'),
  dtype: (v) => oneOf(v, ['fp32', 'q8']),
  device: (v) => oneOf(v, ['auto', 'webgpu', 'wasm']),
  threads: (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 16 ? undefined : 'must be an integer from 1 to 16'),
  textRule: textRuleProblem,
  index: (v) => oneOf(v, ['auto', ...INDEX_KINDS]),
  batchSize: (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 512 ? undefined : 'must be an integer from 1 to 512'),
  assetsBase: (v) => (isUrlLike(v) ? undefined : 'must be a URL'),
  allowRemoteModels: (v) => (typeof v === 'boolean' ? undefined : 'must be true or false'),
  vectors: (v) => (isUrlLike(v) ? undefined : 'must be the URL of a prebuilt vectors manifest.json'),
  preloadModel: (v) => (typeof v === 'boolean' ? undefined : 'must be true or false'),
  checkVectorsAtIdle: (v) => (typeof v === 'boolean' ? undefined : 'must be true or false'),
  vectorsIntegrity: (v) =>
    typeof v === 'string' && INTEGRITY_PATTERN.test(v)
      ? undefined
      : 'must be "sha256-" and a base64 SHA-256 (as `inpage-rec build` prints it)',
  remote: (v) => (isUrlLike(v) ? undefined : 'must be the URL of a retrieval endpoint'),
  remoteTimeoutMs: (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= 100 && v <= 60_000 ? undefined : 'must be an integer from 100 to 60000 (ms)',
  stallTimeoutMs: (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= 100 && v <= 600_000 ? undefined : 'must be an integer from 100 to 600000 (ms)',
  // Under 5 s a busy but healthy worker could be taken for stuck (worker-heartbeat.ts).
  workerTimeoutMs: (v) =>
    typeof v === 'number' && Number.isInteger(v) && (v === 0 || (v >= 5000 && v <= 600_000))
      ? undefined
      : 'must be 0 (no watch) or an integer from 5000 to 600000 (ms)',
};

function isUrlLike(v: unknown): v is string | URL {
  return (typeof v === 'string' && v !== '') || v instanceof URL;
}

function oneOf(v: unknown, allowed: readonly string[]): string | undefined {
  return typeof v === 'string' && allowed.includes(v) ? undefined : `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}`;
}

/** Throws INVALID_OPTION naming the first unknown or invalid option. */
export function checkOptions(options: unknown): asserts options is RecommenderOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw createError(ErrorCodes.INVALID_OPTION, 'createRecommender needs an options object with a `catalog` (items or a URL)');
  }
  for (const [name, value] of Object.entries(options)) {
    const check = Object.hasOwn(CHECKS, name) ? CHECKS[name as OptionName] : undefined;
    if (!check) {
      throw createError(
        ErrorCodes.INVALID_OPTION,
        `createRecommender: unknown option "${name}" (known: ${Object.keys(CHECKS).join(', ')})`,
      );
    }
    if (value === undefined) continue;
    const problem = check(value);
    if (problem)
      throw createError(ErrorCodes.INVALID_OPTION, `createRecommender: option "${name}" ${problem}, got ${describeValue(value)}`);
  }
  const { catalog, remote } = options as RecommenderOptions;
  if (catalog === undefined && remote === undefined) {
    throw createError(ErrorCodes.INVALID_OPTION, 'createRecommender needs a `catalog` (items or a URL) or a `remote` endpoint');
  }
}

/** Checks the catalog given to `update()`: items or a URL, nothing else (never `null` fetched as "/null"). */
export function checkCatalogSource(catalog: unknown, method: string): asserts catalog is unknown[] | string | URL {
  if (!Array.isArray(catalog) && !isUrlLike(catalog)) {
    throw createError(
      ErrorCodes.INVALID_OPTION,
      `${method}: the catalog must be an array of items or a URL, got ${describeValue(catalog)}`,
    );
  }
}

/** The default time limit of a request to a retrieval endpoint, ms. */
export const DEFAULT_REMOTE_TIMEOUT_MS = 3000;

/** The worker's configuration from checked options and resolved URLs (`remote` absolute, if given). */
export function engineConfig(
  options: RecommenderOptions,
  catalog: unknown[] | string | undefined,
  assetsBase: string,
  remote?: string,
): EngineConfig {
  return {
    ...(catalog === undefined ? {} : { catalog }),
    ...(remote === undefined ? {} : { remote: { url: remote, timeoutMs: options.remoteTimeoutMs ?? DEFAULT_REMOTE_TIMEOUT_MS } }),
    namespace: options.namespace ?? defaultNamespace(catalog, remote),
    model: options.model ?? 'use-lite-en',
    dtype: options.dtype ?? 'q8',
    device: options.device ?? 'auto',
    ...(options.threads === undefined ? {} : { threads: options.threads }),
    assetsBase,
    index: options.index ?? 'auto',
    textRule: options.textRule,
    batchSize: options.batchSize ?? 32,
    allowRemoteModels: Boolean(options.allowRemoteModels),
    ...(options.vectors === undefined ? {} : { vectors: new URL(options.vectors, globalThis.location?.href).href }),
    preloadModel: Boolean(options.preloadModel),
    ...(options.vectorsIntegrity === undefined ? {} : { vectorsIntegrity: options.vectorsIntegrity }),
    stallTimeoutMs: options.stallTimeoutMs ?? DEFAULT_STALL_MS,
  };
}

/**
 * One IndexedDB database per catalog URL's path by default; a page whose endpoint ranks alone
 * keeps its history under the endpoint's path (`remote:/api/rec`), apart from any catalog's.
 */
function defaultNamespace(catalog: unknown[] | string | undefined, remote: string | undefined): string {
  if (typeof catalog === 'string') return new URL(catalog).pathname;
  if (catalog === undefined && remote !== undefined) return `remote:${new URL(remote).pathname}`;
  return 'default';
}
