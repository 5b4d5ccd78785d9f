/**
 * The steps of `inpage-rec build` (build.ts) that decide what must be embedded: the model file the
 * artifact names, the codes of the previous build that can be kept, and the embedding of the rest.
 * The encoder is loaded only when a step needs it, so an unchanged catalog never loads the model.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ArtifactModel } from '../artifact/format.ts';
import { type ItemCode, quantize, quantizeWithLength } from '../artifact/quantize.ts';
import type { CatalogEntry } from '../catalog/index.ts';
import { validateCatalog } from '../catalog/validate.ts';
import { createEncoder, type Encoder } from '../encoder/encoder.ts';
import { projectedEncoder } from '../encoder/projected.ts';
import { type ModelSpec, resolveModel } from '../encoder/registry.ts';
import { modelKey } from '../model-key.ts';
import type { CatalogReport } from '../types/index.ts';
import type { Projection } from '../vector-index/projection.ts';
import type { BuildIO } from './build.ts';
import { embedNew } from './embed-new.ts';
import { hashModelFile, missingWeightsError, modelFileFor } from './model-files.ts';
import { createNativeEncoder } from './native-encoder.ts';
import type { BuildOptions } from './options.ts';
import { previousFileNames, readPrevious, writtenFiles } from './output.ts';
import type { PatchHistory } from './patches.ts';
import {
  type BuildProjection,
  buildDims,
  codeBitsFor,
  FIT_CODE_BITS,
  fitAndProject,
  PROJECTED_CODE_BITS,
  previousProjection,
  projectedArtifactModel,
} from './projection-step.ts';
import { loadTransformers } from './transformers.ts';

/** The build's encoder, loaded on first use; `loadMs` is the time that took (0 if never). */
export class LazyEncoder {
  private encoder: Encoder | undefined;
  private projection: Projection | undefined;
  /** A first `--dims` build: its raw vectors are coded wide until the projection is fitted. */
  private fitting = false;
  loadMs = 0;

  constructor(
    private readonly model: string,
    private readonly options: BuildOptions,
    private readonly modelsDir: string,
  ) {}

  /** From now on `get()` gives vectors projected by `projection` (`--dims`, a reused projection). */
  project(projection: Projection): void {
    this.projection = projection;
  }

  /** The vectors it gives now will be projected once a projection is fitted on them (`--dims`). */
  fitPending(): void {
    this.fitting = true;
  }

  /**
   * How to code this encoder's vectors: projected ones keep their length, in
   * {@link PROJECTED_CODE_BITS}; raw ones waiting for a fit in {@link FIT_CODE_BITS}; else int8.
   */
  get code(): (vector: Float32Array) => ItemCode {
    if (this.projection) return (v) => quantizeWithLength(v, PROJECTED_CODE_BITS);
    return this.fitting ? (v) => quantize(v, FIT_CODE_BITS) : (v) => quantize(v);
  }

  /** The encoder, loading it the first time. */
  async get(): Promise<Encoder> {
    if (this.encoder) return this.projection ? projectedEncoder(this.encoder, this.projection) : this.encoder;
    const start = performance.now();
    const spec = resolveModel(this.model);
    if (spec.builtin) {
      // onnxruntime-node alone, one thread per core (native-encoder.ts); q8 weights with int8
      // activations: ~2x the embedding rate (int8-activations.ts).
      this.encoder = await createNativeEncoder({
        spec,
        dtype: this.options.dtype,
        folder: join(this.modelsDir, spec.id),
        int8Activations: !this.options.floatActivations,
      });
    } else {
      // A Hugging Face model (from the hub or --models-dir) runs through transformers.js.
      await loadTransformers();
      this.encoder = await createEncoder({
        model: this.model,
        dtype: this.options.dtype,
        modelBase: this.modelsDir,
        batchSize: this.options.batchSize,
        allowRemote: this.options.allowRemoteModels,
      });
    }
    this.loadMs += performance.now() - start;
    return this.get();
  }

  /** What runs the loaded model, or undefined when it was never loaded. */
  get backend(): Encoder['backend'] | undefined {
    return this.encoder?.backend;
  }

  /** The loaded encoder's own timings, or undefined when it was never loaded. */
  get timings(): Encoder['timings'] | undefined {
    return this.encoder?.timings;
  }

  /** Releases the model session (its threads), if one was loaded. */
  async dispose(): Promise<void> {
    await this.encoder?.dispose();
  }
}

/**
 * The model as the artifact names it: its id, dtype, dims and key, the weights file and its
 * SHA-256 (a previous build is reused only when made from the same file). Throws `MODEL_FAILED`
 * when a built-in model's weights are missing.
 */
export async function buildModel(spec: ModelSpec, options: BuildOptions, modelsDir: string, encoder: LazyEncoder): Promise<ArtifactModel> {
  // Built-in models know their dims, so an unchanged catalog never loads the model at all.
  const dims = spec.dims ?? (await encoder.get()).dims;
  const key = modelKey(spec.id, dims, options.dtype);
  const file = modelFileFor(options.dtype);
  const weights = join(modelsDir, spec.id, file);
  if (spec.builtin && !existsSync(weights)) throw missingWeightsError(options.dtype, weights, options.modelsDir !== undefined);
  const hf = spec.builtin ? undefined : await loadTransformers();
  const { sha256 } = await hashModelFile(spec.id, file, hf?.env.cacheDir ? [modelsDir, hf.env.cacheDir] : [modelsDir]);
  return { id: spec.id, dtype: options.dtype, dims, key, file, sha256 };
}

/** What the previous build in the output folder contributes. */
export interface PreviousCodes {
  /** Codes by content hash, from a previous build of the same model file (else empty). */
  stored: Map<string, ItemCode>;
  /** How it was used: `none`, `reused`, or why it was ignored (the summary's `previous`). */
  note: string;
  /** Its item keys, to count the items removed since. */
  keys: readonly string[];
  /** Its file names, which writing the new build replaces. */
  files: readonly string[];
  /** What it tells about older builds, for this build's patches (none when its codes are not reused). */
  history?: PatchHistory;
}

/** Reads the previous build (unless `--full`) and keeps its codes when the same model file made them. */
export async function previousCodes(options: BuildOptions, model: ArtifactModel, io: BuildIO): Promise<PreviousCodes> {
  const previous = options.full ? { kind: 'none' as const } : await readPrevious(options.out);
  const stored = new Map<string, ItemCode>();
  // --full replaces a previous build without reading it: its files are still removed after.
  if (previous.kind === 'none')
    return {
      stored,
      note: options.full ? 'ignored (--full)' : 'none',
      keys: [],
      files: options.full ? await previousFileNames(options.out) : [],
    };
  if (previous.kind === 'unusable') {
    io.warn(`warning: the previous build in ${options.out} is unusable, embedding everything (${previous.problem})`);
    return { stored, note: `ignored: ${previous.problem}`, keys: [], files: previous.files };
  }
  const a = previous.artifact;
  const files = writtenFiles(a.manifest);
  if (a.manifest.model.key !== model.key || a.manifest.model.sha256 !== model.sha256) {
    const note = `ignored: made by ${a.manifest.model.key} (model file ${a.manifest.model.sha256.slice(0, 12)}), this build uses ${model.key} (${model.sha256.slice(0, 12)})`;
    io.warn(`warning: the previous build in ${options.out} comes from another model; embedding everything`);
    return { stored, note, keys: [], files };
  }
  const bits = codeBitsFor(model);
  if (a.codeBits !== bits) {
    const note = `ignored: its codes have ${a.codeBits} bits per dimension, this build writes ${bits}`;
    io.warn(`warning: the previous build in ${options.out} codes its vectors in ${a.codeBits} bits; embedding everything`);
    return { stored, note, keys: [], files };
  }
  const dims = model.dims;
  for (let i = 0; i < a.count; i++) stored.set(a.hashes[i]!, { code: a.codes.subarray(i * dims, (i + 1) * dims), scale: a.scales[i]! });
  for (const name of previous.unreadable)
    io.warn(
      `warning: ${name} of the previous build in ${options.out} is missing or corrupt; visitors of the build it started from will fetch the whole binary`,
    );
  const history: PatchHistory = {
    base: a.manifest.files[0]!.sha256,
    hashes: new Map(a.keys.map((key, i) => [key, a.hashes[i]!])),
    patches: previous.patches,
    catalogs: [...(a.manifest.catalog ? [a.manifest.catalog.sha256] : []), ...(a.manifest.catalogPatches ?? []).map((p) => p.from)],
  };
  return { stored, note: 'reused', keys: a.keys, files, history };
}

/**
 * Embeds every text of `entries` whose hash has no code in `stored` yet, adding the codes there.
 * Returns the texts embedded (by hash) and the milliseconds that took.
 */
export async function embedMissing(
  entries: readonly CatalogEntry[],
  stored: Map<string, ItemCode>,
  encoder: LazyEncoder,
  io: BuildIO,
): Promise<{ todo: ReadonlyMap<string, string>; ms: number }> {
  // One model run per distinct new text: catalogs often repeat texts (variants, duplicates).
  const todo = new Map<string, string>();
  for (const e of entries) if (!stored.has(e.hash) && !todo.has(e.hash)) todo.set(e.hash, e.text);
  if (todo.size === 0) return { todo, ms: 0 };
  const enc = await encoder.get();
  const bar = io.progress('embedding', todo.size);
  const start = performance.now();
  try {
    for (const [hash, code] of await embedNew(enc, todo, (done) => bar.update(done), encoder.code)) stored.set(hash, code);
  } finally {
    bar.stop();
  }
  return { todo, ms: performance.now() - start };
}

/** The catalog's entries and their codes, as the artifact keys them (see `catalogVectors`). */
export interface CatalogVectors {
  model: ArtifactModel;
  entries: CatalogEntry[];
  report: CatalogReport;
  previous: PreviousCodes;
  embedded: Awaited<ReturnType<typeof embedMissing>>;
  /** Items not embedded by this build (their codes came from the previous one). */
  reused: number;
  /** With `--dims`: the projection, reused from the previous build or fitted now. */
  projection: BuildProjection | undefined;
  tValidate: number;
}

/**
 * Validates the catalog under the model's key, keeps the previous build's codes and embeds the
 * rest. With `--dims` the vectors are projected (projection-step.ts): by the previous build's
 * projection when it has one, else by one fitted on this catalog once everything is embedded.
 */
export async function catalogVectors(
  options: BuildOptions,
  raw: readonly unknown[],
  base: ArtifactModel,
  encoder: LazyEncoder,
  io: BuildIO,
): Promise<CatalogVectors> {
  const dims = await buildDims(options.dims, options, base, raw.length);
  let projection = dims && !options.full ? await previousProjection(options.out, base, dims) : undefined;
  if (projection) encoder.project(projection.projection);
  else if (dims !== undefined) encoder.fitPending();
  let model = projection ? projectedArtifactModel(base, projection) : base;
  const t0 = performance.now();
  let { entries, report } = await validateCatalog(raw, { rule: options.textRule, modelKey: model.key });
  const tValidate = performance.now() - t0;
  const previous = await previousCodes(options, model, io);
  const embedded = await embedMissing(entries, previous.stored, encoder, io);
  const reused = entries.filter((e) => !embedded.todo.has(e.hash)).length;
  if (dims !== undefined && !projection) {
    // The first projected build: fit on what was just embedded (or reused from a build without it).
    const fitted = await fitAndProject(raw, options.textRule, base, dims, entries, previous.stored);
    ({ model, entries, report } = fitted);
    projection = fitted.fitted;
    previous.stored = fitted.stored;
  }
  return { model, entries, report, previous, embedded, reused, projection, tValidate };
}
